"""The ``trainer`` console script: bare ``trainer`` opens the app before the CLI is imported.

Trainees start the app far more often than any subcommand, and importing click with every
subcommand's modules cost about 100 ms of start-up the first screen would otherwise wait for.
"""

from __future__ import annotations

import sys


def main() -> None:
    if len(sys.argv) == 1:
        from trainer.tui.factory import run_app

        run_app()
        return
    from trainer.cli import main as cli

    cli()

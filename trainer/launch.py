"""The ``trainer`` console script: the two things run most start before click is imported.

Trainees start the app far more often than any subcommand, and scripts score replies one
command at a time; importing click with every subcommand's modules cost about 100 ms of the
app's first screen and a quarter of a cold ``trainer score``. Everything else, and any
``score`` argument list that needs click's reading or messages, goes to the click group.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def _leave() -> NoReturn:
    """Exit without tearing the interpreter down. The compiled rubric is some 200 000 objects and
    freeing them one by one took 20 ms of a 130 ms ``trainer score``; the output is flushed here
    and nothing on this path registers work for exit."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        os._exit(1)
    os._exit(0)


def main() -> None:
    args = sys.argv[1:]
    if not args:
        from trainer.tui.factory import run_app

        run_app()
        return
    if args[0] == "score":
        from trainer.cli.scoring import main as score

        if score(args[1:]):
            _leave()
    from trainer.cli.group import main as cli

    cli()

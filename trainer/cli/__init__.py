"""The ``trainer`` command: the TUI with no subcommand, plus scriptable subcommands.

Subcommands live in sibling modules and register themselves on ``main``; this module only
wires them up, so ``trainer --help`` stays the single list of what the tool can do.
"""

from __future__ import annotations

import click

from trainer import __version__


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="trainer")
@click.pass_context
def main(ctx: click.Context) -> None:
    """银行网点服务情景陪练 / Bank front-line service role-play trainer."""
    if ctx.invoked_subcommand is None:
        from trainer.tui.factory import run_app

        run_app()


from trainer.cli import authoring as _authoring, bench as _bench, db as _db, play as _play, report as _report, score as _score, serve as _serve  # noqa: E402,F401,I001

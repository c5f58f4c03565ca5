"""The ``trainer`` command: the TUI with no subcommand, plus scriptable subcommands.

Subcommands live in sibling modules and register themselves on ``main``; this module only
wires them up, so ``trainer --help`` stays the single list of what the tool can do.
"""

from __future__ import annotations

import click

from trainer import __version__
from trainer.cli.console import Group


@click.group(cls=Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="trainer", help="显示版本并退出 / Show the version and exit.")
@click.pass_context
def main(ctx: click.Context) -> None:
    """银行网点服务情景陪练 / Bank front-line service role-play trainer."""
    if ctx.invoked_subcommand is None:
        from trainer.tui.factory import run_app

        run_app()


from trainer.cli import authoring as _authoring, bench as _bench, play as _play, report as _report, score as _score, serve as _serve  # noqa: E402,F401,I001

"""The ``trainer`` click group: the TUI with no subcommand, plus scriptable subcommands.

Subcommands live in sibling modules and register themselves on ``main``; this module only
wires them up, so ``trainer --help`` stays the single list of what the tool can do. A module is
imported when one of its commands runs (or help lists them all): ``trainer score`` is timed
against a bare import of its libraries and should not pay for the authoring tools or reports.
"""

from __future__ import annotations

from importlib import import_module

import click

from trainer import __version__
from trainer.cli.console import Group

_MODULES = {"score": "score", "play": "play", "list": "play", "report": "report", "serve": "serve", "bench": "bench", "db": "db",
            **dict.fromkeys(("test", "schema", "lint", "graph", "preview", "new", "explore"), "authoring")}


class _Subcommands(Group):
    """Imports a subcommand's module only when that command runs, so ``trainer score`` stays light."""

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in _MODULES:
            import_module(f"trainer.cli.{_MODULES[name]}")
        return super().get_command(ctx, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for module in sorted(set(_MODULES.values())):
            import_module(f"trainer.cli.{module}")
        return super().list_commands(ctx)


@click.group(cls=_Subcommands, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="trainer", help="显示版本并退出 / Show the version and exit.")
@click.pass_context
def main(ctx: click.Context) -> None:
    """银行网点服务情景陪练 / Bank front-line service role-play trainer."""
    if ctx.invoked_subcommand is None:
        from trainer.tui.factory import run_app

        run_app()

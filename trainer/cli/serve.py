"""``trainer serve``: the same app in browsers, so a class joins with nothing installed.

Each browser tab runs its own ``trainer`` process (textual-serve), all writing to one store
(SQLite in WAL mode with retries), so the trainer's scoreboard sees results as they arrive.
"""

from __future__ import annotations

import shlex
import sys

import click

from trainer.cli import main

LOCAL = "127.0.0.1"


def serve_command() -> str:
    return f"{shlex.quote(sys.executable)} -m trainer"


@main.command()
@click.option("--host", default=LOCAL, show_default=True,
              help="Address to listen on. Only the local machine can connect unless you change it.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--public-url", default=None, help="The URL students type, when behind a proxy.")
def serve(host: str, port: int, public_url: str | None) -> None:
    """浏览器接入 / Serve the app to browsers (one app process per browser tab)."""
    from trainer.tui.server import make_server

    server = make_server(serve_command(), host, port, public_url)
    click.echo(f"trainer: serving on {server.public_url}" + ("" if host == LOCAL else f" (listening on {host})"))
    if host not in (LOCAL, "localhost", "::1"):
        click.echo("trainer: warning: reachable from other machines on the network", err=True)
    server.serve()

"""The textual-serve side of ``trainer serve``: kept under ``tui`` so only the UI layer knows textual."""

from __future__ import annotations


def make_server(command: str, host: str, port: int, public_url: str | None):
    from textual_serve.server import Server

    return Server(command, host=host, port=port, title="银行服务情景陪练", public_url=public_url)

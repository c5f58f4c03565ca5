"""``trainer bench``: performance figures, printed rather than asserted."""

from __future__ import annotations

import click

from trainer.cli.group import main


@main.command()
@click.option("--replies", default=2000, show_default=True, help="Generated replies to score.")
@click.option("--lexicon", default=5000, show_default=True, help="Size of the generated phrase lexicon.")
@click.option("--startup", is_flag=True, help="Instead: time the TUI's first screen against a bare Textual app.")
@click.option("--runs", default=7, show_default=True, type=click.IntRange(1, 100), help="Fresh-process runs per figure.")
@click.option("--serve", "serve_sessions", type=click.IntRange(1, 200), default=None,
              help="Instead: memory of N browser sessions of trainer serve (e.g. 40).")
@click.option("--store", "store_writers", type=click.IntRange(1, 200), default=None,
              help="Instead: turns per second committed by N writer processes (e.g. 40), SQLite and PostgreSQL.")
@click.option("--db", "server_url", metavar="URL", help="With --store: the PostgreSQL server (default TRAINER_DATABASE_URL).")
def bench(replies: int, lexicon: int, startup: bool, runs: int, serve_sessions: int | None, store_writers: int | None,
          server_url: str | None) -> None:
    """性能测试 / Print start-up, compile, per-reply, session-memory and store figures beside their baselines."""
    if store_writers:
        from trainer.bench.store import store_benchmark
        from trainer.paths import database_url

        store_benchmark(store_writers, server_url=server_url or database_url())
        return
    if serve_sessions:
        from trainer.bench.serve import serve_benchmark

        serve_benchmark(serve_sessions)
        return
    if startup:
        from trainer.bench.startup import startup_benchmark

        startup_benchmark(runs)
        return
    from trainer.bench.scoring import full_benchmark

    full_benchmark(replies, lexicon, runs)

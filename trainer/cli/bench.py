"""``trainer bench``: performance figures, printed rather than asserted."""

from __future__ import annotations

import click

from trainer.cli import main


@main.command()
@click.option("--replies", default=2000, show_default=True, help="Generated replies to score.")
@click.option("--lexicon", default=5000, show_default=True, help="Size of the generated phrase lexicon.")
def bench(replies: int, lexicon: int) -> None:
    """性能测试 / Print scorer speed figures (shipped rubric, large lexicon, naive baseline)."""
    from trainer.bench import scorer_benchmark

    scorer_benchmark(replies, lexicon)

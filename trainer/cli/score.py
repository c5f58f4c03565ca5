"""``trainer score``: the reply scorer from the command line (BRIEF §7 contract with --json).

This is the command as click lists and documents it; the work is in ``scoring``, which the
``trainer`` script also calls directly for the usual argument lists.
"""

from __future__ import annotations

import click

from trainer.cli.group import main
from trainer.cli.scoring import run


@main.command()
@click.argument("reply", required=False)
@click.option("--json", "as_json", is_flag=True,
              help="REPLY 是文件(- 为标准输入),每行一句,逐行输出 JSON / REPLY is a file (- for stdin), one reply per line; print JSON lines.")
@click.option("-f", "--file", "file_", help="逐行评分一个文件(- 为标准输入) / Score every line of a file (- for stdin), readable output.")
@click.option("--rubrics", type=click.Path(file_okay=False), help="使用另一个规则文件夹 / Use another rubric folder.")
def score(reply: str | None, as_json: bool, file_: str | None, rubrics: str | None) -> None:
    """评分一句回复 / Score a reply against the forbidden-phrase and polite-expression rubrics."""
    run(reply, as_json, file_, rubrics)

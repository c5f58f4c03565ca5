"""Helpers shared by subcommands: reading reply files and failing with one clear line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from trainer.located.problems import ContentError
from trainer.scoring.scorer import Scorer, load_scorer

MAX_INPUT_BYTES = 50_000_000


def fail(message: str, code: int = 2) -> NoReturn:
    click.echo(f"trainer: {message}", err=True)
    sys.exit(code)


def read_lines(source: str) -> list[str]:
    """One reply per line, exactly as typed: only ``\\n`` separates replies (not U+2028 etc.)."""
    try:
        if source == "-":
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            path = Path(source)
            if not path.is_file():
                fail(f"no such file: {source}")
            with path.open("rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        fail(f"cannot read {source}: {exc.strerror}")
    if len(data) > MAX_INPUT_BYTES:
        fail(f"{source} is larger than {MAX_INPUT_BYTES} bytes")
    text = data.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def scorer_or_fail(rubrics: str | None) -> Scorer:
    try:
        return load_scorer(Path(rubrics) if rubrics else None)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        fail(f"the rubrics cannot be used ({len(exc.problems)} problem(s) above)", 1)


def echo_json(obj) -> None:
    import json

    click.echo(json.dumps(obj, ensure_ascii=False))

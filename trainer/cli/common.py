"""Helpers shared by subcommands: reading reply files, opening the records, failing with one clear line.

The records are opened only by the commands that keep them: ``trainer score`` is timed against a
bare import of its libraries and never touches the store, so sqlite3 and the store are imported
inside ``store_or_fail``; for the same reason nothing here needs click.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from trainer.cli.output import shown, write
from trainer.located.problems import ContentError
from trainer.scoring.scorer import Scorer, load_scorer

if TYPE_CHECKING:
    from trainer.store import Store

MAX_INPUT_BYTES = 50_000_000
_C1 = re.compile(r"[\x7f-\x9f]")


def fail(message: str, code: int = 2) -> NoReturn:
    write(f"trainer: {shown(message)}", err=True)
    sys.exit(code)


def store_or_fail(location: str | Path | None = None, *, read_only: bool = False) -> Store:
    """The records database, or one line saying why it cannot be used (TRAINER_HOME a file, say)."""
    import sqlite3

    from trainer.store import StoreUnavailable, open_store

    try:
        return open_store(location, read_only=read_only)
    except (OSError, sqlite3.Error, StoreUnavailable) as exc:
        fail(f"无法打开练习记录 / cannot open the records: {exc}", 1)


def read_lines(source: str) -> list[str]:
    """One reply per line, exactly as typed: only ``\\n`` separates replies (not U+2028 etc.)."""
    try:
        if source == "-":
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            path = Path(source)
            if not path.is_file():
                fail(f"没有这个文件 / no such file: {source}")
            with path.open("rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        fail(f"无法读取 / cannot read {source}: {exc.strerror}")
    if len(data) > MAX_INPUT_BYTES:
        fail(f"{source} 超过 {MAX_INPUT_BYTES} 字节 / is larger than {MAX_INPUT_BYTES} bytes")
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
            write(shown(problem), err=True)
        fail(f"规则库无法使用,见上面 {len(exc.problems)} 个问题 / the rubrics cannot be used ({len(exc.problems)} problem(s) above)", 1)


def echo_json(obj) -> None:
    """JSON escapes C0 controls itself; DEL and C1 (U+009B is a CSI to some terminals) are escaped too."""
    import json

    text = json.dumps(obj, ensure_ascii=False)
    write(_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text))

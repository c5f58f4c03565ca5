"""Writes ``trainer/language/traditional.txt``: what OpenCC's t2s may change.

Run ``python -m tests.traditional_table`` after upgrading OpenCC; the suite checks the shipped
table against the installed OpenCC and fails until it is rewritten.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import opencc

from trainer.language.text import t2s_fingerprint

TABLE = Path(__file__).resolve().parent.parent / "trainer" / "language" / "traditional.txt"
PLANES = range(0x80, 0x32000)


def changed_alone() -> set[str]:
    converter = opencc.OpenCC("t2s")
    return {chr(cp) for cp in PLANES if not 0xD800 <= cp <= 0xDFFF and converter.convert(chr(cp)) != chr(cp)}


def phrase_tool() -> Path | None:
    tool = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
    return tool if tool.exists() else None


def changed_phrases(alone: set[str]) -> dict[str, str]:
    """OpenCC's phrases that change although none of their characters changes alone (回覆 → 回复,
    and its misreading 打坏 → 打坯), with what they become: text holding one of them still needs
    the converter."""
    tool = phrase_tool()
    if tool is None:
        raise RuntimeError("OpenCC's opencc_dict tool is not in this installation")
    clib = tool.parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "TSPhrases.txt"
        subprocess.run([str(tool), "-i", str(clib / "share" / "opencc" / "TSPhrases.ocd2"), "-o", str(dump),
                        "-f", "ocd2", "-t", "text"], check=True, capture_output=True,
                       env=os.environ | {"LD_LIBRARY_PATH": str(clib / "lib64")})
        lines = dump.read_text(encoding="utf-8").splitlines()
    phrases = {key: values.split(" ")[0] for key, values in (line.split("\t") for line in lines)}
    return {key: value for key, value in sorted(phrases.items()) if key != value and alone.isdisjoint(key)}


def _changing(key: str, value: str) -> set[str]:
    """The characters of a phrase that its conversion changes (all of them when the length does)."""
    return set(key) if len(key) != len(value) else {a for a, b in zip(key, value) if a != b}


def table_text() -> str:
    """The release, the characters changed alone, the characters only phrases change, the phrases."""
    alone = changed_alone()
    phrases = changed_phrases(alone)
    in_phrases = set().union(*(_changing(key, value) for key, value in phrases.items()))
    return "\n".join([f"# t2s {t2s_fingerprint()}", "".join(sorted(alone)), "".join(sorted(in_phrases)),
                      *phrases]) + "\n"


if __name__ == "__main__":
    TABLE.write_text(table_text(), encoding="utf-8")
    print(f"wrote {TABLE}", file=sys.stderr)

"""Hong Kong and Taiwan service wording read as its mainland equivalent (三个工作天 → 三个工作日,
理财专员 → 理财经理), so a trainee who writes as they speak is understood by mainland rubrics.

The table (regional.tsv beside this file) holds only what OpenCC's conversion lacks; it runs
after t2s on Simplified text, on replies and rubric phrases alike, and keeps the offset map.
A row may name the characters a word is read only after (Cantonese 陈生, 李生 = 陈先生, 李先生:
生 after a surname); it stands for one word per character, so a span covers 陈生, not 生 alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

TABLE = Path(__file__).with_name("regional.tsv")


def _load() -> tuple[dict[str, str], re.Pattern]:
    mainland: dict[str, str] = {}
    options = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        regional, meant, followed, after, only_after = (line.split("\t") + ["", "", ""])[:5]
        guard_before = f"(?<![{re.escape(after)}])" if after else ""
        guard_after = f"(?!{followed})" if followed else ""
        if only_after:
            mainland |= {lead + regional: lead + meant for lead in only_after}
            options.append(guard_before + f"[{re.escape(only_after)}]" + re.escape(regional) + guard_after)
        else:
            mainland[regional] = meant
            options.append(guard_before + re.escape(regional) + guard_after)
    options.sort(key=len, reverse=True)
    return mainland, re.compile("|".join(options))


MAINLAND, _PATTERN = _load()


def has_regional(text: str) -> bool:
    return _PATTERN.search(text) is not None


def to_mainland(text: str, starts: Sequence[int], ends: Sequence[int]) -> tuple[str, Sequence[int], Sequence[int]]:
    """``text`` with regional words replaced; every character of a replacement maps to the whole
    span the regional word came from, as normalisation does for any folded character."""
    if _PATTERN.search(text) is None:
        return text, starts, ends
    out, out_starts, out_ends = [], [], []
    pos = 0
    for found in _PATTERN.finditer(text):
        out.append(text[pos:found.start()])
        out_starts += starts[pos:found.start()]
        out_ends += ends[pos:found.start()]
        meant = MAINLAND[found.group()]
        out.append(meant)
        out_starts += [starts[found.start()]] * len(meant)
        out_ends += [ends[found.end() - 1]] * len(meant)
        pos = found.end()
    out.append(text[pos:])
    out_starts += starts[pos:]
    out_ends += ends[pos:]
    return "".join(out), out_starts, out_ends

"""Hong Kong and Taiwan wording read as its mainland equivalent (三个工作天 → 三个工作日,
理财专员 → 理财经理, 我哋而家帮你睇下 → 我们现在帮你看下), so a trainee who writes as they
speak is understood by mainland rubrics.

The table (regional.tsv beside this file) holds only what OpenCC's conversion lacks; it runs
after t2s on Simplified text, on replies and rubric phrases alike, and keeps the offset map.
A row may name the characters a word is read only after (Cantonese 陈生, 李生 = 陈先生, 李先生:
生 after a surname); it stands for one word per character, so a span covers 陈生, not 生 alone.
One word may have several rows, told apart by what follows (边个窗口 is 哪个窗口, 边个都会 谁都会).

The one thing t2s destroys is read before it: it merges Cantonese 係 (是) into 系 (系统, 关系).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Iterator, NamedTuple, Sequence

TABLE = Path(__file__).with_name("regional.tsv")
_COLUMNS = 6
# 係 is 是 except in the mainland words Traditional writes with it (關係, 干係, 聯係, 維係, 係數).
_COPULA = re.compile("(?<![關关干聯联維维])係(?![數数])")


def read_copula(text: str) -> str:
    """Cantonese 係 as 是, on text before t2s; one character for one, so offsets stay."""
    return _COPULA.sub("是", text) if "係" in text else text


class _Row(NamedTuple):
    meant: str
    followed: str           # regex: not read when this follows
    after: frozenset[str]   # not read after one of these
    leads: frozenset[str]   # read only after one of these, which the word then includes
    before: str             # regex: read only when this follows
    rank: tuple[int, int]   # longer words first, then the file's order


@cache
def _guard(regex: str) -> re.Pattern:
    return re.compile(regex)


@cache
def _table() -> tuple[object, tuple[str, ...]]:
    """The words in an Aho-Corasick automaton (each with its rows), read on first use: a process
    that never reads a reply never pays for it, and a reply is scanned once however long the
    table grows; the few words found are then checked against their rows' guards."""
    import ahocorasick

    rows: dict[str, list[_Row]] = {}
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) > _COLUMNS or len(fields) < 2 or not fields[0]:
            raise ValueError(f"{TABLE.name}:{number}: expected 2 to {_COLUMNS} tab-separated columns")
        regional, meant, followed, after, only_after, before = fields + [""] * (_COLUMNS - len(fields))
        rank = (-len(regional) - bool(only_after), number)
        rows.setdefault(regional, []).append(
            _Row(meant, followed, frozenset(after), frozenset(only_after), before, rank))
    automaton = ahocorasick.Automaton()
    for regional, its_rows in rows.items():
        automaton.add_word(regional, (len(regional), tuple(its_rows)))
    automaton.make_automaton()
    return automaton, tuple(rows)


def words() -> tuple[str, ...]:
    """Every regional word of the table, as written there."""
    return _table()[1]


def _found(text: str) -> Iterator[tuple[int, int, _Row]]:
    """(start, end, rank, row) of every row whose word is in ``text`` and whose guards hold
    there; ``start`` includes the lead a row reads its word after."""
    automaton = _table()[0]
    for last, (length, rows) in automaton.iter(text):
        start, end = last + 1 - length, last + 1
        for row in rows:
            first = start
            if row.leads:
                if not first or text[first - 1] not in row.leads:
                    continue
                first -= 1
            if row.after and first and text[first - 1] in row.after:
                continue
            if row.followed and _guard(row.followed).match(text, end):
                continue
            if row.before and not _guard(row.before).match(text, end):
                continue
            yield first, end, row


def has_regional(text: str) -> bool:
    return next(_found(text), None) is not None


def to_mainland(text: str, starts: Sequence[int], ends: Sequence[int]) -> tuple[str, Sequence[int], Sequence[int]]:
    """``text`` with regional words replaced, from the left, the longest word where several
    start; every character of a replacement maps to the whole span the regional word came from,
    as normalisation does for any folded character."""
    found = sorted(_found(text), key=lambda hit: (hit[0], hit[2].rank))
    if not found:
        return text, starts, ends
    out, out_starts, out_ends = [], [], []
    pos = 0
    for start, end, row in found:
        if start < pos:
            continue
        out.append(text[pos:start])
        out_starts += starts[pos:start]
        out_ends += ends[pos:start]
        meant = text[start] + row.meant if row.leads else row.meant
        out.append(meant)
        out_starts += [starts[start]] * len(meant)
        out_ends += [ends[end - 1]] * len(meant)
        pos = end
    out.append(text[pos:])
    out_starts += starts[pos:]
    out_ends += ends[pos:]
    return "".join(out), out_starts, out_ends

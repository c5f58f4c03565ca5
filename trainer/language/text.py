"""Text normalisation with a map back to the original characters.

Trainees type Traditional script, full-width letters, stray spaces and zero-width characters,
儿化 forms, and Hong Kong or Taiwan wording (工作天, 理财专员, 我哋而家: see regional.py). Rubric phrases and replies go through the same function, so a phrase matches
however it was typed, and every match can still be shown at its place in what was typed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Sequence

from trainer.language.regional import has_regional, read_copula, to_mainland

if TYPE_CHECKING:
    from opencc import OpenCC

QUOTE = '"'
_QUOTES = set("\"'`“”„‟‘’‚‛«»‹›「」『』〝〞〟＂＇")
BOUNDARIES = frozenset("。！？!?；;\n…")
CLAUSE_BREAKS = BOUNDARIES | frozenset(",，、:：")
# 儿化: 哪儿 / 这儿 / 事儿 … mean the same without 儿; 女儿 or 婴儿 keep it.
_ERHUA_BEFORE = frozenset("哪这那事点会块边玩空劲")
# OpenCC keeps 著 (valid in Simplified as in 著名); in speech it is nearly always 着.
_ZHU_KEEP_NEXT = frozenset("名作称述录")
_ZHU_KEEP_PREV = frozenset("显巨名编卓土原论专遗合译撰")


# The files OpenCC's t2s is made of (its config and the dictionaries that config names).
T2S_FILES = ("t2s.json", "CJK_Compatibility_Ideographs.ocd2", "TSPhrases.ocd2", "TSCharactersExt.ocd2", "TSCharacters.ocd2")


def t2s_fingerprint() -> str | None:
    """A hash of the installed t2s files, found without importing OpenCC: its C library alone
    is 2 MB of every process's memory, and most processes never convert anything."""
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        return None
    share = Path(next(iter(spec.submodule_search_locations))) / "clib" / "share" / "opencc"
    digest = hashlib.sha256()
    try:
        for name in T2S_FILES:
            digest.update((share / name).read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def _traditional() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]] | None:
    """What OpenCC's t2s may change: the characters it changes alone, the characters only some
    of its phrases change (覆 in 回覆), and those phrases. Written from the installed t2s files
    (``tests/traditional_table.py``) and trusted only while they are the same; None (always
    convert) otherwise."""
    try:
        header, alone, in_phrases, *phrases = \
            Path(__file__).with_name("traditional.txt").read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return None
    fingerprint = t2s_fingerprint()
    if fingerprint is None or header != f"# t2s {fingerprint}":
        return None
    # From a dict, whose size is known, the set's table is half the one grown character by
    # character: 256 KiB less of every process for these 5 000 characters.
    return frozenset(dict.fromkeys(alone)), frozenset(in_phrases), tuple(phrases)


_TABLE = _traditional()
_PHRASE_CHARS = _TABLE[1] if _TABLE else frozenset()
_converter: OpenCC | None = None


def _convert(text: str) -> str:
    """OpenCC's t2s, imported and built on first need: text with nothing it may change needs no
    converter, and its library and dictionaries cost milliseconds and megabytes most replies
    never use."""
    global _converter
    if _TABLE is not None and _TABLE[0].isdisjoint(text) and (
            _PHRASE_CHARS.isdisjoint(text) or not any(phrase in text for phrase in _TABLE[2])):
        return text
    if _converter is None:
        from opencc import OpenCC

        _converter = OpenCC("t2s")
    converted = _converter.convert(text)
    if len(converted) != len(text) or _KEPT.isdisjoint(text):
        return converted
    return "".join(typed if typed in _KEPT else ch for typed, ch in zip(text, converted))


# Characters t2s's phrases read as an old Traditional variant although a Simplified writer means
# the everyday word: 打坏 / 拉坏 become 打坯 / 拉坯 (a clay blank), 机器打坏了 would lose its 坏.
_KEPT = frozenset("坏")


class Normalized(NamedTuple):
    """``text`` is what matching sees; ``starts``/``ends`` give each character's span in the original."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``text`` to the original string."""
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


_FOLDED: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    if ch in _QUOTES:
        return QUOTE
    if ch in "\r\n\u2028\u2029":
        return "\n"
    category = unicodedata.category(ch)
    if category in ("Cf", "Cc", "Cs", "Co", "Cn") or ch.isspace():
        return ""
    folded = unicodedata.normalize("NFKC", ch).casefold()
    return "".join(c for c in folded if not c.isspace() and unicodedata.category(c) != "Cf")


def _to_simplified(text: str) -> str:
    converted = _convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase rule changed the length: convert character by character to keep the map exact.
    return "".join(c if len(c := _convert(ch)) == 1 else ch for ch in text)


def _fix_zhu(text: str) -> str:
    if "著" not in text:
        return text
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch != "著":
            continue
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        prev = chars[i - 1] if i else ""
        if nxt not in _ZHU_KEEP_NEXT and prev not in _ZHU_KEEP_PREV:
            chars[i] = "着"
    return "".join(chars)


def normalize(original: str) -> Normalized:
    folded = _one_for_one(original)
    if folded is None:
        return _normalize_mapped(original)
    return _finish(original, folded, range(len(original)), range(1, len(original) + 1))


def _folded(ch: str) -> str:
    out = _FOLDED.get(ch)
    if out is None:
        out = _fold_char(ch)
        if len(_FOLDED) < 20_000:
            _FOLDED[ch] = out
    return out


def _one_for_one(original: str) -> str | None:
    """The folded text when every character folds to exactly one (most replies: the offset map
    is then the identity and need not be built character by character); None otherwise."""
    table = None
    known = _FOLDED.get
    for ch in set(original):
        out = known(ch) or _folded(ch)
        if out == ch and ch != "\n":
            continue
        if len(out) != 1 or ch == "\n" or out == "\n":
            return None
        table = table or {}
        table[ord(ch)] = out
    return original.translate(table) if table else original


def _normalize_mapped(original: str) -> Normalized:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for pos, ch in enumerate(original):
        out_text = _folded(ch)
        if out_text == ch and ch != "\n":
            chars.append(ch)
            starts.append(pos)
            ends.append(pos + 1)
            continue
        for out in out_text:
            if out == "\n" and chars and chars[-1] == "\n":
                continue
            chars.append(out)
            starts.append(pos)
            ends.append(pos + 1)
    return _finish(original, "".join(chars), starts, ends)


def _finish(original: str, folded: str, starts: Sequence[int], ends: Sequence[int]) -> Normalized:
    """Script, 著, 儿化 and regional wording, on folded text whose offsets are known."""
    simplified = _fix_zhu(_to_simplified(read_copula(folded)))
    if "儿" in simplified:
        keep = [
            i for i, ch in enumerate(simplified)
            if not (ch == "儿" and i and simplified[i - 1] in _ERHUA_BEFORE)
        ]
        if len(keep) != len(simplified):
            simplified = "".join(simplified[i] for i in keep)
            starts = [starts[i] for i in keep]
            ends = [ends[i] for i in keep]
    simplified, starts, ends = to_mainland(simplified, starts, ends)
    return Normalized(original, simplified, tuple(starts), tuple(ends))


_STABLE: dict[str, bool] = {}


def _stable(ch: str) -> bool:
    """A character every normalisation step leaves as it is (most Simplified text)."""
    known = _STABLE.get(ch)
    if known is None:
        known = ch not in "儿著\n" and _fold_char(ch) == ch and _convert(ch) == ch and ch not in _PHRASE_CHARS
        if len(_STABLE) < 50_000:
            _STABLE[ch] = known
    return known


def is_normal(text: str) -> bool:
    """Every character is left as it is by normalisation, so any string made of them is too."""
    return all(map(_stable, text))


def normalize_text(text: str) -> str:
    """The normalised string alone, for rubric phrases and keys: templates expand to hundreds of
    thousands of wordings, nearly all already normal, so those skip the full pipeline."""
    if is_normal(text) and not has_regional(text):
        return text
    return normalize(text).text


def clause_bounds(text: str, start: int, end: int, breaks=BOUNDARIES) -> tuple[int, int]:
    """The sentence (or clause, with CLAUSE_BREAKS) of normalised ``text`` around a span."""
    left = start
    while left > 0 and text[left - 1] not in breaks:
        left -= 1
    right = end
    while right < len(text) and text[right] not in breaks:
        right += 1
    return left, right

"""The matcher as it was before compiling without expanded rubrics in memory, kept verbatim as
the reference the compiled matcher must agree with (tests/test_compiled_matching.py).

Only the expansion and the index (build, exact and fuzzy passes) are copied; normalisation and
the constants are shared with the product, since they are not what changed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import chain
from sys import intern
from typing import Hashable, Iterable

import ahocorasick
from rapidfuzz import fuzz

from trainer.language.matcher import (
    _GAP, FUZZY_BIGRAM_SHARE, FUZZY_COVER, FUZZY_CUTOFF, FUZZY_MIN_LEN, FUZZY_PROBES_PER_KEY, NEGATIONS,
    PhraseIndex, RawHit, _chunks, _negations, bigrams,
)
from trainer.language.templates import GAP, MAX_VARIANTS, Variant
from trainer.language.text import normalize_text

class TemplateError(ValueError):
    """A template that cannot be expanded; the message says why in the author's terms."""


def _parse_sequence(src: str, pos: int, closer: str | None) -> tuple[list[str], int]:
    """Expand from ``pos`` until ``closer`` or ``|``; return raw alternatives so far and position."""
    results = [""]
    while pos < len(src):
        ch = src[pos]
        if ch in "|)]":
            if closer is None:
                raise TemplateError(f"unexpected '{ch}' at character {pos + 1}")
            return results, pos
        if ch in "?*+" and pos and src[pos - 1] in ")]":
            raise TemplateError(f"'{ch}' after a group is not template syntax: write [(a|b)] for an optional choice")
        if ch in "([":
            options, pos = _parse_group(src, pos + 1, ")" if ch == "(" else "]")
            if ch == "[":
                options = options + [""]
            results = [r + o for r in results for o in options]
        elif ch == "…" or src.startswith("...", pos):
            results = [r + GAP for r in results]
            pos += 1 if ch == "…" else 3
            continue
        else:
            results = [r + ch for r in results]
            pos += 1
            continue
        if len(results) > MAX_VARIANTS:
            raise TemplateError(f"expands to more than {MAX_VARIANTS} wordings; split it into several forms")
    if closer is not None:
        raise TemplateError(f"'{ {')': '(', ']': '['}[closer] }' is never closed")
    return results, pos


def _parse_group(src: str, pos: int, closer: str) -> tuple[list[str], int]:
    options: list[str] = []
    while True:
        alternative, pos = _parse_sequence(src, pos, closer)
        options.extend(alternative)
        if pos >= len(src):
            raise TemplateError(f"'{ {')': '(', ']': '['}[closer] }' is never closed")
        if src[pos] == "|":
            if closer == "]":
                raise TemplateError("'|' inside [...]: write [(a|b)] for an optional choice")
            pos += 1
            continue
        if src[pos] != closer:
            raise TemplateError(f"'{src[pos]}' closes a group opened with the other kind of bracket")
        return options, pos + 1


def reference_expand(template: str) -> list[Variant]:
    """All wordings of a template, normalised, without duplicates, in a stable order."""
    if not isinstance(template, str) or not template.strip():
        raise TemplateError("empty phrase")
    raw, _ = _parse_sequence(template, 0, None)
    seen: dict[tuple[str, ...], None] = {}
    for wording in raw:
        # Pieces recur across wordings and templates; one shared copy of each keeps catalogs small.
        pieces = tuple(intern(p) for p in (normalize_text(part) for part in wording.split(GAP)) if p)
        if pieces:
            seen.setdefault(pieces, None)
    if not seen:
        raise TemplateError("every wording of this template is empty")
    return [Variant(p) for p in seen]


def _trie(tails: set[tuple[str, ...]]) -> str:
    """Tails as nested alternations grouped by their next piece, longest first: the regex
    engine then rejects most continuations on their first character instead of one by one."""
    by_piece: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for tail in tails:
        by_piece[tail[0]].add(tail[1:])
    options = []
    for piece, rests in by_piece.items():
        longer = {r for r in rests if r}
        option = re.escape(piece)
        if longer and () in rests:
            # The gap belongs inside the optional part: outside it, a wording that may stop at
            # this piece was only ever continued right after it (随时…找我 read as 随时).
            option += "(?:" + _GAP + "(?:" + _trie(longer) + "))?"
        elif longer:
            option += _GAP + "(?:" + _trie(longer) + ")"
        options.append(option)
    return "|".join(sorted(options, key=len, reverse=True))


def _tail_pattern(tails: set[tuple[str, ...]]) -> re.Pattern | None:
    """All the ways a head can continue; None when the head alone is the only wording."""
    longer = {tail for tail in tails if tail}
    if not longer:
        return None
    return re.compile("(?:" + _GAP + "(?:" + _trie(longer) + "))" + ("?" if () in tails else ""))


class ReferenceIndex(PhraseIndex):
    """The old build, exact and fuzzy passes; ``search`` is the product's, unchanged."""

    def __init__(self, entries: Iterable[tuple[Hashable, Iterable[Variant]]], fuzzy: bool = False):
        self._automaton = ahocorasick.Automaton()
        tails: dict[str, dict[Hashable, set[tuple[str, ...]]]] = defaultdict(lambda: defaultdict(set))
        self._probes: list[tuple[Hashable, str, int]] = []
        self._bigram_index: dict[str, list[int]] = defaultdict(list)  # plain dict after build
        for key, variants in entries:
            probes = 0
            for variant in variants:
                tails[variant.pieces[0]][key].add(variant.pieces[1:])
                probe = "".join(variant.pieces)
                if fuzzy and len(probe) >= FUZZY_MIN_LEN and probes < FUZZY_PROBES_PER_KEY:
                    grams = bigrams(probe)
                    probe_id = len(self._probes)
                    self._probes.append((key, probe, len(grams)))
                    for gram in grams:
                        self._bigram_index[gram].append(probe_id)
                    probes += 1
        for head, by_key in tails.items():
            self._automaton.add_word(head, (len(head), [(key, _tail_pattern(rest)) for key, rest in by_key.items()]))
        self._bigram_index = dict(self._bigram_index)
        self._empty = not tails
        if tails:
            self._automaton.make_automaton()

    def exact(self, text: str) -> list[RawHit]:
        """Every place a wording occurs: one automaton pass, then one C regex per gapped head."""
        if self._empty or not text:
            return []
        hits = []
        for last, (head_len, targets) in self._automaton.iter(text):
            start = last + 1 - head_len
            for key, tail in targets:
                if tail is None:
                    hits.append(RawHit(key, start, last + 1, text[start:last + 1]))
                    continue
                found = tail.match(text, last + 1)
                if found:
                    negated = any(g and any(ch in NEGATIONS for ch in g) for g in found.groups())
                    hits.append(RawHit(key, start, found.end(), text[start:found.end()], gap_negated=negated))
        return hits

    def fuzzy(self, text: str, skip: set) -> list[RawHit]:
        """Near matches of long wordings, for keys not already found exactly."""
        if not self._probes:
            return []
        hits: list[RawHit] = []
        found_keys = set(skip)
        index = self._bigram_index
        for offset, chunk in _chunks(text):
            counts = Counter(chain.from_iterable(index.get(gram, ()) for gram in bigrams(chunk)))
            for probe_id, shared in counts.items():
                key, probe, total = self._probes[probe_id]
                if key in found_keys or shared < FUZZY_BIGRAM_SHARE * total:
                    continue
                if len(chunk) < FUZZY_COVER * len(probe):
                    continue
                aligned = fuzz.partial_ratio_alignment(probe, chunk, score_cutoff=FUZZY_CUTOFF)
                if aligned is None or aligned.dest_end - aligned.dest_start < FUZZY_COVER * len(probe):
                    continue
                if _negations(probe) != _negations(chunk[aligned.dest_start:aligned.dest_end]):
                    continue
                hits.append(RawHit(key, offset + aligned.dest_start, offset + aligned.dest_end, probe, True))
                found_keys.add(key)
        return hits

    def search(self, text: str) -> list[RawHit]:
        exact = self.exact(text)
        return exact + self.fuzzy(text, {hit.key for hit in exact})

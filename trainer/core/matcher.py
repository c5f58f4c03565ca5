"""Finding template wordings in a normalised reply.

One Aho-Corasick pass finds the first literal piece of every wording at once; wordings with
gaps then check their remaining pieces nearby. A narrow fuzzy fallback catches typos in long
phrases without letting short replies match long phrases by accident.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Hashable, Iterable

import ahocorasick
from rapidfuzz import fuzz

from trainer.core.templates import GAP_MAX, Variant
from trainer.core.text import BOUNDARIES

FUZZY_MIN_LEN = 7
FUZZY_CUTOFF = 86.0
FUZZY_COVER = 0.8
FUZZY_BIGRAM_SHARE = 0.5
FUZZY_PROBES_PER_KEY = 12
FUZZY_CHUNK = 120


@dataclass(frozen=True)
class RawHit:
    key: Hashable
    start: int
    end: int
    wording: str
    fuzzy: bool = False


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _chunks(text: str) -> Iterable[tuple[int, str]]:
    """Sentences of the reply, long ones cut into overlapping windows to bound fuzzy cost."""
    start = 0
    for i, ch in enumerate(text + "\n"):
        if ch in BOUNDARIES or i == len(text):
            sentence = text[start:i]
            if len(sentence) <= FUZZY_CHUNK:
                if sentence:
                    yield start, sentence
            else:
                step = FUZZY_CHUNK // 2
                for offset in range(0, len(sentence) - step, step):
                    yield start + offset, sentence[offset:offset + FUZZY_CHUNK]
            start = i + 1


class PhraseIndex:
    """All wordings of many keyed templates, searchable in one pass."""

    def __init__(self, entries: Iterable[tuple[Hashable, Iterable[Variant]]], fuzzy: bool = False):
        self._automaton = ahocorasick.Automaton()
        heads: dict[str, list[tuple[Hashable, Variant]]] = defaultdict(list)
        self._probes: list[tuple[Hashable, str, int]] = []
        self._bigram_index: dict[str, list[int]] = defaultdict(list)
        for key, variants in entries:
            probes = 0
            for variant in variants:
                heads[variant.pieces[0]].append((key, variant))
                probe = "".join(variant.pieces)
                if fuzzy and len(probe) >= FUZZY_MIN_LEN and probes < FUZZY_PROBES_PER_KEY:
                    grams = _bigrams(probe)
                    probe_id = len(self._probes)
                    self._probes.append((key, probe, len(grams)))
                    for gram in grams:
                        self._bigram_index[gram].append(probe_id)
                    probes += 1
        for head, targets in heads.items():
            self._automaton.add_word(head, targets)
        self._empty = not heads
        if heads:
            self._automaton.make_automaton()

    def exact(self, text: str) -> list[RawHit]:
        if self._empty or not text:
            return []
        hits = []
        for last, targets in self._automaton.iter(text):
            for key, variant in targets:
                start = last + 1 - len(variant.pieces[0])
                end = self._follow(text, last + 1, variant.pieces[1:])
                if end is not None:
                    hits.append(RawHit(key, start, end, variant.text))
        return hits

    @staticmethod
    def _follow(text: str, pos: int, pieces: tuple[str, ...]) -> int | None:
        for piece in pieces:
            found = text.find(piece, pos, pos + GAP_MAX + len(piece))
            if found < 0 or any(ch in BOUNDARIES for ch in text[pos:found]):
                return None
            pos = found + len(piece)
        return pos

    def fuzzy(self, text: str, skip: set) -> list[RawHit]:
        """Near matches of long wordings, for keys not already found exactly."""
        if not self._probes:
            return []
        hits: list[RawHit] = []
        found_keys = set(skip)
        for offset, chunk in _chunks(text):
            counts: dict[int, int] = defaultdict(int)
            for gram in _bigrams(chunk):
                for probe_id in self._bigram_index.get(gram, ()):
                    counts[probe_id] += 1
            for probe_id, shared in counts.items():
                key, probe, total = self._probes[probe_id]
                if key in found_keys or shared < FUZZY_BIGRAM_SHARE * total:
                    continue
                if len(chunk) < FUZZY_COVER * len(probe):
                    continue
                aligned = fuzz.partial_ratio_alignment(probe, chunk, score_cutoff=FUZZY_CUTOFF)
                if aligned is None or aligned.dest_end - aligned.dest_start < FUZZY_COVER * len(probe):
                    continue
                hits.append(RawHit(key, offset + aligned.dest_start, offset + aligned.dest_end, probe, True))
                found_keys.add(key)
        return hits

    def search(self, text: str) -> list[RawHit]:
        exact = self.exact(text)
        return exact + self.fuzzy(text, {hit.key for hit in exact})


def best_per_key(hits: Iterable[RawHit]) -> list[RawHit]:
    """Keep, per key, the longest hits that do not overlap each other, in text order."""
    by_key: dict[Hashable, list[RawHit]] = defaultdict(list)
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        kept = by_key[hit.key]
        if kept and hit.start < kept[-1].end:
            if hit.end - hit.start > kept[-1].end - kept[-1].start:
                kept[-1] = hit
            continue
        kept.append(hit)
    return sorted((h for group in by_key.values() for h in group), key=lambda h: (h.start, h.end))


def overlaps(a: RawHit, b: RawHit) -> bool:
    return a.start < b.end and b.start < a.end

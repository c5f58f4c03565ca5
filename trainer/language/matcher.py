"""Finding template wordings in a normalised reply.

One Aho-Corasick pass finds the first literal piece of every wording at once; wordings with
gaps then check their remaining pieces nearby. A narrow fuzzy fallback catches typos in long
phrases without letting short replies match long phrases by accident.

A built index is compact and picklable, so the compiled rubric can be cached between runs: the
automaton stores small integers, heads that lead to the same keys share one target entry, and
each distinct tail regex is kept as source and compiled the first time a reply needs it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import chain
from dataclasses import dataclass
from typing import Collection, Hashable, Iterable

import ahocorasick
from rapidfuzz import fuzz

from trainer.language.templates import GAP_MAX, Variant
from trainer.language.text import BOUNDARIES

FUZZY_MIN_LEN = 7
FUZZY_CUTOFF = 86.0
FUZZY_COVER = 0.8
FUZZY_BIGRAM_SHARE = 0.5
FUZZY_PROBES_PER_KEY = 12
FUZZY_CHUNK = 120
NEGATIONS = frozenset("不没无别非未莫勿")
_GAP = "([^" + re.escape("".join(sorted(BOUNDARIES))) + "]{0,%d}?)" % GAP_MAX


@dataclass(frozen=True)
class RawHit:
    key: Hashable
    start: int
    end: int
    wording: str
    fuzzy: bool = False
    gap_negated: bool = False


def _trie(tails: set[tuple[str, ...]]) -> str:
    """Tails as nested alternations grouped by their next piece, longest first: the regex
    engine then rejects most continuations on their first character instead of one by one.
    Sorted first, so equally long options come in the same order in every process."""
    by_piece: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for tail in sorted(tails):
        by_piece[tail[0]].add(tail[1:])
    options = []
    for piece, rests in by_piece.items():
        longer = {r for r in rests if r}
        option = re.escape(piece)
        if longer:
            option += _GAP + "(?:" + _trie(longer) + ")" + ("?" if () in rests else "")
        options.append((option, None if longer else piece))
    options.sort(key=lambda option: len(option[0]), reverse=True)
    merged, run = [], []
    for option, leaf in options + [("", None)]:
        if leaf is not None:
            run.append(leaf)
            continue
        if run:
            merged.append(_literals(run))
            run = []
        if option:
            merged.append(option)
    return "|".join(merged)


def _literals(words: list[str]) -> str:
    """Literals that end a wording, as one regex sharing their common beginnings.

    In ``_trie``'s order (longest source first) the first of these literals to match at a place
    is the longest one that matches there, which is also what a character trie trying its
    longer branches first finds; sharing the beginnings makes the source a fraction of the plain
    alternation's, and compiling it on a reply's first use is that much cheaper.
    """
    by_first: dict[str, list[str]] = defaultdict(list)
    for word in words:
        if word:
            by_first[word[0]].append(word[1:])
    branches = [re.escape(first) + ("" if rests == [""] else _literals(rests)) for first, rests in by_first.items()]
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + body + ")?" if "" in words else body


def _tail_source(tails: set[tuple[str, ...]]) -> str | None:
    """All the ways a head can continue; None when the head alone is the only wording."""
    longer = {tail for tail in tails if tail}
    if not longer:
        return None
    return "(?:" + _GAP + "(?:" + _trie(longer) + "))" + ("?" if () in tails else "")


def _negations(text: str) -> list[str]:
    """A typo may change any character but a negation: 是我们的问题 is not 不是我们的问题."""
    return sorted(ch for ch in text if ch in NEGATIONS)


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


_SENTENCE = re.compile("[^" + re.escape("".join(sorted(BOUNDARIES))) + "]+")


def _chunks(text: str) -> Iterable[tuple[int, str]]:
    """Sentences of the reply, long ones cut into overlapping windows to bound fuzzy cost."""
    for found in _SENTENCE.finditer(text):
        start, sentence = found.start(), found.group()
        if len(sentence) <= FUZZY_CHUNK:
            yield start, sentence
        else:
            step = FUZZY_CHUNK // 2
            for offset in range(0, len(sentence) - step, step):
                yield start + offset, sentence[offset:offset + FUZZY_CHUNK]


class PhraseIndex:
    """All wordings of many keyed templates, searchable in one pass."""

    def __init__(self, entries: Iterable[tuple[Hashable, Iterable[Variant]]], fuzzy: bool = False,
                 exact_only: Collection[Hashable] = ()):
        """``fuzzy`` adds near matches of a key's first few long wordings, for keys not in ``exact_only``.

        A wording with a gap among them is a construction (连…都不懂): its pieces joined are a
        sentence nobody types, so it takes its place but gets no probe. Every probe costs each
        reply that shares enough of its bigrams, so a probe that cannot add a hit is left out.
        """
        tails: dict[str, dict[Hashable, set[tuple[str, ...]]]] = defaultdict(lambda: defaultdict(set))
        self._probes: list[tuple[Hashable, str, int]] = []
        bigram_index: dict[str, list[int]] = defaultdict(list)
        for key, variants in entries:
            probes = 0
            probed = fuzzy and key not in exact_only
            for variant in variants:
                tails[variant.pieces[0]][key].add(variant.pieces[1:])
                probe = "".join(variant.pieces)
                if not probed or len(probe) < FUZZY_MIN_LEN or probes >= FUZZY_PROBES_PER_KEY:
                    continue
                probes += 1
                if len(variant.pieces) == 1:
                    grams = bigrams(probe)
                    probe_id = len(self._probes)
                    self._probes.append((key, probe, len(grams)))
                    for gram in grams:
                        bigram_index[gram].append(probe_id)
        self._bigram_index = dict(bigram_index)
        # What a chunk must share with each probe before the costly alignment is tried.
        self._needed = tuple(FUZZY_BIGRAM_SHARE * total for _, _, total in self._probes)
        # A chunk shorter than this cannot cover enough of any probe; most sentences are skipped.
        self._shortest_chunk = FUZZY_COVER * min((len(probe) for _, probe, _ in self._probes), default=0)
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        targets: dict[tuple, int] = {}
        sources: dict[str, int] = {}
        for head, by_key in tails.items():
            keyed = []
            for key, rest in by_key.items():
                source = _tail_source(rest)
                keyed.append((key, -1 if source is None else sources.setdefault(source, len(sources))))
            target = (len(head), tuple(keyed))
            self._automaton.add_word(head, targets.setdefault(target, len(targets)))
        self._targets = tuple(targets)
        self._sources = tuple(sources)
        self._compiled: list[re.Pattern | None] = [None] * len(sources)
        self._empty = not tails
        if tails:
            self._automaton.make_automaton()

    def __getstate__(self) -> dict:
        return {name: value for name, value in vars(self).items() if name != "_compiled"}

    def __setstate__(self, state: dict) -> None:
        vars(self).update(state)
        self._compiled = [None] * len(self._sources)

    def _tail(self, index: int) -> re.Pattern:
        pattern = self._compiled[index]
        if pattern is None:
            pattern = self._compiled[index] = re.compile(self._sources[index])
        return pattern

    def exact(self, text: str) -> list[RawHit]:
        """Every place a wording occurs: one automaton pass, then one C regex per gapped head."""
        if self._empty or not text:
            return []
        hits = []
        targets, compiled = self._targets, self._compiled
        for last, target in self._automaton.iter(text):
            head_len, keyed = targets[target]
            start = last + 1 - head_len
            for key, tail in keyed:
                if tail < 0:
                    hits.append(RawHit(key, start, last + 1, text[start:last + 1]))
                    continue
                found = (compiled[tail] or self._tail(tail)).match(text, last + 1)
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
        index, needed, probes = self._bigram_index, self._needed, self._probes
        for offset, chunk in _chunks(text):
            if len(chunk) < self._shortest_chunk:
                continue
            counts = Counter(chain.from_iterable(filter(None, map(index.get, bigrams(chunk)))))
            for probe_id in [probe_id for probe_id, shared in counts.items() if shared >= needed[probe_id]]:
                key, probe, _ = probes[probe_id]
                if key in found_keys or len(chunk) < FUZZY_COVER * len(probe):
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

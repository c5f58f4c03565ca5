"""Finding template wordings in a normalised reply.

One Aho-Corasick pass finds the first literal piece of every wording at once; wordings with
gaps then check their remaining pieces nearby. A narrow fuzzy fallback catches typos in long
phrases without letting short replies match long phrases by accident.

A built index is compact and picklable, so the compiled rubric can be cached between runs: the
automaton stores small integers, heads that lead to the same keys share one target entry, and
equal tails are one object; nothing is left to compile when a process scores its first reply.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import chain
from typing import Collection, Hashable, Iterable, NamedTuple

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
# The gap as the tail regexes once wrote it: the length of that source still orders the options.
_GAP = "([^" + re.escape("".join(sorted(BOUNDARIES))) + "]{0,%d}?)" % GAP_MAX


class RawHit(NamedTuple):
    key: Hashable
    start: int
    end: int
    wording: str
    fuzzy: bool = False
    gap_negated: bool = False


# A tail is how a head may continue: (options by the first character of their piece, whether the
# head may also stand alone). Each option is (piece, its own tail or None when the piece ends the
# wording). Followed in plain Python: the tails of one rubric run to tens of thousands of
# characters, and as regular expressions they cost each new process milliseconds of compiling
# before its first reply could be scored.
Tail = tuple[dict[str, tuple[tuple[str, "Tail | None"], ...]], bool]


def _tail(tails: set[tuple[str, ...]], made: dict[frozenset, tuple[Tail, int]]) -> tuple[Tail, int]:
    """The tail for these continuations (each a tuple of pieces, () for "may stop here"), and the
    length of the regular expression that once stood for it.

    Options are tried longest expression first, the order that expression gave them (and equal
    ones in sorted order), so every reply is matched exactly as before; ``made`` shares equal
    tails, which are many, between heads.
    """
    key = frozenset(tails)
    if key in made:
        return made[key]
    by_piece: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for tail in sorted(tails):
        if tail:
            by_piece[tail[0]].add(tail[1:])
    options = []
    for piece, rests in by_piece.items():
        size = len(re.escape(piece))
        sub = None
        if any(rests):
            sub, inner = _tail(rests, made)
            size += len(_GAP) + inner + (7 if () in rests else 4)
        options.append((size, piece, sub))
    options.sort(key=lambda option: option[0], reverse=True)
    by_first: dict[str, list] = defaultdict(list)
    for _, piece, sub in options:
        by_first[piece[0]].append((piece, sub))
    made[key] = ({first: tuple(found) for first, found in by_first.items()}, () in tails), \
        sum(size for size, _, _ in options) + len(options) - 1
    return made[key]


def _follow(text: str, pos: int, tail: Tail) -> tuple[int, bool] | None:
    """Where the first option of ``tail`` that fits ends, after a gap of up to GAP_MAX characters
    within the sentence (shortest gap first), and whether any gap it crossed holds a negation."""
    options = tail[0]
    if options.keys().isdisjoint(text[pos:pos + GAP_MAX + 1]):
        return None  # most calls: no option can start anywhere in reach, decided in C
    get = options.get
    last = min(pos + GAP_MAX, len(text) - 1)
    for at in range(pos, last + 1):
        ch = text[at]
        for piece, sub in get(ch, ()):
            if not text.startswith(piece, at):
                continue
            after = at + len(piece)
            found = _follow(text, after, sub) if sub is not None else None
            if found is not None:
                return found[0], found[1] or not NEGATIONS.isdisjoint(text[pos:at])
            if sub is None or sub[1]:
                return after, not NEGATIONS.isdisjoint(text[pos:at])
        if ch in BOUNDARIES:
            return None
    return None


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
        made: dict[frozenset, tuple[Tail, int]] = {}
        numbered: dict[frozenset, int] = {}
        for head, by_key in tails.items():
            keyed = tuple((key, numbered.setdefault(frozenset(rest), len(numbered)) if any(rest) else -1)
                          for key, rest in by_key.items())
            self._automaton.add_word(head, targets.setdefault((len(head), keyed), len(targets)))
        self._targets = tuple(targets)
        self._tails = tuple(_tail(set(rest), made)[0] for rest in numbered)
        self._empty = not tails
        if tails:
            self._automaton.make_automaton()

    def exact(self, text: str) -> list[RawHit]:
        """Every place a wording occurs: one automaton pass, then each gapped head's tail followed."""
        if self._empty or not text:
            return []
        hits = []
        targets, tails = self._targets, self._tails
        for last, target in self._automaton.iter(text):
            head_len, keyed = targets[target]
            start = last + 1 - head_len
            for key, number in keyed:
                if number < 0:
                    hits.append(RawHit(key, start, last + 1, text[start:last + 1]))
                    continue
                tail = tails[number]
                found = _follow(text, last + 1, tail)
                if found is not None:
                    hits.append(RawHit(key, start, found[0], text[start:found[0]], gap_negated=found[1]))
                elif tail[1]:
                    hits.append(RawHit(key, start, last + 1, text[start:last + 1]))
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

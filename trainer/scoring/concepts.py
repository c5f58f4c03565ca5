"""Recognising what a reply *means* for key points, beyond exact rubric phrases.

A concept (a scenario key point or a rubric technique) is found in a reply by any of:
``forms`` (templates, exact), ``keywords`` (every listed template somewhere in the reply, in
any order: the robust way to catch paraphrases in Chinese), or ``examples`` (a close enough
copy of a model sentence). A hit right after a negation (我不帮您办) does not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz

from trainer.language.guard import is_negated
from trainer.language.matcher import PhraseIndex, RawHit, bigrams as _bigrams, overlaps
from trainer.scoring.rubric import Rubrics
from trainer.language.templates import Variant
from trainer.language.text import normalize_text

EXAMPLE_CUTOFF = 82.0
EXAMPLE_MIN_LEN = 6
EXAMPLE_BIGRAM_SHARE = 0.5  # a partial_ratio of 82 cannot be reached with less in common

Forms = tuple[tuple[str, list[Variant]], ...]


@dataclass(frozen=True)
class Concept:
    id: str
    name: str
    reason: str
    forms: Forms = ()
    keywords: Forms = ()
    examples: tuple[str, ...] = ()
    not_forms: Forms = ()


def technique_concepts(rubrics: Rubrics) -> list[Concept]:
    return [Concept(t.id, t.name, t.reason, t.forms, (), t.examples, t.not_forms) for t in rubrics.techniques]


def _affirmed(text: str, hit: RawHit) -> bool:
    """Not after a negation, and no negation in the words a gap let in (您的心情…理解 is not
    您的心情我不理解)."""
    return not hit.gap_negated and not is_negated(text, hit.start)


class ConceptMatcher:
    """Finds many concepts in a normalised reply with two automata built once."""

    def __init__(self, concepts: Iterable[Concept]):
        self._concepts = list(concepts)
        self._forms = PhraseIndex((c.id, [v for _, vs in c.forms for v in vs]) for c in self._concepts)
        self._lookalikes = PhraseIndex(
            (c.id, [v for _, vs in c.not_forms for v in vs]) for c in self._concepts if c.not_forms)
        self._keywords = PhraseIndex(
            ((c.id, i), list(vs)) for c in self._concepts for i, (_, vs) in enumerate(c.keywords))
        self._examples = [
            (c.id, norm, _bigrams(norm)) for c in self._concepts for e in c.examples
            if len(norm := normalize_text(e)) >= EXAMPLE_MIN_LEN
        ]

    def find(self, text: str) -> set[str]:
        lookalikes = self._lookalikes.exact(text)
        found = {h.key for h in self._forms.exact(text) if _affirmed(text, h)
                 and not any(n.key == h.key and overlaps(n, h) for n in lookalikes)}
        groups = {h.key for h in self._keywords.exact(text) if _affirmed(text, h)}
        for concept in self._concepts:
            if concept.keywords and concept.id not in found:
                if all((concept.id, i) in groups for i in range(len(concept.keywords))):
                    found.add(concept.id)
        if text:
            grams = _bigrams(text)
            for ident, example, example_grams in self._examples:
                if ident in found or len(text) < 0.7 * len(example):
                    continue
                if len(example_grams & grams) < EXAMPLE_BIGRAM_SHARE * len(example_grams):
                    continue
                if fuzz.partial_ratio(example, text, score_cutoff=EXAMPLE_CUTOFF):
                    found.add(ident)
        return found

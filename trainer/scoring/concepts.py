"""Recognising what a reply *means* for key points, beyond exact rubric phrases.

A concept (a scenario key point or a rubric technique) is found in a reply by any of:
``forms`` (templates, exact), ``keywords`` (every listed template somewhere in the reply, in
any order: the robust way to catch paraphrases in Chinese), or ``examples`` (a close enough
copy of a model sentence). A hit right after a negation (我不帮您办) does not count.

Graded concepts also say what *vague* looks like, because the course's 程序型服务 sounds polite
and commits to nothing: ``vague`` forms are weak stand-ins (尽快, 会有人联系您, 转给相关部门) and
``hedges`` take a concrete form back (一般三个工作日, 具体以实际为准) but say nothing alone
(一般不会出问题). A reply then does the
concept, does it vaguely, or does not do it; a concrete form wins over a stand-in elsewhere in
the reply (尽快处理,三个工作日内答复 is concrete), never over a hedge in its own sentence, and a
stand-in that begins where a concrete form does is what was said (您可以到柜台咨询 is not 您可以到…).
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

from rapidfuzz import fuzz

from trainer.language.guard import is_negated
from trainer.language.matcher import PhraseIndex, RawHit, bigrams as _bigrams, overlaps
from trainer.language.text import BOUNDARIES, clause_bounds, normalize_text
from trainer.language.templates import Variant
from trainer.scoring.rubric import Rubrics

EXAMPLE_CUTOFF = 82.0
EXAMPLE_MIN_LEN = 6
EXAMPLE_BIGRAM_SHARE = 0.5  # a partial_ratio of 82 cannot be reached with less in common
DONE, VAGUE = "done", "vague"

Forms = tuple[tuple[str, list[Variant]], ...]


class Concept(NamedTuple):
    id: str
    name: str
    reason: str
    forms: Forms = ()
    keywords: Forms = ()
    examples: tuple[str, ...] = ()
    not_forms: Forms = ()
    vague: Forms = ()
    hedges: Forms = ()
    vague_reason: str = ""
    press: tuple[str, ...] = ()
    remember: bool = False
    grade_like: str = ""   # a rubric technique whose vague markers this key point shares

    @property
    def graded(self) -> bool:
        return bool(self.vague or self.hedges)


class Grade(NamedTuple):
    """``wording`` is what made a vague verdict (尽快, 一般), as it stands in the normalised reply;
    ``where`` the spans of the forms that made a done one and ``keywords`` those of each keyword
    group when keywords did (neither when a model sentence did); ``marker`` the procedure that made it vague (see ``trainer.scoring.procedure``), if any."""

    verdict: str
    wording: str = ""
    where: tuple[tuple[int, int], ...] = ()
    keywords: tuple[tuple[tuple[int, int], ...], ...] = ()
    marker: str = ""


def technique_concepts(rubrics: Rubrics) -> list[Concept]:
    return [Concept(t.id, t.name, t.reason, t.forms, (), t.examples, t.not_forms, t.vague, t.hedges,
                    t.vague_reason, t.press, t.remember) for t in rubrics.techniques]


def _affirmed(text: str, hit: RawHit) -> bool:
    """Not after a negation, and no negation in the words a gap let in (您的心情…理解 is not
    您的心情我不理解)."""
    return not hit.gap_negated and not is_negated(text, hit.start)


def _asked(text: str, hit: RawHit) -> bool:
    """A stand-in inside a question asks the customer (是近期要用吗?), it promises nothing."""
    end = clause_bounds(text, hit.start, hit.end)[1]
    return end < len(text) and text[end] in "?？" or text[max(0, end - 1):end] in ("吗", "呢")


def affirmed_stand_ins(text: str, hits: list[RawHit]) -> list[RawHit]:
    """The stand-ins (or hedges, or procedure) the reply states: not negated, not asked about."""
    return [h for h in hits if _affirmed(text, h) and not _asked(text, h)]


def _hedged(text: str, hit: RawHit | None, hedges: list[RawHit], vague: list[RawHit]) -> RawHit | None:
    """A hedge in the concrete form's sentence or the next one takes it back; a concept found
    without a place (keywords, examples) is taken back by any hedge or stand-in of its own, since
    those words are likely what the keywords caught."""
    if hit is None:
        return (hedges + vague or [None])[0]
    start, end = clause_bounds(text, hit.start, hit.end)
    if end < len(text) and text[end] in BOUNDARIES:
        end = clause_bounds(text, end + 1, end + 1)[1]
    return next((h for h in hedges if start <= h.start < end), None)


def _forms_index(concepts: list[Concept], attribute: str) -> PhraseIndex:
    return PhraseIndex((c.id, [v for _, vs in getattr(c, attribute) for v in vs]) for c in concepts
                       if getattr(c, attribute))


class ConceptMatcher:
    """Finds many concepts in a normalised reply with a few automata built once."""

    def __init__(self, concepts: Iterable[Concept]):
        self._concepts = list(concepts)
        self._forms = _forms_index(self._concepts, "forms")
        self._lookalikes = _forms_index(self._concepts, "not_forms")
        self._vague = _forms_index(self._concepts, "vague")
        self._hedges = _forms_index(self._concepts, "hedges")
        self._graded = any(c.graded for c in self._concepts)
        self._keywords = PhraseIndex(
            ((c.id, i), list(vs)) for c in self._concepts for i, (_, vs) in enumerate(c.keywords))
        self._examples = [
            (c.id, norm, _bigrams(norm)) for c in self._concepts for e in c.examples
            if len(norm := normalize_text(e)) >= EXAMPLE_MIN_LEN
        ]

    def find(self, text: str) -> set[str]:
        """The concepts the reply does concretely."""
        return {ident for ident, grade in self.grade(text).items() if grade.verdict == DONE}

    def grade(self, text: str) -> dict[str, Grade]:
        """Every concept the reply touches, done or done vaguely."""
        vague = affirmed_stand_ins(text, self._vague.exact(text)) if self._graded else []
        hedges = affirmed_stand_ins(text, self._hedges.exact(text)) if self._graded else []
        lookalikes = self._lookalikes.exact(text)
        placed: dict[str, list[RawHit]] = {}
        for hit in self._forms.exact(text):
            if not _affirmed(text, hit) or any(n.key == hit.key and overlaps(n, hit) for n in lookalikes):
                continue
            if not any(v.key == hit.key and overlaps(v, hit) and v.start <= hit.start for v in vague):
                placed.setdefault(hit.key, []).append(hit)
        found: dict[str, list[RawHit | None]] = {ident: list(hits) for ident, hits in placed.items()}
        scattered = self._unplaced(text, set(found))
        for ident in scattered:
            found[ident] = [None]
        grades: dict[str, Grade] = {}
        for ident, hits in found.items():
            own_hedges = [h for h in hedges if h.key == ident]
            own_vague = [h for h in vague if h.key == ident]
            taken_back = [_hedged(text, hit, own_hedges, own_vague) for hit in hits]
            if not all(taken_back):
                where = [(h.start, h.end) for h, back in zip(hits, taken_back) if h is not None and back is None]
                grades[ident] = Grade(DONE, where=tuple(where), keywords=scattered.get(ident, ()))
            else:
                grades[ident] = Grade(VAGUE, taken_back[0].wording)
        for hit in vague:
            grades.setdefault(hit.key, Grade(VAGUE, hit.wording))
        return grades

    def _unplaced(self, text: str, found: set[str]) -> dict[str, tuple[tuple[tuple[int, int], ...], ...]]:
        """Concepts found by keywords or a model sentence, which name no one place in the reply:
        each with where each of its keyword groups stands (nothing for a model sentence)."""
        out: dict[str, tuple[tuple[tuple[int, int], ...], ...]] = {}
        groups: dict[tuple, list[tuple[int, int]]] = {}
        for h in self._keywords.exact(text):
            if _affirmed(text, h):
                groups.setdefault(h.key, []).append((h.start, h.end))
        for concept in self._concepts:
            if concept.keywords and concept.id not in found:
                keys = [(concept.id, i) for i in range(len(concept.keywords))]
                if all(key in groups for key in keys):
                    out[concept.id] = tuple(tuple(groups[key]) for key in keys)
        if text:
            grams = _bigrams(text)
            for ident, example, example_grams in self._examples:
                if ident in found or ident in out or len(text) < 0.7 * len(example):
                    continue
                if len(example_grams & grams) < EXAMPLE_BIGRAM_SHARE * len(example_grams):
                    continue
                if fuzz.partial_ratio(example, text, score_cutoff=EXAMPLE_CUTOFF):
                    out[ident] = ()
        return out

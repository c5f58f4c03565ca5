"""Judging one reply against the rubrics: forbidden phrases, polite expressions, techniques.

The result explains itself: every hit carries the rubric's reason, so the trainee reads why a
point was lost or won, and spans point back into the text exactly as it was typed.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, Sequence

from trainer import cache, paths
from trainer.scoring.concepts import DONE, ConceptMatcher, Grade, technique_concepts
from trainer.language.guard import has_a_not_a, is_asked, is_negated, is_proper_use, offers_a_way, stands_alone
from trainer.language.lenient import lenient
from trainer.language.matcher import PhraseIndex, RawHit, best_per_key, overlaps
from trainer.scoring.rubric import POLITE_KEYS, Example, Rubrics, load_rubrics
from trainer.scoring.procedure import Procedure
from trainer.scoring.second_opinion import THRESHOLD, SecondOpinion
from trainer.language.text import Normalized, normalize, normalize_text
from trainer.located.values import MAX_FILE_BYTES

MAX_REPLY_CHARS = 100_000
SECOND_OPINION_ID = "second-opinion"
SECOND_OPINION_CATEGORY = "疑似忌语"


class Hit(NamedTuple):
    id: str
    phrase: str
    match: str
    start: int
    end: int
    kind: str
    category: str = ""
    severity: str = ""
    reason: str = ""
    suggestion: str = ""
    source: str = ""
    fuzzy: bool = False
    way_out: bool = False

    def contract_json(self) -> dict:
        return {"id": self.id, "phrase": self.phrase, "match": self.match, "start": self.start, "end": self.end}


class ReplyScore(NamedTuple):
    text: str
    forbidden: Sequence[Hit] = ()
    polite_hits: Sequence[Hit] = ()
    techniques: Sequence[Hit] = ()
    truncated: bool = False
    normalized: str = ""

    @property
    def polite(self) -> list[str]:
        found = {h.id for h in self.polite_hits}
        return [key for key in POLITE_KEYS if key in found]

    @property
    def technique_ids(self) -> list[str]:
        return list(dict.fromkeys(h.id for h in self.techniques))

    @property
    def distinct_forbidden(self) -> list[Hit]:
        """The faults to charge: one per phrase (saying it twice is one fault), and one per
        stretch of text (两个忌语条目 matching the same words are one thing said)."""
        kept: list[Hit] = []
        for hit in sorted(self.forbidden, key=lambda h: (h.severity != "critical", h.start)):
            if any(k.id == hit.id or (hit.start < k.end and k.start < hit.end) for k in kept):
                continue
            kept.append(hit)
        return sorted(kept, key=lambda h: h.start)

    @property
    def critical(self) -> bool:
        return any(h.severity == "critical" for h in self.forbidden)

    def to_json(self) -> dict:
        """The ``trainer score --json`` contract (BRIEF §7) plus explanatory extras."""
        forbidden = []
        for hit in self.forbidden:
            item = hit.contract_json()
            item.update(category=hit.category, severity=hit.severity, reason=hit.reason,
                        suggestion=hit.suggestion, source=hit.source, fuzzy=hit.fuzzy)
            forbidden.append(item)
        return {
            "text": self.text,
            "forbidden": forbidden,
            "polite": self.polite,
            "polite_hits": [h.contract_json() | {"category": h.category} for h in self.polite_hits],
            "techniques": self.technique_ids,
            "truncated": self.truncated,
        }


def _materialise(norm: Normalized, raw: RawHit) -> tuple[int, int, str]:
    start, end = norm.span(raw.start, raw.end)
    return start, end, norm.original[start:end]


class Scorer:
    """Built once per rubric set; ``score`` is the per-reply hot path."""

    def __init__(self, rubrics: Rubrics):
        # The labelled examples are needed only to train the second opinion; kept, every served
        # session would hold all of them.
        self.rubrics = Rubrics(rubrics.forbidden, rubrics.polite, rubrics.techniques, files=rubrics.files,
                               procedure=rubrics.procedure)
        self._forbidden = {p.id: p for p in rubrics.forbidden}
        self._asks: set[str] = set()
        self._polite = {c.id: c for c in rubrics.polite}
        self._techniques = {t.id: t for t in rubrics.techniques}
        # A bare reply (alone) counts only as its whole clause; near copies of one found nothing
        # on any labelled set that its exact forms and the lenient reading did not, and cost every reply.
        # Near copies of the other phrases are what the second opinion learns from the examples:
        # with it, the fuzzy pass found nothing more on any labelled set and cost every reply about
        # a third of its time, so it stands in only for a rubric folder without examples.
        self._forbidden_index = PhraseIndex(self._forbidden_wordings(rubrics), fuzzy=not rubrics.examples,
                                            exact_only={p.id for p in rubrics.forbidden if p.alone})
        self._allow_index = PhraseIndex(
            (p.id, [v for _, variants in p.allow for v in variants]) for p in rubrics.forbidden if p.allow)
        self._polite_index = PhraseIndex((c.id, [v for _, vs in c.forms for v in vs]) for c in rubrics.polite)
        self._not_polite_index = PhraseIndex(
            (c.id, [v for _, vs in c.not_forms for v in vs]) for c in rubrics.polite if c.not_forms)
        self._techniques_matcher = ConceptMatcher(technique_concepts(rubrics))
        self.procedure = Procedure(rubrics.procedure, rubrics.polite)
        self.commitments = {t.id for t in rubrics.techniques if t.vague or t.hedges}
        self.courtesies = {t.id for t in rubrics.techniques if t.courtesy}
        # Without labelled examples the rubric's few hundred phrases are too little to learn from.
        self._second_opinion = SecondOpinion(_training(rubrics), normalize_text) if rubrics.examples else None

    def _forbidden_wordings(self, rubrics: Rubrics):
        """Each entry's wordings, multiplied out once for both the index and the A-not-A check."""
        for phrase in rubrics.forbidden:
            variants = [v for _, vs in phrase.forms for v in vs]
            if any(has_a_not_a(v.text) for v in variants):
                self._asks.add(phrase.id)
            yield phrase.id, variants

    def score(self, text: str, techniques: bool = False) -> ReplyScore:
        """Forbidden phrases and polite expressions; rubric techniques only when asked, since the
        engine recognises them (with scenario key points) in one pass of its own."""
        truncated = len(text) > MAX_REPLY_CHARS
        norm = normalize(text[:MAX_REPLY_CHARS] if truncated else text)
        return ReplyScore(
            text=text,
            forbidden=self._find_forbidden(norm),
            polite_hits=self._find_polite(norm),
            techniques=self._find_techniques(norm) if techniques else [],
            truncated=truncated,
            normalized=norm.text,
        )

    def _find_forbidden(self, norm: Normalized) -> list[Hit]:
        """Phrases as typed, then phrases said with a typo or an English word inside, then the
        statistical second opinion, unless the forms found words they know were used properly:
        their proper uses (a quoted phrase rejected, a refusal with an alternative) are knowledge the
        model does not have."""
        hits, excused = self._forbidden_in(norm)
        loose = lenient(norm)
        if loose is not None:
            found = {h.id for h in hits}
            more, excused_loosely = self._forbidden_in(loose)
            hits += [h for h in more if h.id not in found]
            excused = excused or excused_loosely
        if not hits and not excused and self._second_opinion is not None:
            hits += self._second_opinion_hits(norm)
        return hits

    def _second_opinion_hits(self, norm: Normalized) -> list[Hit]:
        opinion = self._second_opinion.judge(norm.text)
        # An A-not-A question inside the stretch (是不是, 买不买) is no way out of what the model
        # weighed (so is_asked is not checked): unlike a listed phrase, the stretch was never the
        # words of a polite question.
        if opinion is None or is_proper_use(norm.text, opinion.start, opinion.end):
            return []
        nearest = opinion.nearest
        start, end = norm.span(opinion.start, opinion.end)
        pieces = f",起作用的字词是「{'」「'.join(opinion.pieces)}」" if opinion.pieces else ""
        reason = (f"忌语表没有列出这个说法,但统计判断它像忌语(得分 {opinion.log_odds:.1f},{THRESHOLD} 分起判):"
                  f"和已知忌语「{nearest.text}」说法相近{pieces}。")
        source = f"统计第二意见,学自 rubrics/examples.yaml 的例句;相近忌语出自:{nearest.source}"
        sentence = norm.text[opinion.start:opinion.end]
        return [Hit(SECOND_OPINION_ID, nearest.text, norm.original[start:end], start, end, "forbidden",
                    SECOND_OPINION_CATEGORY, "minor", reason, self._second_opinion.suggestion(opinion, sentence),
                    source, fuzzy=True)]

    def _forbidden_in(self, norm: Normalized) -> tuple[list[Hit], bool]:
        """The hits, and whether any phrase found was excused as a proper use."""
        found = best_per_key(self._forbidden_index.search(norm.text))
        allowed = self._allow_index.exact(norm.text) if found else []
        hits = []
        excused = False
        for raw in found:
            entry = self._forbidden[raw.key]
            # Not a proper use: the words asked a question, and the second opinion may still judge the rest.
            if raw.key not in self._asks and is_asked(norm.text, raw.start, raw.end):
                continue
            if (is_proper_use(norm.text, raw.start, raw.end)
                    or any(a.key == raw.key and overlaps(a, raw) for a in allowed)
                    or (entry.way_out and offers_a_way(norm.text, raw.start, raw.end))):
                excused = True
                continue
            if entry.alone and not stands_alone(norm.text, raw.start, raw.end):
                continue
            start, end, match = _materialise(norm, raw)
            hits.append(Hit(entry.id, entry.phrase, match, start, end, "forbidden", entry.category,
                            entry.severity, entry.reason, entry.suggestion, entry.source, raw.fuzzy, entry.way_out))
        return hits, excused

    def _find_polite(self, norm: Normalized) -> list[Hit]:
        found = best_per_key(self._polite_index.exact(norm.text))
        lookalikes = self._not_polite_index.exact(norm.text) if found else []
        hits = []
        for raw in found:
            if any(n.key == raw.key and overlaps(n, raw) for n in lookalikes):
                continue
            if is_negated(norm.text, raw.start):
                continue
            category = self._polite[raw.key]
            start, end, match = _materialise(norm, raw)
            hits.append(Hit(category.id, raw.wording, match, start, end, "polite", category.name,
                            reason=category.reason, source=category.source))
        return hits

    def technique_ids(self, normalized: str) -> set[str]:
        """The rubric techniques a normalised reply does concretely."""
        return {ident for ident, grade in self.technique_grades(normalized).items() if grade.verdict == DONE}

    def technique_grades(self, normalized: str, settled: bool = True) -> dict[str, Grade]:
        """The rubric techniques a reply touches, each done or done vaguely; unsettled, before the
        procedure beside them is weighed, for a reader that weighs it with concepts of its own."""
        grades = self._techniques_matcher.grade(normalized)
        if not settled:
            return grades
        stated = self.procedure.stated(normalized, grades, self.commitments)
        return self.procedure.settle(normalized, grades, stated, self.courtesies)

    def _find_techniques(self, norm: Normalized) -> list[Hit]:
        found = self.technique_ids(norm.text)
        return [Hit(t.id, t.name, "", 0, 0, "technique", t.name, reason=t.reason, source=t.source)
                for t in self.rubrics.techniques if t.id in found]


def _training(rubrics: Rubrics) -> list[Example]:
    """The labelled examples, and each rubric phrase beside its proper wording."""
    own = []
    for phrase in rubrics.forbidden:
        own.append(Example(phrase.phrase, True, phrase.category, phrase.source, phrase.suggestion))
        own.append(Example(phrase.suggestion, False, phrase.category, phrase.source))
    return rubrics.examples + own


_loaded: dict[Path, Scorer] = {}


def load_scorer(directory: Path | None = None) -> Scorer:
    """One scorer per rubric folder per process, compiled once per content (``trainer.cache``)."""
    folder = (directory or paths.rubrics_dir()).resolve()
    if folder not in _loaded:
        _loaded[folder] = compiled_scorer(folder)
    return _loaded[folder]


def scorer_key(folder: Path) -> str:
    return cache.content_key("scorer", folder, MAX_FILE_BYTES)


def compiled_scorer(folder: Path, use_cache: bool = True) -> Scorer:
    """From the cache when this exact content was compiled before; broken rubrics are never cached."""
    key = scorer_key(folder)
    found = cache.load("scorer", key) if use_cache else None
    if isinstance(found, Scorer):
        return found
    scorer = Scorer(load_rubrics(folder))
    if use_cache:
        cache.save("scorer", key, scorer)
    return scorer

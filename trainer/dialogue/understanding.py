"""What a reply means to one scenario: the ids its branch conditions and key points ask about.

Ids come from three places that share one namespace: the scenario's own key points, the rubric
techniques (empathy, ask, solution …) and the polite categories (greeting, apology …). Graded
ones are read as done or done vaguely (程序型服务: polite words that commit to nothing), and any of
them found behind procedure alone (按流程处理, 请您耐心等待) is vague too: the scenario's own points
are weighed with the techniques, so a concrete commitment of either kind keeps both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.dialogue.memory import capture
from trainer.dialogue.scenario import Scenario
from trainer.scoring.concepts import DONE, Concept, ConceptMatcher
from trainer.scoring.rubric import POLITE_KEYS, Rubrics
from trainer.scoring.scorer import ReplyScore, Scorer

TIMED = ("timeframe",)


def rubric_ids(rubrics: Rubrics) -> set[str]:
    return {t.id for t in rubrics.techniques} | set(POLITE_KEYS)


@dataclass(frozen=True)
class Reading:
    """``done`` ids, ``vague`` ids with the words that made them vague, and the values offered;
    ``behind`` names the procedure marker for the vague ids that procedure made vague, and
    ``procedure`` is what the reply answered with instead of a commitment (按流程处理, 请您耐心等待)."""

    done: frozenset
    vague: dict = field(default_factory=dict)
    slots: dict = field(default_factory=dict)
    behind: dict = field(default_factory=dict)
    procedure: tuple = ()


def _sharing_markers(concept: Concept, techniques: dict) -> Concept:
    """A key point graded like a rubric technique (or redefining one under its id) adds to that
    technique rather than replacing it: its forms, its vague markers, its memory."""
    like = techniques.get(concept.grade_like or concept.id)
    if like is None:
        return concept
    concept = concept._replace(vague=concept.vague + like.vague, hedges=concept.hedges + like.hedges,
                               vague_reason=concept.vague_reason or like.vague_reason, press=concept.press or like.press)
    return concept._replace(forms=concept.forms + like.forms, not_forms=concept.not_forms + like.not_forms,
                            examples=concept.examples + like.examples, remember=concept.remember or like.remember)


class Understanding:
    """Built once per scenario; maps a scored reply to what it does for this scenario.

    Only the scenario's own key points are matched here; the rubric techniques come from the
    scorer's one shared matcher, except those a scenario redefines under the same id.
    """

    def __init__(self, scenario: Scenario, scorer: Scorer):
        techniques = {t.id: t for t in scorer.rubrics.techniques}
        own = [_sharing_markers(c, techniques) for c in scenario.key_points.values()]
        self._scorer = scorer
        self._own = ConceptMatcher(own)
        self._overridden = set(scenario.key_points)
        self._commitments = (scorer.commitments - self._overridden) | {c.id for c in own if c.graded}
        self._courtesies = {c.id for c in own if (c.grade_like or c.id) in scorer.courtesies} | (
            scorer.courtesies - self._overridden)
        scored = {ref.id for node in scenario.nodes.values() for ref in node.key_points}
        self._signals = frozenset(c.id for c in own if c.id not in scored)
        self._timed = {c.id for c in own if (c.grade_like or c.id) in TIMED} | set(TIMED)
        self.names = {t.id: t.name for t in techniques.values()} | {c.id: c.name for c in own}
        self.reasons = {t.id: t.reason for t in techniques.values()} | {c.id: c.reason for c in own}
        self.vague_reasons = {t.id: t.vague_reason for t in techniques.values() if t.vague_reason} | {
            c.id: c.vague_reason for c in own if c.vague_reason}
        self.press = {t.id: t.press for t in techniques.values() if t.press} | {c.id: c.press for c in own if c.press}
        self.remembered = {t.id for t in techniques.values() if t.remember} | {c.id for c in own if c.remember}
        for category in scorer.rubrics.polite:
            self.names.setdefault(category.id, category.name)
            self.reasons.setdefault(category.id, category.reason)

    def vague_reason(self, ident: str, marker: str = "") -> str:
        """Why a point was only half done: the procedure it hid behind, or its own vague words."""
        return self._scorer.procedure.reason(marker) or self.vague_reasons.get(ident, "")

    def press_lines(self, ident: str, marker: str = "") -> tuple[str, ...]:
        """What the customer says to press for the specifics a vague point lacked."""
        return self._scorer.procedure.press(marker) or self.press.get(ident, ())

    def read(self, result: ReplyScore) -> Reading:
        text = result.normalized
        grades = {k: g for k, g in self._scorer.technique_grades(text, settled=False).items()
                  if k not in self._overridden}
        grades |= self._own.grade(text)
        procedure = self._scorer.procedure
        stated = procedure.stated(text, grades, self._commitments, self._signals)
        grades = procedure.settle(text, grades, stated, self._courtesies, self._signals)
        done = {k for k, g in grades.items() if g.verdict == DONE} | set(result.polite)
        vague = {k: g.wording for k, g in grades.items() if g.verdict != DONE}
        behind = {k: g.marker for k, g in grades.items() if g.verdict != DONE and g.marker}
        return Reading(frozenset(done), vague, capture(text, bool(done & self._timed)), behind,
                       tuple(m.wording for m in stated))

    def ids(self, result: ReplyScore) -> set[str]:
        return set(self.read(result).done)

"""What a reply means to one scenario: the ids its branch conditions and key points ask about.

Ids come from three places that share one namespace: the scenario's own key points, the rubric
techniques (empathy, ask, solution …) and the polite categories (greeting, apology …).
"""

from __future__ import annotations

from trainer.scoring.concepts import ConceptMatcher
from trainer.scoring.rubric import POLITE_KEYS, Rubrics
from trainer.dialogue.scenario import Scenario
from trainer.scoring.scorer import ReplyScore, Scorer


def rubric_ids(rubrics: Rubrics) -> set[str]:
    return {t.id for t in rubrics.techniques} | set(POLITE_KEYS)


class Understanding:
    """Built once per scenario; maps a scored reply to the set of ids it satisfies.

    Only the scenario's own key points are matched here; the rubric techniques come from the
    scorer's one shared matcher, except those a scenario redefines under the same id.
    """

    def __init__(self, scenario: Scenario, scorer: Scorer):
        self._scorer = scorer
        self._own = ConceptMatcher(scenario.key_points.values())
        self._overridden = set(scenario.key_points)
        self.names = {t.id: t.name for t in scorer.rubrics.techniques} | {c.id: c.name for c in scenario.key_points.values()}
        self.reasons = {t.id: t.reason for t in scorer.rubrics.techniques} | {
            c.id: c.reason for c in scenario.key_points.values()}
        for category in scorer.rubrics.polite:
            self.names.setdefault(category.id, category.name)
            self.reasons.setdefault(category.id, category.reason)

    def ids(self, result: ReplyScore) -> set[str]:
        techniques = self._scorer.technique_ids(result.normalized) - self._overridden
        return self._own.find(result.normalized) | techniques | set(result.polite)

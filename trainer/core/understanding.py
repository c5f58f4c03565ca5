"""What a reply means to one scenario: the ids its branch conditions and key points ask about.

Ids come from three places that share one namespace: the scenario's own key points, the rubric
techniques (empathy, ask, solution …) and the polite categories (greeting, apology …).
"""

from __future__ import annotations

from trainer.core.concepts import ConceptMatcher, technique_concepts
from trainer.core.rubric import POLITE_KEYS, Rubrics
from trainer.core.scenario import Scenario
from trainer.core.scorer import ReplyScore


def rubric_ids(rubrics: Rubrics) -> set[str]:
    return {t.id for t in rubrics.techniques} | set(POLITE_KEYS)


class Understanding:
    """Built once per scenario; maps a scored reply to the set of ids it satisfies."""

    def __init__(self, scenario: Scenario, rubrics: Rubrics):
        concepts = list(scenario.key_points.values()) + [
            c for c in technique_concepts(rubrics) if c.id not in scenario.key_points
        ]
        self._matcher = ConceptMatcher(concepts)
        self.names = {c.id: c.name for c in concepts}
        self.reasons = {c.id: c.reason for c in concepts}
        for category in rubrics.polite:
            self.names.setdefault(category.id, category.name)
            self.reasons.setdefault(category.id, category.reason)

    def ids(self, result: ReplyScore) -> set[str]:
        return self._matcher.find(result.normalized) | set(result.polite)

"""``trainer explore``: many seeded random playthroughs, like ChoiceScript's randomtest.

A trainee's reply is free text, so random paths cannot pick "option 2": they pick a reply at
random from the sample replies the author already wrote — every reply of the scenario's test
file (scripts and steps) plus each node's reference reply and two replies that say nothing of substance — and play it wherever the session is.
A reply written for one node is often off-topic at another, which is exactly what exercises the
fallbacks. The report lists nodes never visited, endings never reached and branches never taken;
the same seed always gives the same report.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from trainer.dialogue.engine import Session
from trainer.dialogue.scenario import Scenario
from trainer.authoring.scenario_tests import TestFile
from trainer.scoring.scorer import ReplyScore, Scorer
from trainer.dialogue.understanding import Understanding

MAX_TURNS_PER_RUN = 60   # a safety stop: the scenario's own max_turns normally ends a run first
# Replies that say nothing of substance, as a real trainee sometimes does: they exercise fallbacks.
NEUTRAL_REPLIES = ("嗯。", "好的,我知道了。")


class _MemoScorer:
    """Scores each distinct reply once: the pool is small and replies repeat thousands of times."""

    def __init__(self, scorer: Scorer):
        self.rubrics = scorer.rubrics
        self._scorer = scorer
        self._cache: dict[str, ReplyScore] = {}

    def score(self, text: str) -> ReplyScore:
        if text not in self._cache:
            self._cache[text] = self._scorer.score(text)
        return self._cache[text]


@dataclass
class ExploreReport:
    scenario: str
    runs: int
    seed: int
    replies: int
    node_visits: Counter = field(default_factory=Counter)
    ending_counts: Counter = field(default_factory=Counter)
    branches_taken: set = field(default_factory=set)
    unvisited_nodes: list[str] = field(default_factory=list)
    unreached_endings: list[str] = field(default_factory=list)
    untaken_branches: list[str] = field(default_factory=list)
    unfinished: int = 0
    turns: int = 0

    @property
    def ok(self) -> bool:
        return not self.unvisited_nodes

    def to_json(self) -> dict:
        return {
            "scenario": self.scenario, "runs": self.runs, "seed": self.seed, "replies": self.replies,
            "ok": self.ok, "average_turns": round(self.turns / self.runs, 2) if self.runs else 0,
            "unfinished": self.unfinished, "node_visits": dict(self.node_visits),
            "endings": dict(self.ending_counts), "unvisited_nodes": self.unvisited_nodes,
            "unreached_endings": self.unreached_endings, "untaken_branches": self.untaken_branches,
        }


def sample_replies(scenario: Scenario, tests: TestFile | None, neutral: bool = True) -> list[str]:
    """The pool random paths draw from, de-duplicated in a stable order."""
    pool: list[str] = list(NEUTRAL_REPLIES) if neutral else []
    if tests is not None:
        for script in tests.scripts:
            pool.extend(script.replies)
        pool.extend(step.reply for step in tests.steps)
    pool.extend(node.reference for node in scenario.nodes.values())
    return list(dict.fromkeys(r for r in pool if r is not None))


def explore(scenario: Scenario, scorer: Scorer, replies: list[str], runs: int = 200, seed: int = 0) -> ExploreReport:
    """Play ``runs`` sessions, each reply drawn at random from ``replies``; deterministic per seed."""
    rng = random.Random(seed)
    memo = _MemoScorer(scorer)
    understanding = Understanding(scenario, scorer)
    report = ExploreReport(scenario.id, runs, seed, len(replies))
    pool = replies or [""]
    for _ in range(runs):
        session = Session(scenario, memo, understanding=understanding)
        report.node_visits[scenario.start] += 1
        for _ in range(MAX_TURNS_PER_RUN):
            if session.finished:
                break
            turn = session.reply(rng.choice(pool))
            report.turns += 1
            report.branches_taken.add((turn["node"], turn["branch"]))
            if turn["next"] in scenario.nodes and turn["next"] != turn["node"]:
                report.node_visits[turn["next"]] += 1
        if session.finished:
            report.ending_counts[session.state.ending] += 1
        else:
            report.unfinished += 1
    report.unvisited_nodes = [n for n in scenario.nodes if not report.node_visits[n]]
    report.unreached_endings = [e for e in scenario.endings if not report.ending_counts[e]]
    report.untaken_branches = [
        f"{node.id}:{via}[{index}]"
        for node in scenario.nodes.values()
        for via, branches in (("branches", node.branches), ("fallback", node.fallback))
        for index in range(1, len(branches) + 1)
        if (node.id, f"{via}[{index}]") not in report.branches_taken
    ]
    return report

"""The scenario model: a customer, dialogue nodes with branches, and endings.

Plain frozen dataclasses, built only by ``scenario_loader`` from YAML; the engine reads them and
never changes them, so one loaded library can serve many sessions at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.scoring.concepts import Concept

ROLES = ("柜员", "大堂经理", "客户经理", "网点负责人", "客服")
DIFFICULTIES = ("初级", "中级", "高级")
ENDING_KINDS = ("success", "partial", "failure")
TEMPERAMENTS = ("活泼型", "力量型", "和平型", "分析型")
MOOD_MIN, MOOD_MAX = 0, 100


@dataclass(frozen=True)
class Condition:
    """Every field that is set must hold (AND). ``None`` means "not asked"."""

    forbidden: str | None = None          # "any" | "critical" | "major" | "none"
    forbidden_ids: tuple[str, ...] = ()
    has: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    at_least: int = 1
    lacks: tuple[str, ...] = ()
    vague: tuple[str, ...] = ()           # each done only vaguely in this reply, never concretely so far
    mood_at_least: int | None = None
    mood_below: int | None = None
    vars: tuple[tuple[str, object], ...] = ()
    visits_at_least: int | None = None
    misses_at_least: int | None = None
    turn_at_least: int | None = None

    def ids(self) -> tuple[str, ...]:
        return self.has + self.any + self.lacks + self.vague


@dataclass(frozen=True)
class Branch:
    when: Condition
    goto: str | None
    mood: int = 0
    set: tuple[tuple[str, object], ...] = ()
    add: tuple[tuple[str, int], ...] = ()
    say: tuple[str, ...] = ()
    because: str = ""
    line: int = 0


@dataclass(frozen=True)
class KeyPointRef:
    id: str
    weight: float = 1.0


@dataclass(frozen=True)
class Node:
    id: str
    say: tuple[str, ...]
    key_points: tuple[KeyPointRef, ...]
    reference: str
    branches: tuple[Branch, ...]
    fallback: tuple[Branch, ...]
    grievance: bool = False
    line: int = 0


@dataclass(frozen=True)
class Ending:
    id: str
    kind: str
    title: str
    debrief: str
    say: tuple[str, ...] = ()
    line: int = 0
    credit: tuple[tuple[str, str], ...] = ()   # (id, sentence) added when the point was done
    missed: tuple[tuple[str, str], ...] = ()   # (id, sentence) added when it was not


@dataclass(frozen=True)
class Customer:
    name: str
    age: int | None
    temperament: str
    need: str
    mood: int
    description: str = ""


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    role: str
    difficulty: str
    minutes: float
    summary: str
    objectives: tuple[str, ...]
    source: str
    customer: Customer
    start: str
    nodes: dict[str, Node]
    endings: dict[str, Ending]
    key_points: dict[str, Concept] = field(default_factory=dict)
    always: tuple[Branch, ...] = ()
    variables: tuple[tuple[str, object], ...] = ()
    max_turns: int = 8
    on_timeout: str = ""
    on_rage: str = ""
    on_vague: str = ""   # the ending a success becomes while a commitment is left vague
    channel: str = "柜台"
    file: str = ""

    def target_exists(self, target: str) -> bool:
        return target in self.nodes or target in self.endings

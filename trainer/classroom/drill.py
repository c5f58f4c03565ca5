"""Classroom drills: teams perform a scenario, observers mark a checklist, the trainer wraps up.

The course is taught this way (prepare four minutes, perform two, the others observe and
comment). Refusals are in Chinese because the trainer in front of the class reads them as they are. Three scores stand side by side on the scoreboard — automatic, observers', and the
trainer's override with its reason — and the final one says which it is, so no score is ever
replaced silently.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from statistics import mean

from trainer.dialogue.scenario import Scenario
from trainer.dialogue.understanding import Understanding
from trainer.store import Store

PREP_SECONDS, PERFORM_SECONDS = 240, 120
PLAN, OBSERVATION, OVERRIDE = "plan", "observation", "override"
MAX_COMMENT = 2000


@dataclass(frozen=True)
class Team:
    name: str
    members: tuple[str, ...]
    scenario_id: str


@dataclass(frozen=True)
class DrillPlan:
    id: str
    title: str
    teams: tuple[Team, ...]
    observers: tuple[str, ...] = ()
    prep_seconds: int = PREP_SECONDS
    perform_seconds: int = PERFORM_SECONDS

    def team(self, name: str) -> Team:
        found = next((t for t in self.teams if t.name == name), None)
        if found is None:
            raise KeyError(f"no team {name!r} in drill {self.id}")
        return found

    def to_json(self) -> dict:
        return asdict(self) | {"teams": [asdict(t) | {"members": list(t.members)} for t in self.teams],
                               "observers": list(self.observers)}

    @classmethod
    def from_json(cls, data: dict) -> "DrillPlan":
        teams = tuple(Team(t["name"], tuple(t["members"]), t["scenario_id"]) for t in data["teams"])
        return cls(data["id"], data["title"], teams, tuple(data.get("observers", ())),
                   data.get("prep_seconds", PREP_SECONDS), data.get("perform_seconds", PERFORM_SECONDS))


def new_plan(title: str, teams: list[Team], observers: list[str] = (), prep_seconds: int = PREP_SECONDS,
             perform_seconds: int = PERFORM_SECONDS) -> DrillPlan:
    if not teams:
        raise ValueError("至少要有一个组。")
    names = [t.name.strip() for t in teams]
    if any(not n for n in names) or len(set(names)) != len(names):
        raise ValueError("每个组都要有组名,且组名不能重复。")
    if prep_seconds < 0 or perform_seconds <= 0:
        raise ValueError("准备时间不能为负数,表演时间要大于 0。")
    return DrillPlan(uuid.uuid4().hex[:12], title.strip() or "课堂演练", tuple(teams), tuple(observers),
                     prep_seconds, perform_seconds)


@dataclass(frozen=True)
class Countdown:
    """A phase timer that the UI only draws; ``elapsed`` comes from the caller's clock."""

    total: int

    def remaining(self, elapsed: float) -> int:
        return max(0, int(round(self.total - elapsed)))

    def over(self, elapsed: float) -> bool:
        return elapsed >= self.total

    @staticmethod
    def label(seconds: int) -> str:
        return f"{seconds // 60:02d}:{seconds % 60:02d}"


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    name: str


def checklist(scenario: Scenario, understanding: Understanding) -> list[ChecklistItem]:
    """What observers tick: the scenario's key points, once each, in the order nodes use them."""
    seen: dict[str, ChecklistItem] = {}
    for node in scenario.nodes.values():
        for ref in node.key_points:
            seen.setdefault(ref.id, ChecklistItem(ref.id, understanding.names.get(ref.id, ref.id)))
    return list(seen.values())


def record_plan(store: Store, plan: DrillPlan) -> None:
    store.add_drill_event(plan.id, PLAN, plan.to_json())


def list_plans(store: Store) -> list[DrillPlan]:
    return [DrillPlan.from_json(e.payload) for e in store.drill_events(kind=PLAN)][::-1]


def record_observation(store: Store, plan: DrillPlan, team: str, observer: str, marks: dict[str, bool],
                       comment: str = "") -> float:
    """An observer's checklist for one team; returns the observer's score (share of items ticked).

    A drill that names its observers takes sheets from them only, so a typo or a stranger cannot
    add a voice to the average.
    """
    plan.team(team)
    observer = observer.strip()
    if not observer:
        raise ValueError("请选择观察员。" if plan.observers else "请填写观察员姓名。")
    if plan.observers and observer not in plan.observers:
        raise ValueError(f"「{observer}」不是这次演练的观察员。")
    score = round(100 * sum(bool(v) for v in marks.values()) / len(marks)) if marks else 0
    store.add_drill_event(plan.id, OBSERVATION, {"marks": marks, "comment": comment[:MAX_COMMENT], "score": score},
                          team=team, author=observer)
    return score


def record_override(store: Store, plan: DrillPlan, team: str, score: float, reason: str, author: str = "培训师") -> None:
    plan.team(team)
    if not reason.strip():
        raise ValueError("调整分数必须写明理由。")
    if not 0 <= score <= 100:
        raise ValueError("分数应在 0 到 100 之间。")
    store.add_drill_event(plan.id, OVERRIDE, {"score": score, "reason": reason.strip()[:MAX_COMMENT]},
                          team=team, author=author)


@dataclass
class TeamResult:
    team: str
    scenario_id: str
    auto: float | None = None
    session_id: int | None = None
    ending_kind: str | None = None
    observers: list[dict] = field(default_factory=list)
    override: dict | None = None

    @property
    def observer_average(self) -> float | None:
        return round(mean(o["score"] for o in self.observers), 1) if self.observers else None

    @property
    def final(self) -> float | None:
        return self.override["score"] if self.override else self.auto

    @property
    def final_source(self) -> str:
        return "培训师调整" if self.override else ("系统评分" if self.auto is not None else "未完成")


def scoreboard(store: Store, plan: DrillPlan) -> list[TeamResult]:
    """Teams ranked by final score; a team's latest finished session is its performance and each
    observer's latest sheet their mark."""
    results = {t.name: TeamResult(t.name, t.scenario_id) for t in plan.teams}
    for record in store.list_sessions(drill_id=plan.id):
        result = results.get(record.team or "")
        if result and record.finished_at and record.score is not None and result.session_id is None:
            result.auto, result.session_id, result.ending_kind = record.score, record.id, record.ending_kind
    for event in store.drill_events(plan.id):
        result = results.get(event.team or "")
        if result is None:
            continue
        entry = event.payload | {"author": event.author, "at": event.created_at}
        if event.kind == OBSERVATION:
            # Each observer counts once, with their latest sheet: saving again corrects, it does not outvote.
            result.observers = [o for o in result.observers if o["author"] != event.author] + [entry]
        elif event.kind == OVERRIDE:
            result.override = entry
    return sorted(results.values(), key=lambda r: (r.final is None, -(r.final or 0), r.team))

"""What a training report holds: plain, immutable values that a command, a screen or an exporter
can show without knowing how they were counted (that lives in ``aggregate``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

VIEWS = {"trainee": "按学员", "team": "按团队", "scenario": "按情景", "period": "按周期"}
PERIODS = {"week": "周", "month": "月"}
DIMENSIONS = {"key_points": "要点", "polite": "礼貌用语", "forbidden": "服务忌语", "outcome": "结果"}
ENDING_KINDS = {"success": "成功", "partial": "部分成功", "failure": "失败"}
NO_TEAM = "(未分组)"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass(frozen=True)
class Count:
    """A recurring mistake: a forbidden phrase or a key point, with how often it came back."""

    id: str
    text: str
    count: int


@dataclass(frozen=True)
class Row:
    """One trainee, team, scenario or period (or everything, for the overall row).

    ``scores`` are the finished attempts' scores in time order, so a screen can draw the row's
    own trend; ``dimensions`` are average percentages of each dimension's maximum.
    """

    key: str
    label: str
    attempts: int
    finished: int
    abandoned: int
    average: float | None
    best: float | None
    trend: float | None
    scores: tuple[float, ...]
    dimensions: dict[str, float]
    forbidden: tuple[Count, ...]
    missed: tuple[Count, ...]
    endings: dict[str, int]

    def to_json(self) -> dict:
        return {
            "key": self.key, "label": self.label, "attempts": self.attempts, "finished": self.finished,
            "abandoned": self.abandoned, "average": _round(self.average), "best": self.best,
            "trend": _round(self.trend), "scores": list(self.scores),
            "dimensions": {k: _round(v) for k, v in self.dimensions.items()},
            "forbidden": [{"id": c.id, "phrase": c.text, "count": c.count} for c in self.forbidden],
            "missed_key_points": [{"id": c.id, "name": c.text, "count": c.count} for c in self.missed],
            "endings": dict(self.endings),
        }


@dataclass(frozen=True)
class Point:
    """One finished attempt on the score-over-time line; ``at`` is in the report's time zone."""

    at: datetime
    score: float
    trainee: str
    team: str | None
    scenario: str

    def to_json(self) -> dict:
        return {"at": self.at.isoformat(), "score": self.score, "trainee": self.trainee, "team": self.team,
                "scenario": self.scenario}


@dataclass(frozen=True)
class Report:
    """``filters`` echoes what was asked (readable values, ``None`` when not filtered), so an
    exported file says which slice of the records it describes."""

    filters: dict[str, str | None]
    period: str
    overall: Row
    by_trainee: tuple[Row, ...]
    by_team: tuple[Row, ...]
    by_scenario: tuple[Row, ...]
    by_period: tuple[Row, ...]
    series: tuple[Point, ...]

    def view(self, name: str) -> tuple[Row, ...]:
        if name not in VIEWS:
            raise ValueError(f"view must be one of {tuple(VIEWS)}, got {name!r}")
        return getattr(self, f"by_{name}")

    def to_json(self) -> dict:
        return {
            "filters": dict(self.filters),
            "period": self.period,
            "overall": self.overall.to_json(),
            **{f"by_{name}": [row.to_json() for row in self.view(name)] for name in VIEWS},
            "series": [point.to_json() for point in self.series],
        }

"""Counting the records store into a report: who improved and which mistakes keep coming back.

Every attempt is placed in time by when it started (abandoned attempts have no other moment),
in the report's time zone — the branch's local time by default — so a session at 07:00 on a
Monday in Beijing lands in Monday's week, not in Sunday's as it would in UTC. Only finished
attempts carry a score; abandoned ones count as attempts that were not finished.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from trainer.reports.model import DIMENSIONS, ENDING_KINDS, NO_TEAM, PERIODS, Count, Point, Report, Row
from trainer.reports.people import same_people
from trainer.store import ABANDONED, SessionRecord, Store, Trainee

TOP = 5


@dataclass(frozen=True)
class _Attempt:
    record: SessionRecord
    trainee: Trainee
    at: datetime

    @property
    def finished(self) -> bool:
        return self.record.finished_at is not None and self.record.ending_kind != ABANDONED

    @property
    def summary(self) -> dict:
        return self.record.summary or {}


def trend(scores: list[float]) -> float | None:
    """Least-squares slope of score against attempt number, in points per attempt.

    Chosen over "second-half average minus first-half average" because it weighs every attempt
    by its place in the sequence, so one attempt crossing the midpoint of an odd count cannot
    swing the verdict, and it reads plainly as "每练一次涨几分". Under two scores there is no
    trend (``None``). It mixes scenarios of different difficulty; read it beside the scenario view.
    """
    n = len(scores)
    if n < 2:
        return None
    mean_x, mean_y = (n - 1) / 2, sum(scores) / n
    spread = sum((x - mean_x) ** 2 for x in range(n))
    return sum((x - mean_x) * (y - mean_y) for x, y in enumerate(scores)) / spread


def period_of(moment: date, period: str) -> tuple[str, str]:
    """The bucket's sortable key (ISO week ``2024-W18`` or ``2024-05``) and its readable label."""
    if period == "month":
        return f"{moment:%Y-%m}", f"{moment.year}年{moment.month}月"
    monday = moment - timedelta(days=moment.weekday())
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}", f"{monday:%Y-%m-%d}~{monday + timedelta(days=6):%m-%d}"


def _top(counter: Counter, texts: dict[str, str], top: int) -> tuple[Count, ...]:
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:top]
    return tuple(Count(key, texts.get(key, key), n) for key, n in ranked)


def _forbidden(attempts: list[_Attempt], top: int) -> tuple[Count, ...]:
    """Every utterance counts: saying 这是规定 three times in one session is three slips.

    Shown as the trainees typed it (the most frequent wording), with the rubric entry it was
    matched to when that reads differently: 我们也没办法 is not 这件事我无能为力 word for word.
    """
    counter, typed, texts = Counter(), {}, {}
    for attempt in attempts:
        for hit in attempt.summary.get("forbidden") or ():
            key = str(hit.get("id") or hit.get("phrase"))
            counter[key] += 1
            phrase = str(hit.get("phrase") or key)
            typed.setdefault(key, Counter())[str(hit.get("match") or phrase)] += 1
            texts[key] = phrase
    for key, wordings in typed.items():
        said = sorted(wordings.items(), key=lambda item: (-item[1], item[0]))[0][0]
        texts[key] = said if said == texts[key] else f"{said}(≈{texts[key]})"
    return _top(counter, texts, top)


def _missed(attempts: list[_Attempt], top: int) -> tuple[Count, ...]:
    """Counted once per session: the summary lists a miss on every turn spent at the node, and a
    customer who asks again would otherwise multiply one forgotten point."""
    counter, texts = Counter(), {}
    for attempt in attempts:
        seen = set()
        for miss in attempt.summary.get("missed_key_points") or ():
            key = str(miss.get("id") or miss.get("name"))
            seen.add(key)
            texts[key] = str(miss.get("name") or key)
        counter.update(seen)
    return _top(counter, texts, top)


def _dimensions(attempts: list[_Attempt]) -> dict[str, float]:
    """Each session's points as a share of that session's maximum, then averaged, so a change to
    a dimension's maximum between versions does not distort the radar."""
    shares: dict[str, list[float]] = {key: [] for key in DIMENSIONS}
    for attempt in attempts:
        for key, value in (attempt.summary.get("dimensions") or {}).items():
            if key in shares and value.get("max"):
                shares[key].append(100 * value["points"] / value["max"])
    return {key: sum(values) / len(values) for key, values in shares.items() if values}


def _endings(finished: list[_Attempt]) -> dict[str, int]:
    counter = Counter(a.record.ending_kind for a in finished if a.record.ending_kind)
    return {kind: counter[kind] for kind in [*ENDING_KINDS, *sorted(set(counter) - set(ENDING_KINDS))] if counter[kind]}


def _summarise(key: str, label: str, attempts: list[_Attempt], top: int = TOP) -> Row:
    """``attempts`` must be in time order: the trend and ``scores`` follow it."""
    finished = [a for a in attempts if a.finished]
    scores = [a.record.score for a in finished if a.record.score is not None]
    return Row(
        key=key,
        label=label,
        attempts=len(attempts),
        finished=len(finished),
        abandoned=sum(a.record.ending_kind == ABANDONED for a in attempts),
        average=sum(scores) / len(scores) if scores else None,
        best=max(scores) if scores else None,
        trend=trend(scores),
        scores=tuple(scores),
        dimensions=_dimensions(finished),
        forbidden=_forbidden(finished, top),
        missed=_missed(finished, top),
        endings=_endings(finished),
    )


def _grouped(attempts: list[_Attempt], key: Callable[[_Attempt], tuple], label: Callable[[list[_Attempt]], tuple[str, str]],
             top: int) -> tuple[Row, ...]:
    groups: dict[tuple, list[_Attempt]] = {}
    for attempt in attempts:
        groups.setdefault(key(attempt), []).append(attempt)
    return tuple(_summarise(*label(groups[k]), groups[k], top) for k in sorted(groups))


def _trainee_label(group: list[_Attempt]) -> tuple[str, str]:
    trainee = group[0].trainee
    return trainee.staff_no or f"#{trainee.id}", trainee.name


def _scenario_label(group: list[_Attempt]) -> tuple[str, str]:
    """The title comes from the newest summary, so a renamed scenario shows its current name and
    the report needs no scenario files to run."""
    titles = [a.summary["title"] for a in group if a.summary.get("title")]
    scenario_id = group[0].record.scenario_id
    return scenario_id, titles[-1] if titles else scenario_id


def _series(attempts: Iterable[_Attempt]) -> tuple[Point, ...]:
    return tuple(Point(a.at, a.record.score, a.trainee.name, a.record.team, a.record.scenario_id)
                 for a in attempts if a.finished and a.record.score is not None)


def build_report(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    trainee_id: int | None = None,
    team: str | None = None,
    scenario_id: str | None = None,
    *,
    period: str = "week",
    tz: tzinfo | None = None,
    top: int = TOP,
) -> Report:
    """The report over attempts started between ``since`` and ``until`` (local dates, both
    inclusive) matching every given filter; ``tz=None`` means the machine's local time zone."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {tuple(PERIODS)}, got {period!r}")
    trainees = same_people(store.list_trainees())
    if trainee_id is not None and trainee_id not in trainees:
        raise KeyError(f"no trainee {trainee_id}")
    attempts = []
    person = trainees[trainee_id] if trainee_id is not None else None
    for record in store.list_sessions(scenario_id=scenario_id):
        at = datetime.fromisoformat(record.started_at).astimezone(tz)
        if (team is not None and record.team != team) or (since and at.date() < since) or (until and at.date() > until):
            continue
        if person is None or trainees[record.trainee_id] == person:
            attempts.append(_Attempt(record, trainees[record.trainee_id], at))
    attempts.sort(key=lambda a: (a.at, a.record.id))
    filters = {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "trainee": trainees[trainee_id].name if trainee_id is not None else None,
        "team": team,
        "scenario": scenario_id,
    }
    return Report(
        filters=filters,
        period=period,
        overall=_summarise("", "全部", attempts, top),
        by_trainee=_grouped(attempts, lambda a: (a.trainee.id,), _trainee_label, top),
        by_team=_grouped(attempts, lambda a: (not a.record.team, a.record.team or ""),
                         lambda g: (g[0].record.team or "", g[0].record.team or NO_TEAM), top),
        by_scenario=_grouped(attempts, lambda a: (a.record.scenario_id,), _scenario_label, top),
        by_period=_grouped(attempts, lambda a: (period_of(a.at.date(), period)[0],),
                           lambda g: period_of(g[0].at.date(), period), top),
        series=_series(attempts),
    )

"""What both backends share below the SQL: rows turned into records, and which schema a database has.

A blob that does not read back as a JSON object makes its record absent rather than raising,
so one damaged row never stops a report or the app; the backend notes it in ``problems()``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from trainer.store import HEAD, REVISIONS, DrillEvent, SessionRecord, TurnRecord, unavailable

TRAINEE_COLUMNS = ("id", "name", "staff_no", "created_at")
SESSION_COLUMNS = ("id", "trainee_id", "scenario_id", "mode", "started_at", "finished_at", "ending_id", "ending_kind",
                   "score", "summary", "state", "team", "drill_id")
TURN_COLUMNS = ("session_id", "idx", "created_at", "customer_text", "reply", "result")
DRILL_EVENT_COLUMNS = ("id", "drill_id", "kind", "team", "author", "payload", "created_at")
OUR_TABLES = frozenset({"trainees", "sessions", "turns", "drill_events", "meta"})
# Files written before Alembic kept their version in ``meta``; they hold revision 0001 exactly.
LEGACY = "legacy"

Report = Callable[[str], None]


class Damaged(ValueError):
    """A stored blob that is not the JSON object it must be."""


def blob(text: str | None, what: str, *, optional: bool = False) -> dict | None:
    if text is None and optional:
        return None
    try:
        value = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise Damaged(what) from exc
    if not isinstance(value, dict):
        raise Damaged(what)
    return value


def turns_by_session(rows: Iterable[tuple], session_ids: list[int]) -> dict[int, tuple[TurnRecord, ...] | Damaged]:
    """Turns grouped per session; a session with any damaged turn maps to the ``Damaged`` error."""
    found: dict[int, list[TurnRecord] | Damaged] = {sid: [] for sid in session_ids}
    for row in rows:
        turns = found[row[0]]
        if isinstance(turns, Damaged):
            continue
        try:
            turns.append(TurnRecord(*row[:5], blob(row[5], f"第 {row[1]} 轮的 result")))
        except Damaged as exc:
            found[row[0]] = exc
    return {sid: turns if isinstance(turns, Damaged) else tuple(turns) for sid, turns in found.items()}


def session(row: tuple, turns: tuple[TurnRecord, ...] | Damaged | None) -> SessionRecord:
    if isinstance(turns, Damaged):
        raise turns
    summary = blob(row[9], "summary", optional=True)
    return SessionRecord(*row[:9], summary, blob(row[10], "state"), row[11], row[12], turns)


def sessions(rows: Iterable[tuple], turns: dict[int, tuple[TurnRecord, ...] | Damaged] | None,
             report: Report) -> list[SessionRecord]:
    kept = []
    for row in rows:
        try:
            kept.append(session(row, None if turns is None else turns[row[0]]))
        except Damaged as exc:
            report(damaged_session(row[0], exc))
    return kept


def damaged_session(session_id: int, exc: Damaged) -> str:
    return f"练习记录 {session_id} 的 {exc} 已损坏(不是有效的 JSON),已跳过"


def drill_events(rows: Iterable[tuple], report: Report) -> list[DrillEvent]:
    kept = []
    for row in rows:
        try:
            kept.append(DrillEvent(*row[:5], blob(row[5], "payload"), row[6]))
        except Damaged:
            report(f"演练记录 {row[0]} 的 payload 已损坏(不是有效的 JSON),已跳过")
    return kept


def revision(database: object, tables: set[str], version: str | None, legacy_version: str | None) -> str | None:
    """The schema revision a database holds: ``None`` when it is empty, ``LEGACY`` for a pre-Alembic
    file. A database with other tables and none of ours is someone else's and is refused untouched."""
    if "alembic_version" in tables:
        return version
    if OUR_TABLES <= tables and legacy_version == "1":
        return LEGACY
    if not tables:
        return None
    raise unavailable(database, "这不是练习记录数据库(其中已有别的表),未作任何修改")


def needs_upgrade(database: object, found: str | None, *, read_only: bool) -> bool:
    """Whether migrations must run; a newer schema, or an old one opened read-only, is refused."""
    if found == HEAD:
        return False
    if found is not None and found != LEGACY and found not in REVISIONS:
        raise unavailable(database, f"数据库结构版本 {found} 比本程序支持的 {HEAD} 新,请先升级 trainer 再使用")
    if read_only:
        problem = "数据库是空的,还没有练习记录" if found is None else "数据库结构版本较旧,请先运行 trainer db upgrade"
        raise unavailable(database, problem)
    return True

"""The embedded store: one SQLite file shared by every trainee process on a machine.

textual-serve runs one process per browser tab, all writing the same file, and a trainee may
close the terminal at any moment. Hence WAL (readers never block the writer), ``BEGIN
IMMEDIATE`` (a writer takes the lock up front instead of failing half-way through), short
transactions committed before each method returns, and a bounded retry when the busy timeout
still runs out. ``synchronous=NORMAL`` keeps every commit across a killed process; only a power
cut may lose the last few, which is the accepted trade for not syncing the disk on each turn.

Queries go straight to ``sqlite3``: SQLAlchemy would add ~270 ms to every start of the app. The
schema is not written here: a file behind ``HEAD`` (or new) is migrated by ``migrate.py`` from
the one table definition, and a file that is damaged, someone else's or newer is refused before
anything is written to it. Read-only stores (reports) never create, migrate or write.

One connection per store, shared by Textual worker threads under a lock.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from trainer.store import (ABANDONED, DrillEvent, SessionEnding, SessionRecord, Store, Trainee,
                           check_session_arguments, clip_reply, iso_utc, plain_text, to_json, trainee_identity,
                           unavailable)
from trainer.store import records
from trainer.store.records import Damaged, damaged_session
from trainer.store.sqlite_sign_in import SignInQueries

T = TypeVar("T")
Work = Callable[[sqlite3.Connection], T]

BUSY_TIMEOUT_S = 5.0
RETRIES = 6
BACKOFF_S = 0.02
BACKOFF_CAP_S = 0.5

TRAINEE_COLUMNS = ", ".join(records.TRAINEE_COLUMNS)
SESSION_COLUMNS = ", ".join(records.SESSION_COLUMNS)
TURN_COLUMNS = ", ".join(records.TURN_COLUMNS)
DRILL_EVENT_COLUMNS = ", ".join(records.DRILL_EVENT_COLUMNS)
FINISH = "finished_at = ?, ending_id = ?, ending_kind = ?, score = ?, summary = ?"


def _busy(exc: sqlite3.OperationalError) -> bool:
    message = str(exc).lower()
    return "locked" in message or "busy" in message


def _problem(exc: sqlite3.Error) -> str:
    message = str(exc).lower()
    if _busy(exc):
        return "文件被其他程序长时间锁定,请稍后再试"
    if "readonly" in message or "read-only" in message:
        return "文件是只读的,无法保存练习记录"
    if "full" in message:
        return "磁盘已满,无法保存练习记录"
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return "文件已损坏或不是数据库,未作任何修改;请从备份恢复"
    if "unable to open" in message:
        return "无法打开文件(文件夹不存在或没有权限)"
    return f"数据库出错({exc})"


def _retrying(action: Callable[[], T]) -> T:
    attempt = 0
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            attempt += 1
            if not _busy(exc) or attempt >= RETRIES:
                raise
        # Jitter keeps processes that collided once from colliding again in lockstep.
        time.sleep(min(BACKOFF_CAP_S, BACKOFF_S * 2**attempt) * random.uniform(0.5, 1.5))


def _revision(conn: sqlite3.Connection, path: Path) -> str | None:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    version = legacy = None
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        version = row[0] if row else None
    elif "meta" in tables:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        legacy = row[0] if row else None
    return records.revision(path, tables, version, legacy)


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    # isolation_level=None: the module must not open transactions behind our BEGIN IMMEDIATE.
    options = {"timeout": BUSY_TIMEOUT_S, "isolation_level": None, "check_same_thread": False}
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise unavailable(path, f"无法创建所在文件夹({exc.strerror})") from exc
        return sqlite3.connect(path, **options)
    if not path.is_file():
        raise unavailable(path, "文件不存在")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, **options)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        # A read-only copy in a read-only folder: WAL cannot make its -shm file there, and no
        # one can be writing to it, so it is read as the immutable file it is.
        conn.close()
        return sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True, **options)


def _trainee(conn: sqlite3.Connection, trainee_id: int) -> Trainee:
    row = conn.execute(f"SELECT {TRAINEE_COLUMNS} FROM trainees WHERE id = ?", (trainee_id,)).fetchone()
    if row is None:
        raise KeyError(f"no trainee {trainee_id}")
    return Trainee(*row)


def _remember(conn: sqlite3.Connection, trainee_id: int) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('last_trainee_id', ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (str(trainee_id),),
    )


def _turns(conn: sqlite3.Connection, session_ids: list[int]) -> dict:
    if not session_ids:
        return {}
    rows = conn.execute(
        f"SELECT {TURN_COLUMNS} FROM turns"
        f" WHERE session_id IN ({','.join('?' * len(session_ids))}) ORDER BY session_id, idx",
        session_ids,
    )
    return records.turns_by_session(rows, session_ids)


def _check_open(conn: sqlite3.Connection, session_id: int) -> None:
    row = conn.execute("SELECT finished_at FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        raise KeyError(f"no session {session_id}")
    if row[0] is not None:
        raise ValueError(f"session {session_id} is already finished")


def _finish_values(ending: SessionEnding, now: datetime | None) -> tuple:
    return (iso_utc(now), ending.ending_id, ending.ending_kind, ending.score, to_json(ending.summary, "summary"))


class SQLiteStore(SignInQueries, Store):
    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._lock = threading.Lock()
        self._conn = _connect(path, read_only)
        try:
            self._open()
        except sqlite3.Error as exc:
            self._conn.close()
            raise unavailable(path, _problem(exc)) from exc
        except BaseException:
            self._conn.close()
            raise

    def _open(self) -> None:
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        # Nothing is written before the file is known to be sound and ours.
        if conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            raise unavailable(self.path, "文件已损坏(完整性检查未通过),未作任何修改;请从备份恢复")
        found = _retrying(lambda: _revision(conn, self.path))
        if records.needs_upgrade(self.path, found, read_only=self.read_only):
            _retrying(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
            from trainer.store import migrate

            migrate.upgrade(migrate.sqlite_engine(self.path), self.path)

    def _transaction(self, work: Work[T], *, write: bool = True) -> T:
        if write and self.read_only:
            raise unavailable(self.path, "以只读方式打开,不能写入")

        def once() -> T:
            self._conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                result = work(self._conn)
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            return result

        with self._lock:
            try:
                return _retrying(once)
            except (sqlite3.IntegrityError, sqlite3.ProgrammingError):
                raise
            except sqlite3.DatabaseError as exc:
                raise unavailable(self.path, _problem(exc)) from exc

    def _read(self, work: Work[T]) -> T:
        return self._transaction(work, write=False)

    def upsert_trainee(self, name: str, staff_no: str | None = None, *, remember: bool = True,
                       now: datetime | None = None) -> Trainee:
        name, staff_no = trainee_identity(name, staff_no)
        created_at = iso_utc(now)

        def work(conn: sqlite3.Connection) -> Trainee:
            if staff_no is not None:
                row = conn.execute("SELECT id FROM trainees WHERE staff_no = ?", (staff_no,)).fetchone()
            else:
                row = conn.execute(
                    "SELECT id FROM trainees WHERE staff_no IS NULL AND name = ? ORDER BY id LIMIT 1", (name,)
                ).fetchone()
            if row is None:
                trainee_id = conn.execute(
                    "INSERT INTO trainees (name, staff_no, created_at) VALUES (?, ?, ?)", (name, staff_no, created_at)
                ).lastrowid
            else:
                trainee_id = row[0]
                conn.execute("UPDATE trainees SET name = ? WHERE id = ?", (name, trainee_id))
            if remember:
                _remember(conn, trainee_id)
            return _trainee(conn, trainee_id)

        return self._transaction(work)

    def last_trainee(self) -> Trainee | None:
        def work(conn: sqlite3.Connection) -> Trainee | None:
            row = conn.execute("SELECT value FROM meta WHERE key = 'last_trainee_id'").fetchone()
            if row is None:
                return None
            found = conn.execute(f"SELECT {TRAINEE_COLUMNS} FROM trainees WHERE id = ?", (row[0],)).fetchone()
            if found is None:
                self._damaged(f"记住的上次学员 {row[0]} 已不存在,已忽略")
            return Trainee(*found) if found else None

        return self._read(work)

    def get_trainee(self, trainee_id: int) -> Trainee:
        return self._read(lambda conn: _trainee(conn, trainee_id))

    def list_trainees(self) -> list[Trainee]:
        rows = self._read(lambda conn: conn.execute(f"SELECT {TRAINEE_COLUMNS} FROM trainees ORDER BY id").fetchall())
        return [Trainee(*row) for row in rows]

    def start_session(
        self, trainee_id: int, scenario_id: str, mode: str, state: dict, team: str | None = None,
        drill_id: str | None = None, *, now: datetime | None = None,
    ) -> int:
        check_session_arguments(mode=mode)
        values = (trainee_id, scenario_id, mode, iso_utc(now), to_json(state, "state"), plain_text(team), drill_id)

        def work(conn: sqlite3.Connection) -> int:
            _trainee(conn, trainee_id)
            session_id = conn.execute(
                "INSERT INTO sessions (trainee_id, scenario_id, mode, started_at, state, team, drill_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                values,
            ).lastrowid
            return session_id

        return self._transaction(work)

    def record_turn(
        self, session_id: int, idx: int, customer_text: str, reply: str, result: dict, state: dict, *,
        ending: SessionEnding | None = None, now: datetime | None = None,
    ) -> None:
        check_session_arguments(idx=idx)
        turn = (session_id, idx, iso_utc(now), plain_text(customer_text), clip_reply(reply), to_json(result, "result"))
        state_json = to_json(state, "state")
        finish = _finish_values(ending, now) if ending is not None else None

        def work(conn: sqlite3.Connection) -> None:
            _check_open(conn, session_id)
            try:
                conn.execute(f"INSERT INTO turns ({TURN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)", turn)
            except sqlite3.IntegrityError as exc:
                raise ValueError(f"session {session_id} already has turn {idx}") from exc
            conn.execute("UPDATE sessions SET state = ? WHERE id = ?", (state_json, session_id))
            if finish is not None:
                conn.execute(f"UPDATE sessions SET {FINISH} WHERE id = ?", (*finish, session_id))

        self._transaction(work)

    def save_state(self, session_id: int, state: dict) -> None:
        self._end(session_id, "state = ?", (to_json(state, "state"),))

    def finish_session(
        self, session_id: int, ending_id: str | None, ending_kind: str | None, score: float | None,
        summary: dict, *, now: datetime | None = None,
    ) -> None:
        self._end(session_id, FINISH, _finish_values(SessionEnding(ending_id, ending_kind, score, summary), now))

    def abandon_session(self, session_id: int, *, now: datetime | None = None) -> None:
        self._end(session_id, "finished_at = ?, ending_kind = ?", (iso_utc(now), ABANDONED))

    def _end(self, session_id: int, assignments: str, values: tuple) -> None:
        def work(conn: sqlite3.Connection) -> None:
            _check_open(conn, session_id)
            conn.execute(f"UPDATE sessions SET {assignments} WHERE id = ?", (*values, session_id))

        self._transaction(work)

    def get_session(self, session_id: int) -> SessionRecord:
        def work(conn: sqlite3.Connection) -> SessionRecord:
            row = conn.execute(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                raise KeyError(f"no session {session_id}")
            try:
                return records.session(row, _turns(conn, [session_id])[session_id])
            except Damaged as exc:
                self._damaged(damaged_session(session_id, exc))
                raise KeyError(damaged_session(session_id, exc)) from exc

        return self._read(work)

    def list_sessions(
        self, trainee_id: int | None = None, scenario_id: str | None = None, limit: int | None = None,
        drill_id: str | None = None,
    ) -> list[SessionRecord]:
        check_session_arguments(limit=limit)
        sql = (
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE (?1 IS NULL OR trainee_id = ?1)"
            " AND (?2 IS NULL OR scenario_id = ?2) AND (?4 IS NULL OR drill_id = ?4)"
            " ORDER BY started_at DESC, id DESC LIMIT ?3"
        )
        params = (trainee_id, scenario_id, -1 if limit is None else limit, drill_id)  # LIMIT -1: no limit
        return records.sessions(self._read(lambda conn: conn.execute(sql, params).fetchall()), None, self._damaged)

    def unfinished_sessions(self, trainee_id: int) -> list[SessionRecord]:
        def work(conn: sqlite3.Connection) -> list[SessionRecord]:
            rows = conn.execute(
                f"SELECT {SESSION_COLUMNS} FROM sessions WHERE trainee_id = ? AND finished_at IS NULL"
                " ORDER BY started_at DESC, id DESC",
                (trainee_id,),
            ).fetchall()
            return records.sessions(rows, _turns(conn, [row[0] for row in rows]), self._damaged)

        return self._read(work)

    def add_drill_event(self, drill_id: str, kind: str, payload: dict, team: str | None = None,
                        author: str | None = None, *, now: datetime | None = None) -> int:
        row = (drill_id, kind, plain_text(team), plain_text(author), to_json(payload, "payload"), iso_utc(now))

        def work(conn: sqlite3.Connection) -> int:
            cursor = conn.execute(
                "INSERT INTO drill_events (drill_id, kind, team, author, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)", row)
            return int(cursor.lastrowid)

        return self._transaction(work)

    def drill_events(self, drill_id: str | None = None, kind: str | None = None) -> list[DrillEvent]:
        sql = (f"SELECT {DRILL_EVENT_COLUMNS} FROM drill_events"
               " WHERE (?1 IS NULL OR drill_id = ?1) AND (?2 IS NULL OR kind = ?2) ORDER BY id")
        return records.drill_events(self._read(lambda conn: conn.execute(sql, (drill_id, kind)).fetchall()), self._damaged)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

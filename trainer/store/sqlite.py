"""The embedded store: one SQLite file shared by every trainee process on a machine.

textual-serve runs one process per browser tab, all writing the same file, and a trainee may
close the terminal at any moment. Hence WAL (readers never block the writer), ``BEGIN
IMMEDIATE`` (a writer takes the lock up front instead of failing half-way through), short
transactions committed before each method returns, and a bounded retry when the busy timeout
still runs out. ``synchronous=NORMAL`` keeps every commit across a killed process; only a power
cut may lose the last few, which is the accepted trade for not syncing the disk on each turn.

One connection per store, shared by Textual worker threads under a lock.
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from trainer.store import ABANDONED, MODES, Credential, DrillEvent, SessionRecord, Store, Trainee, TurnRecord, clip_reply, iso_utc, to_json

T = TypeVar("T")
Work = Callable[[sqlite3.Connection], T]

SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 5.0
RETRIES = 6
BACKOFF_S = 0.02
BACKOFF_CAP_S = 0.5

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS trainees (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    staff_no   TEXT UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id          INTEGER PRIMARY KEY,
    trainee_id  INTEGER NOT NULL REFERENCES trainees(id),
    scenario_id TEXT NOT NULL,
    mode        TEXT NOT NULL CHECK (mode IN ('practice', 'exam')),
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    ending_id   TEXT,
    ending_kind TEXT,
    score       REAL,
    summary     TEXT,
    state       TEXT NOT NULL,
    team        TEXT,
    drill_id    TEXT
);
CREATE INDEX IF NOT EXISTS sessions_by_trainee ON sessions (trainee_id, started_at);
CREATE INDEX IF NOT EXISTS sessions_by_scenario ON sessions (scenario_id, started_at);
CREATE TABLE IF NOT EXISTS turns (
    session_id    INTEGER NOT NULL REFERENCES sessions(id),
    idx           INTEGER NOT NULL CHECK (idx >= 0),
    created_at    TEXT NOT NULL,
    customer_text TEXT NOT NULL,
    reply         TEXT NOT NULL,
    result        TEXT NOT NULL,
    PRIMARY KEY (session_id, idx)
);
CREATE TABLE IF NOT EXISTS drill_events (
    id         INTEGER PRIMARY KEY,
    drill_id   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    team       TEXT,
    author     TEXT,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS drill_events_by_drill ON drill_events (drill_id, id);
CREATE TABLE IF NOT EXISTS credentials (
    subject     TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    failures    INTEGER NOT NULL DEFAULT 0,
    updated_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS trainee_teams (
    trainee_id INTEGER PRIMARY KEY REFERENCES trainees(id),
    team       TEXT NOT NULL
);
"""

TRAINEE_COLUMNS = "id, name, staff_no, created_at"
SESSION_COLUMNS = (
    "id, trainee_id, scenario_id, mode, started_at, finished_at, ending_id, ending_kind, "
    "score, summary, state, team, drill_id"
)


def _retrying(action: Callable[[], T]) -> T:
    attempt = 0
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            attempt += 1
            message = str(exc).lower()
            if not ("locked" in message or "busy" in message) or attempt >= RETRIES:
                raise
        # Jitter keeps processes that collided once from colliding again in lockstep.
        time.sleep(min(BACKOFF_CAP_S, BACKOFF_S * 2**attempt) * random.uniform(0.5, 1.5))


def _create_schema(conn: sqlite3.Connection) -> None:
    # executescript would commit the surrounding transaction, so run the statements one by one.
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    found = int(conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])
    if found > SCHEMA_VERSION:
        raise RuntimeError(
            f"the database has schema version {found}, newer than this trainer's {SCHEMA_VERSION};"
            " update trainer before using it"
        )


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


def _session(row: tuple, turns: tuple[TurnRecord, ...] | None) -> SessionRecord:
    summary = json.loads(row[9]) if row[9] is not None else None
    return SessionRecord(*row[:9], summary, json.loads(row[10]), row[11], row[12], turns)


def _turns(conn: sqlite3.Connection, session_ids: list[int]) -> dict[int, tuple[TurnRecord, ...]]:
    if not session_ids:
        return {}
    found: dict[int, list[TurnRecord]] = {sid: [] for sid in session_ids}
    rows = conn.execute(
        "SELECT session_id, idx, created_at, customer_text, reply, result FROM turns"
        f" WHERE session_id IN ({','.join('?' * len(session_ids))}) ORDER BY session_id, idx",
        session_ids,
    )
    for row in rows:
        found[row[0]].append(TurnRecord(*row[:5], json.loads(row[5])))
    return {sid: tuple(turns) for sid, turns in found.items()}


def _check_open(conn: sqlite3.Connection, session_id: int) -> None:
    row = conn.execute("SELECT finished_at FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        raise KeyError(f"no session {session_id}")
    if row[0] is not None:
        raise ValueError(f"session {session_id} is already finished")


class SQLiteStore(Store):
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        # isolation_level=None: the module must not open transactions behind our BEGIN IMMEDIATE.
        self._conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            _retrying(lambda: self._conn.execute("PRAGMA journal_mode = WAL").fetchone())
            self._transaction(_create_schema)
        except BaseException:
            self._conn.close()
            raise

    def _transaction(self, work: Work[T], *, write: bool = True) -> T:
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
            return _retrying(once)

    def _read(self, work: Work[T]) -> T:
        return self._transaction(work, write=False)

    def upsert_trainee(self, name: str, staff_no: str | None = None, *, remember: bool = True,
                       now: datetime | None = None) -> Trainee:
        name = name.strip()
        staff_no = (staff_no or "").strip() or None
        if not name:
            raise ValueError("a trainee needs a name")
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
            return _trainee(conn, int(row[0])) if row else None

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
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        values = (trainee_id, scenario_id, mode, iso_utc(now), to_json(state, "state"), team, drill_id)

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
        now: datetime | None = None,
    ) -> None:
        if idx < 0:
            raise ValueError(f"turn index must be >= 0, got {idx}")
        turn = (session_id, idx, iso_utc(now), customer_text, clip_reply(reply), to_json(result, "result"))
        state_json = to_json(state, "state")

        def work(conn: sqlite3.Connection) -> None:
            _check_open(conn, session_id)
            try:
                conn.execute(
                    "INSERT INTO turns (session_id, idx, created_at, customer_text, reply, result)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    turn,
                )
            except sqlite3.IntegrityError as exc:
                raise ValueError(f"session {session_id} already has turn {idx}") from exc
            conn.execute("UPDATE sessions SET state = ? WHERE id = ?", (state_json, session_id))

        self._transaction(work)

    def save_state(self, session_id: int, state: dict) -> None:
        self._end(session_id, "state = ?", (to_json(state, "state"),))

    def finish_session(
        self, session_id: int, ending_id: str | None, ending_kind: str | None, score: float | None,
        summary: dict, *, now: datetime | None = None,
    ) -> None:
        self._end(
            session_id,
            "finished_at = ?, ending_id = ?, ending_kind = ?, score = ?, summary = ?",
            (iso_utc(now), ending_id, ending_kind, score, to_json(summary, "summary")),
        )

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
            return _session(row, _turns(conn, [session_id])[session_id])

        return self._read(work)

    def list_sessions(
        self, trainee_id: int | None = None, scenario_id: str | None = None, limit: int | None = None,
        drill_id: str | None = None,
    ) -> list[SessionRecord]:
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be >= 0, got {limit}")
        sql = (
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE (?1 IS NULL OR trainee_id = ?1)"
            " AND (?2 IS NULL OR scenario_id = ?2) AND (?4 IS NULL OR drill_id = ?4)"
            " ORDER BY started_at DESC, id DESC LIMIT ?3"
        )
        params = (trainee_id, scenario_id, -1 if limit is None else limit, drill_id)  # LIMIT -1: no limit
        return [_session(row, None) for row in self._read(lambda conn: conn.execute(sql, params).fetchall())]

    def unfinished_sessions(self, trainee_id: int) -> list[SessionRecord]:
        def work(conn: sqlite3.Connection) -> list[SessionRecord]:
            rows = conn.execute(
                f"SELECT {SESSION_COLUMNS} FROM sessions WHERE trainee_id = ? AND finished_at IS NULL"
                " ORDER BY started_at DESC, id DESC",
                (trainee_id,),
            ).fetchall()
            turns = _turns(conn, [row[0] for row in rows])
            return [_session(row, turns[row[0]]) for row in rows]

        return self._read(work)

    def add_drill_event(self, drill_id: str, kind: str, payload: dict, team: str | None = None,
                        author: str | None = None, *, now: datetime | None = None) -> int:
        row = (drill_id, kind, team, author, to_json(payload, "payload"), iso_utc(now))

        def work(conn: sqlite3.Connection) -> int:
            cursor = conn.execute(
                "INSERT INTO drill_events (drill_id, kind, team, author, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)", row)
            return int(cursor.lastrowid)

        return self._transaction(work)

    def drill_events(self, drill_id: str | None = None, kind: str | None = None) -> list[DrillEvent]:
        sql = ("SELECT id, drill_id, kind, team, author, payload, created_at FROM drill_events"
               " WHERE (?1 IS NULL OR drill_id = ?1) AND (?2 IS NULL OR kind = ?2) ORDER BY id")
        rows = self._read(lambda conn: conn.execute(sql, (drill_id, kind)).fetchall())
        return [DrillEvent(*row[:5], json.loads(row[5]), row[6]) for row in rows]

    # Sign-in: credentials and the roster's teams (see Store).

    def find_trainee(self, staff_no: str) -> Trainee | None:
        row = self._read(lambda conn: conn.execute(
            f"SELECT {TRAINEE_COLUMNS} FROM trainees WHERE staff_no = ?", (staff_no.strip(),)).fetchone())
        return Trainee(*row) if row else None

    def get_credential(self, subject: str) -> Credential | None:
        row = self._read(lambda conn: conn.execute(
            "SELECT subject, secret_hash, failures, updated_at FROM credentials WHERE subject = ?", (subject,)).fetchone())
        return Credential(*row) if row else None

    def create_credential(self, subject: str, secret_hash: str, *, now: datetime | None = None) -> bool:
        return self._transaction(lambda conn: conn.execute(
            "INSERT OR IGNORE INTO credentials (subject, secret_hash, updated_at) VALUES (?, ?, ?)",
            (subject, secret_hash, iso_utc(now))).rowcount == 1)

    def set_credential(self, subject: str, secret_hash: str, *, now: datetime | None = None) -> None:
        self._transaction(lambda conn: conn.execute(
            "INSERT INTO credentials (subject, secret_hash, updated_at) VALUES (?, ?, ?) ON CONFLICT (subject)"
            " DO UPDATE SET secret_hash = excluded.secret_hash, failures = 0, updated_at = excluded.updated_at",
            (subject, secret_hash, iso_utc(now))))

    def delete_credential(self, subject: str, secret_hash: str | None = None) -> bool:
        return self._transaction(lambda conn: conn.execute(
            "DELETE FROM credentials WHERE subject = ?1 AND (?2 IS NULL OR secret_hash = ?2)",
            (subject, secret_hash)).rowcount == 1)

    def count_failure(self, subject: str) -> int:
        def work(conn: sqlite3.Connection) -> int:
            conn.execute("UPDATE credentials SET failures = failures + 1 WHERE subject = ?", (subject,))
            row = conn.execute("SELECT failures FROM credentials WHERE subject = ?", (subject,)).fetchone()
            return row[0] if row else 0

        return self._transaction(work)

    def set_team(self, trainee_id: int, team: str | None) -> None:
        def work(conn: sqlite3.Connection) -> None:
            _trainee(conn, trainee_id)
            if team:
                conn.execute("INSERT INTO trainee_teams (trainee_id, team) VALUES (?, ?) ON CONFLICT (trainee_id)"
                             " DO UPDATE SET team = excluded.team", (trainee_id, team))
            else:
                conn.execute("DELETE FROM trainee_teams WHERE trainee_id = ?", (trainee_id,))

        self._transaction(work)

    def teams(self) -> dict[int, str]:
        return dict(self._read(lambda conn: conn.execute("SELECT trainee_id, team FROM trainee_teams").fetchall()))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

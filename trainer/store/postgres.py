"""The bank's shared store: one PostgreSQL database for every branch, host and workstation.

Many ``trainer serve`` hosts (one process per browser tab) and terminals write at once, so every
method is one short transaction on a pooled connection, committed before it returns; a turn is
therefore on the server before the customer's answer is shown. Rows that writers could race on
are locked explicitly: a session's row (``FOR UPDATE``) while its turn, state or ending is
written, and an advisory lock while a trainee is looked up and registered, so two hosts logging
in the same person make one trainee. Deadlocks and serialisation failures are retried a bounded
number of times, and so is a connection the server dropped (a restart), which the pool then
replaces; a server that cannot be reached raises ``StoreUnavailable``.

Queries are SQLAlchemy Core over the one table definition (``schema.py``), with psycopg 3.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from trainer.store import (ABANDONED, Credential, DrillEvent, SessionEnding, SessionRecord, Store, Trainee,
                           check_session_arguments, clip_reply, iso_utc, plain_text, to_json, trainee_identity,
                           unavailable)
from trainer.store import migrate, records
from trainer.store.records import Damaged, damaged_session
from trainer.store.schema import CREDENTIALS, DRILL_EVENTS, META, SESSIONS, TRAINEE_TEAMS, TRAINEES, TURNS

T = TypeVar("T")
Work = Callable[[sa.Connection], T]

RETRIES = 6
BACKOFF_S = 0.02
TRAINEE_LOCK = 7_142_002
# One connection per browser-tab process is the common case; a few more serve worker threads.
POOL_SIZE, POOL_OVERFLOW = 2, 6
RETRYABLE = {"40001", "40P01"}  # serialization_failure, deadlock_detected
# The preselected trainee is the last one on this machine, not the last one anywhere in the bank.
LAST_TRAINEE_KEY = f"last_trainee_id@{socket.gethostname()}"

TRAINEE = [TRAINEES.c[name] for name in records.TRAINEE_COLUMNS]
SESSION = [SESSIONS.c[name] for name in records.SESSION_COLUMNS]
TURN = [TURNS.c[name] for name in records.TURN_COLUMNS]
DRILL_EVENT = [DRILL_EVENTS.c[name] for name in records.DRILL_EVENT_COLUMNS]


def driver_url(url: str) -> sa.URL:
    """``postgresql://`` as users and their tools write it, with the psycopg 3 driver named."""
    parsed = sa.make_url(url)
    return parsed.set(drivername="postgresql+psycopg")


def connect_options(target: sa.URL, *, read_only: bool) -> dict[str, object]:
    options: dict[str, object] = {"connect_timeout": 10, "application_name": "trainer"}
    if read_only:  # added to any server options the URL already carries (a search_path, say)
        options["options"] = f"{target.query.get('options', '')} -c default_transaction_read_only=on".strip()
    return options


def _problem(exc: sa.exc.DBAPIError) -> str:
    code = getattr(exc.orig, "sqlstate", None) or ""
    if code == "25006":
        return "以只读方式连接,不能写入"
    if code.startswith("08") or isinstance(exc, sa.exc.OperationalError):
        return f"无法连接数据库服务器或连接已断开({str(exc.orig).strip().splitlines()[0]})"
    if code == "53100":
        return "服务器磁盘已满,无法保存练习记录"
    return f"数据库出错({str(exc.orig).strip().splitlines()[0]})"


def _trainee(conn: sa.Connection, trainee_id: int) -> Trainee:
    row = conn.execute(sa.select(*TRAINEE).where(TRAINEES.c.id == trainee_id)).first()
    if row is None:
        raise KeyError(f"no trainee {trainee_id}")
    return Trainee(*row)


def _remember(conn: sa.Connection, trainee_id: int) -> None:
    statement = pg_insert(META).values(key=LAST_TRAINEE_KEY, value=str(trainee_id))
    conn.execute(statement.on_conflict_do_update(index_elements=[META.c.key], set_={"value": statement.excluded.value}))


def _turns(conn: sa.Connection, session_ids: list[int]) -> dict:
    if not session_ids:
        return {}
    rows = conn.execute(
        sa.select(*TURN).where(TURNS.c.session_id.in_(session_ids)).order_by(TURNS.c.session_id, TURNS.c.idx))
    return records.turns_by_session(rows, session_ids)


def _lock_open(conn: sa.Connection, session_id: int) -> None:
    row = conn.execute(sa.select(SESSIONS.c.finished_at).where(SESSIONS.c.id == session_id).with_for_update()).first()
    if row is None:
        raise KeyError(f"no session {session_id}")
    if row[0] is not None:
        raise ValueError(f"session {session_id} is already finished")


# One statement, so one round trip on an autocommit connection: lock the session row, add the
# turn unless the session is closed or already has it, and save the state (and the ending) with
# it. The counts tell a missing session, a closed one and a repeated turn apart.
RECORD_TURN = """
WITH target AS (SELECT id, finished_at FROM sessions WHERE id = :session_id FOR UPDATE),
added AS (
    INSERT INTO turns (session_id, idx, created_at, customer_text, reply, result)
    SELECT id, :idx, :created_at, :customer_text, :reply, :result FROM target WHERE finished_at IS NULL
    ON CONFLICT DO NOTHING RETURNING idx),
saved AS (
    UPDATE sessions SET state = :state{finish} WHERE id = :session_id AND EXISTS (SELECT 1 FROM added) RETURNING id)
SELECT (SELECT count(*) FROM target), (SELECT count(*) FROM target WHERE finished_at IS NULL),
       (SELECT count(*) FROM saved)
"""
FINISH = (", finished_at = :finished_at, ending_id = :ending_id, ending_kind = :ending_kind, score = :score,"
          " summary = :summary")
RECORD_TURN_STATEMENTS = {finishing: sa.text(RECORD_TURN.format(finish=FINISH if finishing else ""))
                          for finishing in (False, True)}


def _finish_values(ending: SessionEnding, now: datetime | None) -> dict:
    return {"finished_at": iso_utc(now), "ending_id": ending.ending_id, "ending_kind": ending.ending_kind,
            "score": ending.score, "summary": to_json(ending.summary, "summary")}


class PostgresStore(Store):
    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.read_only = read_only
        try:
            target = driver_url(url)
        except sa.exc.ArgumentError as exc:
            raise unavailable(url, f"数据库地址无法识别({exc})") from exc
        self.database = target.set(drivername=target.drivername.split("+")[0]).render_as_string(hide_password=True)
        self._engine = sa.create_engine(target, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW,
                                        connect_args=connect_options(target, read_only=read_only))
        self._closed = threading.Event()
        try:
            with self._engine.connect() as conn:
                found = migrate.found_revision(conn, self.database)
            if records.needs_upgrade(self.database, found, read_only=read_only):
                migrate.upgrade(self._engine, self.database)
        except sa.exc.DBAPIError as exc:
            self._engine.dispose()
            raise unavailable(self.database, _problem(exc)) from exc
        except BaseException:
            self._engine.dispose()
            raise

    def _transaction(self, work: Work[T], *, write: bool = True, single_statement: bool = False) -> T:
        """``work`` in one transaction, retried on deadlock or a dropped connection. Work that is a
        single statement runs on autocommit, where the statement is its own transaction and the
        turn costs one round trip instead of BEGIN, statement and COMMIT."""
        if self._closed.is_set():
            raise ValueError("the store is closed")
        if write and self.read_only:
            raise unavailable(self.database, "以只读方式打开,不能写入")
        attempt = 0
        while True:
            try:
                if single_statement:
                    with self._engine.connect() as conn:
                        return work(conn.execution_options(isolation_level="AUTOCOMMIT"))
                with self._engine.begin() as conn:
                    return work(conn)
            except sa.exc.DBAPIError as exc:
                code = getattr(exc.orig, "sqlstate", None)
                attempt += 1
                if isinstance(exc, sa.exc.IntegrityError):  # a row that vanished under us (a deleted trainee)
                    raise ValueError(str(exc.orig).strip().splitlines()[0]) from exc
                if (code not in RETRYABLE and not exc.connection_invalidated) or attempt >= RETRIES:
                    raise unavailable(self.database, _problem(exc)) from exc
            time.sleep(BACKOFF_S * 2**attempt * random.uniform(0.5, 1.5))

    def _read(self, work: Work[T]) -> T:
        return self._transaction(work, write=False)

    def upsert_trainee(self, name: str, staff_no: str | None = None, *, remember: bool = True,
                       now: datetime | None = None) -> Trainee:
        name, staff_no = trainee_identity(name, staff_no)
        created_at = iso_utc(now)

        def work(conn: sa.Connection) -> Trainee:
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(TRAINEE_LOCK)))
            if staff_no is not None:
                found = sa.select(TRAINEES.c.id).where(TRAINEES.c.staff_no == staff_no)
            else:
                found = (sa.select(TRAINEES.c.id).where(TRAINEES.c.staff_no.is_(None), TRAINEES.c.name == name)
                         .order_by(TRAINEES.c.id).limit(1))
            trainee_id = conn.execute(found).scalar()
            if trainee_id is None:
                trainee_id = conn.execute(
                    TRAINEES.insert().values(name=name, staff_no=staff_no, created_at=created_at).returning(TRAINEES.c.id)
                ).scalar_one()
            else:
                conn.execute(TRAINEES.update().where(TRAINEES.c.id == trainee_id).values(name=name))
            if remember:
                _remember(conn, trainee_id)
            return _trainee(conn, trainee_id)

        return self._transaction(work)

    def last_trainee(self) -> Trainee | None:
        def work(conn: sa.Connection) -> Trainee | None:
            remembered = conn.execute(sa.select(META.c.value).where(META.c.key == LAST_TRAINEE_KEY)).scalar()
            if remembered is None:
                return None
            row = conn.execute(sa.select(*TRAINEE).where(sa.cast(TRAINEES.c.id, sa.Text) == remembered)).first()
            if row is None:
                self._damaged(f"记住的上次学员 {remembered} 已不存在,已忽略")
            return Trainee(*row) if row else None

        return self._read(work)

    def get_trainee(self, trainee_id: int) -> Trainee:
        return self._read(lambda conn: _trainee(conn, trainee_id))

    def list_trainees(self) -> list[Trainee]:
        rows = self._read(lambda conn: conn.execute(sa.select(*TRAINEE).order_by(TRAINEES.c.id)).all())
        return [Trainee(*row) for row in rows]

    def start_session(
        self, trainee_id: int, scenario_id: str, mode: str, state: dict, team: str | None = None,
        drill_id: str | None = None, *, now: datetime | None = None,
    ) -> int:
        check_session_arguments(mode=mode)
        values = {"trainee_id": trainee_id, "scenario_id": scenario_id, "mode": mode, "started_at": iso_utc(now),
                  "state": to_json(state, "state"), "team": plain_text(team), "drill_id": drill_id}

        def work(conn: sa.Connection) -> int:
            _trainee(conn, trainee_id)
            session_id = conn.execute(SESSIONS.insert().values(**values).returning(SESSIONS.c.id)).scalar_one()
            return session_id

        return self._transaction(work)

    def record_turn(
        self, session_id: int, idx: int, customer_text: str, reply: str, result: dict, state: dict, *,
        ending: SessionEnding | None = None, now: datetime | None = None,
    ) -> None:
        check_session_arguments(idx=idx)
        values = {"session_id": session_id, "idx": idx, "created_at": iso_utc(now),
                  "customer_text": plain_text(customer_text), "reply": clip_reply(reply),
                  "result": to_json(result, "result"), "state": to_json(state, "state")}
        if ending is not None:
            values |= _finish_values(ending, now)
        statement = RECORD_TURN_STATEMENTS[ending is not None]

        def work(conn: sa.Connection) -> None:
            found, still_open, saved = conn.execute(statement, values).one()
            if not found:
                raise KeyError(f"no session {session_id}")
            if not still_open:
                raise ValueError(f"session {session_id} is already finished")
            if not saved:
                raise ValueError(f"session {session_id} already has turn {idx}")

        self._transaction(work, single_statement=True)

    def save_state(self, session_id: int, state: dict) -> None:
        self._end(session_id, {"state": to_json(state, "state")})

    def finish_session(
        self, session_id: int, ending_id: str | None, ending_kind: str | None, score: float | None,
        summary: dict, *, now: datetime | None = None,
    ) -> None:
        self._end(session_id, _finish_values(SessionEnding(ending_id, ending_kind, score, summary), now))

    def abandon_session(self, session_id: int, *, now: datetime | None = None) -> None:
        self._end(session_id, {"finished_at": iso_utc(now), "ending_kind": ABANDONED})

    def _end(self, session_id: int, values: dict) -> None:
        def work(conn: sa.Connection) -> None:
            _lock_open(conn, session_id)
            conn.execute(SESSIONS.update().where(SESSIONS.c.id == session_id).values(**values))

        self._transaction(work)

    def get_session(self, session_id: int) -> SessionRecord:
        def work(conn: sa.Connection) -> SessionRecord:
            row = conn.execute(sa.select(*SESSION).where(SESSIONS.c.id == session_id)).first()
            if row is None:
                raise KeyError(f"no session {session_id}")
            try:
                return records.session(tuple(row), _turns(conn, [session_id])[session_id])
            except Damaged as exc:
                self._damaged(damaged_session(session_id, exc))
                raise KeyError(damaged_session(session_id, exc)) from exc

        return self._read(work)

    def list_sessions(
        self, trainee_id: int | None = None, scenario_id: str | None = None, limit: int | None = None,
        drill_id: str | None = None,
    ) -> list[SessionRecord]:
        check_session_arguments(limit=limit)
        query = sa.select(*SESSION).order_by(SESSIONS.c.started_at.desc(), SESSIONS.c.id.desc()).limit(limit)
        for column, wanted in ((SESSIONS.c.trainee_id, trainee_id), (SESSIONS.c.scenario_id, scenario_id),
                               (SESSIONS.c.drill_id, drill_id)):
            if wanted is not None:
                query = query.where(column == wanted)
        return records.sessions(self._read(lambda conn: conn.execute(query).all()), None, self._damaged)

    def unfinished_sessions(self, trainee_id: int) -> list[SessionRecord]:
        def work(conn: sa.Connection) -> list[SessionRecord]:
            rows = conn.execute(
                sa.select(*SESSION).where(SESSIONS.c.trainee_id == trainee_id, SESSIONS.c.finished_at.is_(None))
                .order_by(SESSIONS.c.started_at.desc(), SESSIONS.c.id.desc())).all()
            return records.sessions(rows, _turns(conn, [row[0] for row in rows]), self._damaged)

        return self._read(work)

    def add_drill_event(self, drill_id: str, kind: str, payload: dict, team: str | None = None,
                        author: str | None = None, *, now: datetime | None = None) -> int:
        values = {"drill_id": drill_id, "kind": kind, "team": plain_text(team), "author": plain_text(author),
                  "payload": to_json(payload, "payload"), "created_at": iso_utc(now)}
        return self._transaction(
            lambda conn: conn.execute(DRILL_EVENTS.insert().values(**values).returning(DRILL_EVENTS.c.id)).scalar_one())

    def drill_events(self, drill_id: str | None = None, kind: str | None = None) -> list[DrillEvent]:
        query = sa.select(*DRILL_EVENT).order_by(DRILL_EVENTS.c.id)
        if drill_id is not None:
            query = query.where(DRILL_EVENTS.c.drill_id == drill_id)
        if kind is not None:
            query = query.where(DRILL_EVENTS.c.kind == kind)
        return records.drill_events(self._read(lambda conn: conn.execute(query).all()), self._damaged)

    # Sign-in: credentials and the roster's teams (see Store).

    def find_trainee(self, staff_no: str) -> Trainee | None:
        row = self._read(lambda conn: conn.execute(
            sa.select(*TRAINEE).where(TRAINEES.c.staff_no == staff_no.strip())).first())
        return Trainee(*row) if row else None

    def get_credential(self, subject: str) -> Credential | None:
        row = self._read(lambda conn: conn.execute(
            sa.select(CREDENTIALS.c.subject, CREDENTIALS.c.secret_hash, CREDENTIALS.c.failures, CREDENTIALS.c.updated_at)
            .where(CREDENTIALS.c.subject == subject)).first())
        return Credential(*row) if row else None

    def create_credential(self, subject: str, secret_hash: str, *, now: datetime | None = None) -> bool:
        statement = pg_insert(CREDENTIALS).values(subject=subject, secret_hash=secret_hash, failures=0,
                                                  updated_at=iso_utc(now))
        # RETURNING says whether this insert won: an INSERT's rowcount is not reported here.
        statement = statement.on_conflict_do_nothing().returning(CREDENTIALS.c.subject)
        return self._transaction(lambda conn: conn.execute(statement).scalar() is not None)

    def set_credential(self, subject: str, secret_hash: str, *, now: datetime | None = None) -> None:
        statement = pg_insert(CREDENTIALS).values(subject=subject, secret_hash=secret_hash, failures=0,
                                                  updated_at=iso_utc(now))
        statement = statement.on_conflict_do_update(
            index_elements=[CREDENTIALS.c.subject],
            set_={"secret_hash": statement.excluded.secret_hash, "failures": 0, "updated_at": statement.excluded.updated_at})
        self._transaction(lambda conn: conn.execute(statement))

    def delete_credential(self, subject: str, secret_hash: str | None = None) -> bool:
        statement = CREDENTIALS.delete().where(CREDENTIALS.c.subject == subject)
        if secret_hash is not None:
            statement = statement.where(CREDENTIALS.c.secret_hash == secret_hash)
        return self._transaction(lambda conn: conn.execute(statement).rowcount == 1)

    def count_failure(self, subject: str) -> int:
        statement = (CREDENTIALS.update().where(CREDENTIALS.c.subject == subject)
                     .values(failures=CREDENTIALS.c.failures + 1).returning(CREDENTIALS.c.failures))
        return self._transaction(lambda conn: conn.execute(statement).scalar() or 0)

    def set_team(self, trainee_id: int, team: str | None) -> None:
        def work(conn: sa.Connection) -> None:
            _trainee(conn, trainee_id)
            if team:
                statement = pg_insert(TRAINEE_TEAMS).values(trainee_id=trainee_id, team=team)
                conn.execute(statement.on_conflict_do_update(index_elements=[TRAINEE_TEAMS.c.trainee_id],
                                                             set_={"team": statement.excluded.team}))
            else:
                conn.execute(TRAINEE_TEAMS.delete().where(TRAINEE_TEAMS.c.trainee_id == trainee_id))

        self._transaction(work)

    def teams(self) -> dict[int, str]:
        rows = self._read(lambda conn: conn.execute(sa.select(TRAINEE_TEAMS.c.trainee_id, TRAINEE_TEAMS.c.team)).all())
        return {trainee_id: team for trainee_id, team in rows}

    def close(self) -> None:
        self._closed.set()
        self._engine.dispose()

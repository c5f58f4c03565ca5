"""The records store: nothing a trainee did may be lost, mixed up or silently altered.

Every test runs on both backends (``tests/store_backends.py``) unless it is about SQLite itself.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.store_backends import backend, location, postgres_server, raw, store  # noqa: F401 (fixtures)
from trainer import paths
from trainer.store import ABANDONED, MAX_REPLY_CHARS, TRUNCATION_MARK, SessionRecord, Store, StoreUnavailable, Trainee
from trainer.store import TurnRecord, iso_utc, open_store, plain_text
from trainer.store import sqlite as sqlite_store

REPO = Path(__file__).resolve().parent.parent
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)
sqlite_only = pytest.mark.parametrize("backend", ["sqlite"])


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_trainee_round_trip(store: Store) -> None:
    trainee = store.upsert_trainee(" 王芳 ", " A001 ", now=T0.astimezone(timezone(timedelta(hours=8))))
    assert trainee == Trainee(trainee.id, "王芳", "A001", "2024-05-01T08:00:00.000000+00:00")
    assert store.get_trainee(trainee.id) == trainee
    assert store.list_trainees() == [trainee]
    with pytest.raises(KeyError):
        store.get_trainee(trainee.id + 1)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (("王芳", "A001"), ("王芳芳", "A001"), True),  # same staff number, name corrected
        (("王芳", "A001"), ("王芳", "A002"), False),  # namesakes told apart by staff number
        (("王芳", None), ("王芳", ""), True),  # without a number the name identifies
        (("王芳", None), ("王芳", "A001"), False),
    ],
)
def test_staff_no_identifies_a_trainee(store: Store, first: tuple, second: tuple, same: bool) -> None:
    a = store.upsert_trainee(*first, now=at(0))
    b = store.upsert_trainee(*second, now=at(1))
    assert (a.id == b.id) is same
    assert store.get_trainee(b.id).name == second[0]
    assert b.created_at == (a.created_at if same else iso_utc(at(1)))
    assert len(store.list_trainees()) == (1 if same else 2)


def test_last_trainee_is_remembered_across_restarts(location) -> None:
    with open_store(location) as store:
        assert store.last_trainee() is None
        a = store.upsert_trainee("甲", "1")
        b = store.upsert_trainee("乙", "2")
        assert store.last_trainee() == b
        store.start_session(a.id, "s", "practice", {})  # a drill typist's session is not a sign-in
        store.upsert_trainee("丙", "3", remember=False)  # nor is a browser tab's
    with open_store(location) as store:
        assert store.last_trainee() == b


def test_session_round_trip(store: Store) -> None:
    trainee = store.upsert_trainee("李雷", "B7")
    sid = store.start_session(trainee.id, "loss", "exam", {"node": "start"}, team="二组", drill_id="d1", now=at(0))
    texts = [("我卡丢了", "您别着急"), ("快点", "马上为您办理")]
    for idx, (customer, reply) in enumerate(texts):
        result = {"score": idx, "hits": ["安抚"]}
        store.record_turn(sid, idx, customer, reply, result, {"node": f"n{idx}"}, now=at(idx + 1))
    store.finish_session(sid, "calm", "good", 87.5, {"total": 87.5, "notes": ["好"]}, now=at(9))
    assert store.get_session(sid) == SessionRecord(
        id=sid, trainee_id=trainee.id, scenario_id="loss", mode="exam", started_at=iso_utc(at(0)),
        finished_at=iso_utc(at(9)), ending_id="calm", ending_kind="good", score=87.5,
        summary={"total": 87.5, "notes": ["好"]}, state={"node": "n1"}, team="二组", drill_id="d1",
        turns=tuple(
            TurnRecord(sid, idx, iso_utc(at(idx + 1)), c, r, {"score": idx, "hits": ["安抚"]})
            for idx, (c, r) in enumerate(texts)
        ),
    )
    assert store.unfinished_sessions(trainee.id) == []


def test_resume_reads_the_state_saved_with_the_last_turn(location) -> None:
    with open_store(location) as store:
        trainee = store.upsert_trainee("韩梅梅", "C3")
        sid = store.start_session(trainee.id, "s", "practice", {"node": "start", "mood": 0})
        assert store.unfinished_sessions(trainee.id)[0].state == {"node": "start", "mood": 0}
        for idx in range(3):
            state = {"node": f"n{idx}", "mood": -idx, "seen": list(range(idx))}
            store.record_turn(sid, idx, "问", "答", {}, state)
            assert store.get_session(sid).state == state
    with open_store(location) as store:
        (resumed,) = store.unfinished_sessions(trainee.id)
        assert resumed.id == sid and resumed.state == state
        assert [t.idx for t in resumed.turns] == [0, 1, 2]
        with pytest.raises(ValueError):  # a repeated turn is refused, and its state with it
            store.record_turn(sid, 2, "又问", "又答", {}, {"node": "elsewhere"})
        session = store.get_session(sid)
        assert session.state == state and [t.customer_text for t in session.turns] == ["问"] * 3


CHILD = """
import os, sys, time
from trainer.store import open_store
store = open_store(sys.argv[1])
trainee = store.upsert_trainee("张三", "K1")
sid = store.start_session(trainee.id, "withdraw", "practice", {"node": "start"})
store.record_turn(sid, 0, "你好", "您好", {"ok": True}, {"node": "n1"})
store.record_turn(sid, 1, "我要取钱", "请出示证件", {"ok": False}, {"node": "n2"})
print(sid, flush=True)
if sys.argv[2] == "exit":
    os._exit(0)
time.sleep(60)
"""


@pytest.mark.parametrize("how", ["sigkill", "exit"])
def test_a_killed_process_loses_nothing(location, how: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with subprocess.Popen([sys.executable, "-c", CHILD, str(location), how], stdout=subprocess.PIPE, env=env) as child:
        sid = int(child.stdout.readline())
        if how == "sigkill":
            child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == (-signal.SIGKILL if how == "sigkill" else 0)
    with open_store(location) as store:
        trainee = store.last_trainee()
        (session,) = store.unfinished_sessions(trainee.id)
        assert session.id == sid and session.finished_at is None and session.state == {"node": "n2"}
        expected = [("你好", {"ok": True}), ("我要取钱", {"ok": False})]
        assert [(t.customer_text, t.result) for t in session.turns] == expected


WORKERS, TURNS = 8, 50


def _worker(location: str, n: int, barrier) -> None:
    barrier.wait()
    with open_store(location) as store:  # all open a fresh file at once: schema creation races too
        trainee = store.upsert_trainee(f"学员{n}", f"W{n}")
        sid = store.start_session(trainee.id, f"scenario-{n % 3}", "practice", {"worker": n, "last": None})
        for idx in range(TURNS):
            store.record_turn(sid, idx, f"w{n}-t{idx}", f"reply {n}/{idx}", {"worker": n}, {"worker": n, "last": idx})
        store.finish_session(sid, "end", "good", float(n), {"worker": n})


def test_many_processes_write_one_file(location, backend: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    procs = [ctx.Process(target=_worker, args=(str(location), n, barrier)) for n in range(WORKERS)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
    assert [proc.exitcode for proc in procs] == [0] * WORKERS
    with open_store(location) as store:
        sessions = store.list_sessions()
        assert len(sessions) == WORKERS
        for summary in sessions:
            session = store.get_session(summary.id)
            n = session.summary["worker"]
            assert store.get_trainee(session.trainee_id).staff_no == f"W{n}"
            assert session.state == {"worker": n, "last": TURNS - 1} and session.score == n
            assert [(t.idx, t.customer_text, t.result) for t in session.turns] == [
                (idx, f"w{n}-t{idx}", {"worker": n}) for idx in range(TURNS)
            ]
    assert raw(location, "SELECT COUNT(*), COUNT(DISTINCT customer_text) FROM turns") == [(400, 400)]
    if backend == "sqlite":
        assert raw(location, "PRAGMA journal_mode") == [("wal",)]


def test_worker_threads_share_one_store(store: Store) -> None:
    trainee = store.upsert_trainee("甲")
    sids = [store.start_session(trainee.id, "s", "practice", {}) for _ in range(8)]

    def write(sid: int) -> None:
        for idx in range(25):
            store.record_turn(sid, idx, str(sid), "r", {}, {"last": idx})

    with ThreadPoolExecutor(len(sids)) as pool:
        list(pool.map(write, sids))  # list() re-raises any worker's exception here
    for session in store.unfinished_sessions(trainee.id):
        assert [(t.idx, t.customer_text) for t in session.turns] == [(i, str(session.id)) for i in range(25)]


@sqlite_only
@pytest.mark.parametrize("release_after", [0.3, None])
def test_a_locked_file_is_retried_a_bounded_number_of_times(location, monkeypatch, release_after) -> None:
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_S", 0.05)
    holder = closing(sqlite3.connect(location, isolation_level=None, check_same_thread=False))
    with open_store(location) as store, holder as holder:
        trainee = store.upsert_trainee("甲")
        holder.execute("BEGIN IMMEDIATE")
        if release_after is not None:
            threading.Timer(release_after, holder.execute, ["COMMIT"]).start()
            store.start_session(trainee.id, "s", "practice", {})  # outlasts the busy timeout by retrying
            assert len(store.list_sessions()) == 1
        else:
            started = time.monotonic()
            with pytest.raises(StoreUnavailable, match="锁定"):
                store.start_session(trainee.id, "s", "practice", {})
            assert time.monotonic() - started < 10
            holder.rollback()


def test_closed_sessions_and_bad_arguments_are_refused(store: Store) -> None:
    trainee = store.upsert_trainee("甲")
    done, dropped, open_ = (store.start_session(trainee.id, "s", "practice", {}, now=at(i)) for i in range(3))
    store.finish_session(done, "e", "good", 1, {})
    store.abandon_session(dropped)
    assert store.get_session(dropped).ending_kind == ABANDONED
    assert [s.id for s in store.unfinished_sessions(trainee.id)] == [open_]
    for sid in (done, dropped):
        with pytest.raises(ValueError):
            store.record_turn(sid, 0, "q", "r", {}, {})
        with pytest.raises(ValueError):
            store.abandon_session(sid)
    with pytest.raises(KeyError):
        store.get_session(open_ + 1)
    with pytest.raises(ValueError):
        store.start_session(trainee.id, "s", "homework", {})
    with pytest.raises(KeyError):
        store.start_session(trainee.id + 1, "s", "practice", {})
    assert len(store.list_sessions()) == 3


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["b-s2", "a-s1", "b-s1", "a-s2", "a-s1-early"]),
        ({"limit": 2}, ["b-s2", "a-s1"]),
        ({"trainee": "a"}, ["a-s1", "a-s2", "a-s1-early"]),
        ({"scenario_id": "s1"}, ["a-s1", "b-s1", "a-s1-early"]),
        ({"trainee": "b", "scenario_id": "s1"}, ["b-s1"]),
    ],
)
def test_list_sessions_newest_first(store: Store, filters: dict, expected: list[str]) -> None:
    ids = {name: store.upsert_trainee(name, name.upper()).id for name in "ab"}
    labels = {}
    for label, minute in [("a-s1-early", 0), ("a-s2", 5), ("b-s1", 10), ("a-s1", 10), ("b-s2", 20)]:
        who, scenario = label.split("-")[:2]
        labels[store.start_session(ids[who], scenario, "practice", {}, now=at(minute))] = label
    filters = dict(filters)  # parametrised values are shared by both backends
    trainee = filters.pop("trainee", None)
    found = store.list_sessions(ids.get(trainee), **filters)
    assert [labels[s.id] for s in found] == expected and all(s.turns is None for s in found)


@pytest.mark.parametrize("length", [0, MAX_REPLY_CHARS, MAX_REPLY_CHARS + 1, 3 * MAX_REPLY_CHARS])
def test_replies_are_bounded(store: Store, length: int) -> None:
    sid = store.start_session(store.upsert_trainee("甲").id, "s", "practice", {})
    reply = "".join(chr(0x4E00 + i % 500) for i in range(length))
    store.record_turn(sid, 0, "q", reply, {}, {})
    stored = store.get_session(sid).turns[0].reply
    assert len(stored) <= MAX_REPLY_CHARS
    assert stored == reply if length <= MAX_REPLY_CHARS else stored.endswith(TRUNCATION_MARK)
    assert reply.startswith(stored.removesuffix(TRUNCATION_MARK))


BAD_BLOBS = [{"x": object()}, {"x": float("nan")}, {"x": (1, 2)}, {1: "a"}, [1, 2], {"x": {1, 2}}]


@pytest.mark.parametrize("bad", BAD_BLOBS, ids=repr)
@pytest.mark.parametrize("where", ["result", "state", "start", "summary"])
def test_blobs_must_survive_json(store: Store, bad, where: str) -> None:
    trainee = store.upsert_trainee("甲")
    sid = store.start_session(trainee.id, "s", "practice", {"ok": 1})
    with pytest.raises(ValueError):
        if where == "start":
            store.start_session(trainee.id, "s", "practice", bad)
        elif where == "summary":
            store.finish_session(sid, "e", "good", 1, bad)
        else:
            store.record_turn(sid, 0, "q", "r", **{"result": {}, "state": {}, where: bad})
    assert [s.id for s in store.unfinished_sessions(trainee.id)] == [sid]
    assert store.get_session(sid).turns == () and store.get_session(sid).state == {"ok": 1}


SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4))


def test_any_json_state_and_text_round_trips(store: Store) -> None:
    trainee = store.upsert_trainee("甲")

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.dictionaries(st.text(), JSON, max_size=4), st.text(), st.text() | st.just("a\x00b"))
    def check(blob: dict, customer: str, reply: str) -> None:
        sid = store.start_session(trainee.id, "s", "practice", blob)
        store.record_turn(sid, 0, customer, reply, blob, blob)
        session = store.get_session(sid)
        assert session.state == blob and session.turns[0].result == blob
        assert (session.turns[0].customer_text, session.turns[0].reply) == (plain_text(customer), plain_text(reply))

    check()


@pytest.mark.parametrize("read_only", [False, True])
def test_a_newer_schema_is_refused(location, read_only: bool) -> None:
    open_store(location).close()
    raw(location, "UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreUnavailable, match="9999.*新,请先升级 trainer"):
        open_store(location, read_only=read_only)
    assert raw(location, "SELECT version_num FROM alembic_version") == [("9999",)]


def test_default_path_follows_trainer_home(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(paths.DATABASE_URL_ENV, raising=False)
    home = tmp_path / "classroom"
    monkeypatch.setenv(paths.HOME_ENV, str(home))
    with open_store() as store:
        trainee = store.upsert_trainee("甲", "Z9")
    assert (home / "trainer.sqlite3").is_file()
    with open_store(home / "trainer.sqlite3") as store:
        assert store.list_trainees() == [trainee]
    with open_store() as store, pytest.raises(sqlite3.ProgrammingError):
        store.close()
        store.list_trainees()


def test_save_state_between_turns_is_what_resume_reads(store: Store) -> None:
    trainee = store.upsert_trainee("王芳", "A01")
    session_id = store.start_session(trainee.id, "one-yuan-loop", "practice", {"hints": 0})
    store.save_state(session_id, {"hints": 1})
    assert store.get_session(session_id).state == {"hints": 1}


def test_the_database_url_chooses_the_server(location, backend: str, monkeypatch) -> None:
    if backend == "sqlite":
        location = f"sqlite:///{location}"
    monkeypatch.setenv(paths.DATABASE_URL_ENV, str(location))
    with open_store() as store:
        trainee = store.upsert_trainee("甲", "U1")
    with open_store(location) as store:
        assert store.list_trainees() == [trainee]


def test_credentials_and_teams_behave_alike_on_every_backend(store: Store) -> None:
    """The sign-in tables were ported onto the shared schema; on PostgreSQL an INSERT's rowcount
    is not reported, so the first PIN set for a staff number read as set elsewhere and every
    served tab on a PostgreSQL store was stuck at sign-in."""
    assert store.create_credential("pin:B001", "h1") is True
    assert store.create_credential("pin:B001", "h2") is False
    assert store.get_credential("pin:B001").secret_hash == "h1"
    assert store.count_failure("pin:B001") == 1
    store.set_credential("pin:B001", "h3")
    assert store.get_credential("pin:B001").failures == 0
    assert store.delete_credential("pin:B001", "other") is False
    assert store.delete_credential("pin:B001", "h3") is True
    assert store.get_credential("pin:B001") is None
    trainee = store.upsert_trainee("学员", "B001")
    store.set_team(trainee.id, "阳光组")
    assert store.teams() == {trainee.id: "阳光组"} and store.find_trainee("B001") == trainee
    store.set_team(trainee.id, None)
    assert store.teams() == {}

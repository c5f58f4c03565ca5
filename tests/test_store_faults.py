"""Faults a store must survive: a writer killed at any point of a session, damaged rows, a file
that is not ours, damaged or read-only. Each runs on both backends where the fault exists on both."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
import yaml

from tests.store_backends import backend, location, postgres_server, raw, store  # noqa: F401 (fixtures)
from trainer.dialogue.recording import RecordedSession
from trainer.store import Store, StoreUnavailable, open_store

REPO = Path(__file__).resolve().parent.parent
SCENARIO = "coin-deposit-elder"
sqlite_only = pytest.mark.parametrize("backend", ["sqlite"])


def _good_replies() -> list[str]:
    scripts = yaml.safe_load((REPO / "scenarios" / f"{SCENARIO}.test.yaml").read_text(encoding="utf-8"))["scripts"]
    return next(script["replies"] for script in scripts if script["name"] == "good")


def _kill_at_statement(store: Store, kill_at: int | None, counted) -> None:
    """Count every SQL statement the store sends (BEGIN and COMMIT included) and SIGKILL this
    process just before number ``kill_at``: before a COMMIT, after one, and between any two."""

    def before(*_args) -> None:
        counted.value += 1
        if counted.value == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    if hasattr(store, "_engine"):
        import sqlalchemy as sa

        sa.event.listen(store._engine, "before_cursor_execute", before)
        sa.event.listen(store._engine, "begin", before)
        sa.event.listen(store._engine, "commit", before)
    else:
        store._conn.set_trace_callback(before)


def _play(location, catalog, replies: list[str], kill_at: int | None, counted) -> None:
    with open_store(location) as opened:
        _kill_at_statement(opened, kill_at, counted)
        trainee = opened.upsert_trainee("故障", "F1")
        recorded = RecordedSession.start(catalog.library.get(SCENARIO), catalog.scorer, opened, trainee.id)
        for reply in replies:
            recorded.reply(reply)
        assert recorded.session.finished
    os._exit(0)


def test_a_writer_killed_at_any_statement_leaves_no_session_without_its_ending(location, catalog) -> None:
    replies = _good_replies()
    open_store(location).close()  # migrated here: the kills are about a session, not about set-up
    ctx = multiprocessing.get_context("fork")
    counted = ctx.Value("i", 0)
    clean = ctx.Process(target=_play, args=(location, catalog, replies, None, counted))
    clean.start()
    clean.join(60)
    assert clean.exitcode == 0
    statements = counted.value
    assert statements > 4 * len(replies)
    for kill_at in range(1, statements + 1):
        counted.value = 0
        child = ctx.Process(target=_play, args=(location, catalog, replies, kill_at, counted))
        child.start()
        child.join(60)
        assert child.exitcode == -signal.SIGKILL, f"statement {kill_at} of {statements} was not reached"
    with open_store(location) as opened:
        sessions = [opened.get_session(s.id) for s in opened.list_sessions()]
        finished = [s for s in sessions if s.finished_at is not None]
        for session in sessions:
            reached_ending = session.state["ending"] is not None
            assert reached_ending == (session.finished_at is not None), f"session {session.id} is a zombie"
            assert [t.idx for t in session.turns] == [turn["index"] for turn in session.state["turns"]]
            assert (session.score is not None) == reached_ending
    # Killed before its last statement (the final turn's commit) a run has not finished; after it
    # there is nothing left to kill, which is the clean run. Runs were cut after every turn.
    assert len(finished) == 1 and {len(s.turns) for s in sessions} == set(range(len(replies) + 1))


def test_a_dangling_last_trainee_is_forgotten_not_fatal(store: Store, location) -> None:
    store.upsert_trainee("甲", "D1")
    raw(location, "UPDATE meta SET value = '999' WHERE key LIKE 'last_trainee_id%'")
    assert store.last_trainee() is None
    assert any("999" in problem for problem in store.problems())


@pytest.mark.parametrize(("table", "column"), [("sessions", "state"), ("sessions", "summary"), ("turns", "result")])
def test_a_malformed_blob_skips_its_session_and_says_so(store: Store, location, table: str, column: str) -> None:
    trainee = store.upsert_trainee("甲", "M1")
    good, bad = (store.start_session(trainee.id, "s", "practice", {"n": n}) for n in range(2))
    for sid in (good, bad):
        store.record_turn(sid, 0, "问", "答", {"ok": 1}, {"n": sid})
    key = "id" if table == "sessions" else "session_id"
    raw(location, f"UPDATE {table} SET {column} = '{{not json' WHERE {key} = ?", (bad,))
    if column != "summary":  # the summary is read by every listing; the turns only with them
        assert [s.id for s in store.unfinished_sessions(trainee.id)] == [good]
    if column != "result":
        assert [s.id for s in store.list_sessions()] == [good]
    with pytest.raises(KeyError, match=str(bad)):
        store.get_session(bad)
    assert store.get_session(good).turns[0].result == {"ok": 1}
    assert any(f"练习记录 {bad}" in problem and column in problem for problem in store.problems())


def test_a_malformed_drill_event_is_skipped(store: Store, location) -> None:
    kept = store.add_drill_event("d", "plan", {"a": 1})
    broken = store.add_drill_event("d", "plan", {"a": 2})
    raw(location, "UPDATE drill_events SET payload = '[1' WHERE id = ?", (broken,))
    assert [e.id for e in store.drill_events("d")] == [kept]
    assert any(str(broken) in problem for problem in store.problems())


def test_a_read_only_store_refuses_writes_and_creates_nothing(location, backend: str) -> None:
    if backend == "sqlite":
        with pytest.raises(StoreUnavailable, match="不存在"):
            open_store(location, read_only=True)
        assert not Path(location).exists()
    else:
        with pytest.raises(StoreUnavailable, match="空的"):
            open_store(location, read_only=True)
        assert raw(location, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()") == [(0,)]
    with open_store(location) as writer:
        trainee = writer.upsert_trainee("甲", "R1")
    with open_store(location, read_only=True) as reader:
        assert reader.list_trainees() == [trainee]
        with pytest.raises(StoreUnavailable, match="只读"):
            reader.upsert_trainee("乙", "R2")


def _trainer(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "trainer", *args]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, cwd="/")


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _filled(path: Path) -> Path:
    with open_store(path) as writer:
        trainee = writer.upsert_trainee("王芳", "A001")
        sid = writer.start_session(trainee.id, SCENARIO, "practice", {})
        writer.finish_session(sid, "e", "success", 80.0, {})
    return path


def test_report_writes_nothing_to_the_file_it_reads(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    db = _filled(folder / "trainer.sqlite3")
    before = _fingerprint(folder)
    result = _trainer("report", "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    # A WAL reader may leave SQLite's empty shared-memory side files; the database is unchanged.
    after = _fingerprint(folder)
    assert "王芳" in result.stdout and after[db.name] == before[db.name]
    assert not (folder / f"{db.name}-wal").exists() or (folder / f"{db.name}-wal").stat().st_size == 0


READ_COPY = """
import sys, types
sys.modules["platformdirs"] = types.ModuleType("platformdirs")  # no data folder is looked up here
sys.path.insert(0, sys.argv[1])
from trainer.store import open_store
with open_store(sys.argv[2], read_only=True) as store:
    print([t.name for t in store.list_trainees()])
"""


def test_a_read_only_copy_can_be_read() -> None:
    """Permissions bind root only through another user: root runs the reader as ``nobody`` with
    the system Python (the store needs nothing beyond the standard library to read a file), in a
    folder outside pytest's private temporary tree."""
    folder = Path(tempfile.mkdtemp(prefix="trainer-read-only-"))
    db = _filled(folder / "trainer.sqlite3")
    db.chmod(0o444)
    folder.chmod(0o555)
    command = [sys.executable, "-c", READ_COPY, str(REPO), str(db)]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "nobody", "--", "/usr/bin/python3", *command[1:]]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd="/")
    finally:
        folder.chmod(0o755)
    names = sorted(p.name for p in folder.iterdir())
    shutil.rmtree(folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['王芳']" and names == [db.name]


def test_an_unrelated_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as conn, conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    before = _fingerprint(tmp_path)
    result = _trainer("report", "--db", str(other))
    assert result.returncode == 1 and "不是练习记录数据库" in result.stderr and str(other) in result.stderr
    with pytest.raises(StoreUnavailable, match="不是练习记录数据库"):
        open_store(other)
    assert _fingerprint(tmp_path) == before


def _damage(db: Path) -> None:
    """Point an index at the wrong root page: the file opens, but its integrity check fails."""
    with closing(sqlite3.connect(db)) as conn:
        table_root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'trainees'").fetchone()[0]
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'sessions_by_trainee'", (table_root,))
        conn.commit()


def test_a_damaged_file_is_refused_not_written(tmp_path: Path) -> None:
    db = _filled(tmp_path / "damaged.sqlite3")
    _damage(db)
    before = _fingerprint(tmp_path)
    result = _trainer("report", "--db", str(db))
    assert result.returncode == 1 and "损坏" in result.stderr
    with pytest.raises(StoreUnavailable, match="损坏"):
        open_store(db)
    assert _fingerprint(tmp_path) == before


def test_report_skips_a_damaged_row_and_says_so(tmp_path: Path) -> None:
    db = _filled(tmp_path / "trainer.sqlite3")
    with open_store(db) as writer:
        trainee = writer.upsert_trainee("李雷", "B7")
        sid = writer.start_session(trainee.id, SCENARIO, "practice", {})
    raw(db, "UPDATE sessions SET state = 'oops' WHERE id = ?", (sid,))
    result = _trainer("report", "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    assert "王芳" in result.stdout and f"练习记录 {sid}" in result.stderr


def test_a_data_folder_that_is_a_file_is_a_clear_refusal(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "not-a-folder"
    home.write_text("")
    monkeypatch.setenv("TRAINER_HOME", str(home))
    monkeypatch.delenv("TRAINER_DATABASE_URL", raising=False)
    with pytest.raises(StoreUnavailable, match="数据文件夹"):
        open_store()

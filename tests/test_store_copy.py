"""``trainer db copy``: a branch's history moves into the bank's server without losing a row."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store_backends import new_location, postgres_server, raw  # noqa: F401 (fixtures)
from trainer.store import open_store
from trainer.store.schema import TABLES

REPO = Path(__file__).resolve().parent.parent
SESSIONS, TURNS_EACH = 200, 50  # 10 000 turns


def _fill(path: Path) -> None:
    """Trainees, finished, abandoned and open sessions and drill events through the store; the
    10 000 turns in one transaction beside it, or filling would outlast the test it serves."""
    with open_store(path) as store:
        trainees = [store.upsert_trainee(f"学员{n}", f"S{n:03}" if n % 3 else None).id for n in range(20)]
        for n in range(SESSIONS):
            sid = store.start_session(trainees[n % 20], f"scenario-{n % 7}", ("practice", "exam")[n % 2],
                                      {"n": n}, team=f"{n % 4}组" if n % 5 else None, drill_id="d1" if n % 9 == 0 else None)
            if n % 10 == 0:
                store.abandon_session(sid)
            elif n % 3:
                store.finish_session(sid, f"end-{n % 4}", "success", n / 7, {"total": n / 7, "notes": ["好"]})
        for n in range(30):
            store.add_drill_event(f"d{n % 3}", "observation", {"marks": [n], "comment": "可以"}, team="一组", author="赵六")
    turns = [(sid, idx, f"2024-05-01T08:{idx:02}:00.000000+00:00", f"客户 {sid}/{idx}", f"回复 {sid}/{idx} \U0001F600",
              json.dumps({"score": idx / 3, "hits": ["安抚"]}, ensure_ascii=False))
             for sid in range(1, SESSIONS + 1) for idx in range(TURNS_EACH)]
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.executemany("INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?)", turns)
    conn.close()


def _rows(location) -> dict[str, list[tuple]]:
    found = {}
    for table in TABLES:
        keys = ", ".join(column.name for column in table.primary_key.columns)
        found[table.name] = [tuple(row) for row in raw(location, f"SELECT * FROM {table.name} ORDER BY {keys}")]
    return found


def _copy(source, target) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "trainer", "db", "copy", "--from", str(source), "--to", str(target)],
                          capture_output=True, text=True, timeout=600, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


def test_copy_to_the_server_and_back_keeps_every_row(tmp_path: Path, request) -> None:
    source = tmp_path / "branch.sqlite3"
    _fill(source)
    server = new_location("postgresql", tmp_path, request)
    result = _copy(f"sqlite:///{source}", server)
    assert result.returncode == 0, result.stderr
    assert "turns" in result.stdout and "10000" in result.stdout
    expected = _rows(source)
    assert len(expected["turns"]) == SESSIONS * TURNS_EACH
    assert _rows(server) == expected
    back = tmp_path / "back.sqlite3"
    assert _copy(server, back).returncode == 0
    assert _rows(back) == expected
    with open_store(server) as store:  # the server hands out fresh ids after the copied ones
        newcomer = store.upsert_trainee("新人", "NEW")
        assert newcomer.id == max(row[0] for row in expected["trainees"]) + 1
        assert store.start_session(newcomer.id, "s", "practice", {}) == SESSIONS + 1
        assert len(store.list_sessions()) == SESSIONS + 1


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_copy_refuses_a_target_that_has_records(tmp_path: Path, request, backend: str) -> None:
    source = new_location("sqlite", tmp_path, request)
    target = new_location(backend, tmp_path, request)
    for location in (source, target):
        with open_store(location) as store:
            store.upsert_trainee("甲", "1")
    result = _copy(source, target)
    assert result.returncode == 1 and "已有记录" in result.stderr
    assert raw(target, "SELECT count(*) FROM trainees") == [(1,)]

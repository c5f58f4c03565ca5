"""Many writers into one store at once, as a class on several ``trainer serve`` hosts writes the
bank's server: no row lost or mixed, and a killed writer loses no turn it had committed."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.store_backends import backend, location, postgres_server, raw  # noqa: F401 (fixtures)
from trainer.store import SessionEnding, open_store

REPO = Path(__file__).resolve().parent.parent
PROCESSES, TURNS = 40, 100


def _writer(location, n: int, barrier) -> None:
    barrier.wait()
    with open_store(location) as store:
        trainee = store.upsert_trainee(f"学员{n}", f"P{n:02}")
        sid = store.start_session(trainee.id, f"scenario-{n % 5}", "practice", {"writer": n})
        for idx in range(TURNS):
            ending = SessionEnding("end", "success", float(n), {"writer": n}) if idx == TURNS - 1 else None
            store.record_turn(sid, idx, f"p{n}-t{idx}", f"回复 {n}/{idx}", {"writer": n, "idx": idx},
                              {"writer": n, "last": idx}, ending=ending)
    os._exit(0)


def test_forty_processes_write_a_hundred_turns_each(location) -> None:
    open_store(location).close()
    # fork: the 40 writers start without re-importing the driver, so the test measures writing.
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(PROCESSES)
    writers = [ctx.Process(target=_writer, args=(location, n, barrier)) for n in range(PROCESSES)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(300)
    assert [writer.exitcode for writer in writers] == [0] * PROCESSES
    with open_store(location, read_only=True) as store:
        sessions = store.list_sessions()
        assert len(sessions) == PROCESSES
        for listed in sessions:
            session = store.get_session(listed.id)
            n = session.summary["writer"]
            assert store.get_trainee(session.trainee_id).staff_no == f"P{n:02}"
            assert session.finished_at is not None and session.score == n and session.state == {"writer": n, "last": TURNS - 1}
            assert [(t.idx, t.customer_text, t.reply, t.result) for t in session.turns] == [
                (idx, f"p{n}-t{idx}", f"回复 {n}/{idx}", {"writer": n, "idx": idx}) for idx in range(TURNS)]
    assert raw(location, "SELECT count(*), count(DISTINCT customer_text) FROM turns") == [(PROCESSES * TURNS,) * 2]


# A serve host: one store shared by worker threads, each playing sessions; a line is printed only
# once record_turn has returned, i.e. once the turn is committed and the customer may answer.
HOST = """
import sys, threading
from trainer.store import SessionEnding, open_store
host, location = sys.argv[1], sys.argv[2]
store = open_store(location)
lock = threading.Lock()

def tab(n):
    trainee = store.upsert_trainee(f"{host}-{n}", f"{host}-{n}")
    for attempt in range(4):
        sid = store.start_session(trainee.id, "s", "practice", {})
        for idx in range(15):
            ending = SessionEnding("end", "success", 1.0, {}) if idx == 14 else None
            store.record_turn(sid, idx, f"{host}/{n}/{attempt}/{idx}", "答", {"at": idx}, {"at": idx}, ending=ending)
            with lock:  # one write call: unbuffered, print() writes each word apart and a kill splits the line
                sys.stdout.write(f"{sid} {idx} {host}/{n}/{attempt}/{idx}\\n")
                sys.stdout.flush()

threads = [threading.Thread(target=tab, args=(n,)) for n in range(6)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("done", flush=True)
"""


def test_two_hosts_write_one_store_and_a_killed_one_loses_no_committed_turn(location) -> None:
    open_store(location).close()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    hosts = {name: subprocess.Popen([sys.executable, "-c", HOST, name, str(location)], stdout=subprocess.PIPE,
                                    text=True, env=env) for name in ("hostA", "hostB")}
    committed: dict[str, list[tuple[int, int, str]]] = {name: [] for name in hosts}
    victim = hosts["hostA"]
    while len(committed["hostA"]) < 100:  # mid-session for every one of its threads
        line = victim.stdout.readline()
        assert line, "host A ended before it could be killed"
        sid, idx, text = line.split()
        committed["hostA"].append((int(sid), int(idx), text))
    victim.send_signal(signal.SIGKILL)
    victim.wait(30)
    for line in victim.stdout.read().splitlines():  # printed before the kill, still in the pipe
        sid, idx, text = line.split()
        committed["hostA"].append((int(sid), int(idx), text))
    survivor_out, _ = hosts["hostB"].communicate(timeout=300)
    assert hosts["hostB"].returncode == 0 and survivor_out.endswith("done\n")
    committed["hostB"] = [(int(s), int(i), t) for s, i, t in (line.split() for line in survivor_out.splitlines()[:-1])]
    with open_store(location, read_only=True) as store:
        stored = {(t.session_id, t.idx): t.customer_text
                  for listed in store.list_sessions() for t in store.get_session(listed.id).turns}
        for host, turns in committed.items():
            for sid, idx, text in turns:
                assert stored[(sid, idx)] == text, f"{host} lost or mixed turn {idx} of session {sid}"
        # Besides what was acknowledged, at most one turn per killed thread was committed unseen.
        assert len(stored) - sum(map(len, committed.values())) <= 6
        sessions = [store.get_session(listed.id) for listed in store.list_sessions()]
        assert sum(not session.turns for session in sessions) <= 6  # host A's, started just before the kill
        sessions = [session for session in sessions if session.turns]
        for session in sessions:
            texts = [t.customer_text for t in session.turns]
            host, n, attempt = texts[0].split("/")[:3]
            assert texts == [f"{host}/{n}/{attempt}/{idx}" for idx in range(len(texts))]
            assert (session.finished_at is not None) == (len(texts) == 15)
        assert sum(s.finished_at is not None for s in sessions if s.turns[0].customer_text.startswith("hostB")) == 24

"""Turns committed per second by many writers into one store, on each backend side by side.

A class of 40 served tabs is 40 ``trainer`` processes writing one store, each turn committed
before the customer answers; that commit is what a trainee waits for. Each writer here is a
process of its own (forked, so the figure is writing, not interpreter start-up) playing one
session of N turns through the ``Store`` interface; the clock runs from a common start to the
last commit. The PostgreSQL figures go into a throw-away schema of the database given, dropped
afterwards, so a bank's real records are never touched.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from trainer.store import SessionEnding, display, open_store


@dataclass(frozen=True)
class Figures:
    turns: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.turns / self.seconds


def _writer(location: str, n: int, turns: int, barrier, results) -> None:
    with open_store(location) as store:
        trainee = store.upsert_trainee(f"基准{n}", f"BENCH{n:03}")
        sid = store.start_session(trainee.id, "bench", "practice", {"writer": n})
        barrier.wait()
        latencies = []
        for idx in range(turns):
            ending = SessionEnding("end", "success", 1.0, {}) if idx == turns - 1 else None
            started = time.perf_counter()
            store.record_turn(sid, idx, f"客户第 {idx} 句", "您好,请问有什么可以帮您?" * 3, {"score": idx, "hits": ["问候"]},
                              {"writer": n, "node": f"n{idx}", "mood": idx % 5}, ending=ending)
            latencies.append((time.perf_counter() - started) * 1000)
        results.put(latencies)
    os._exit(0)


def measure(location: str, writers: int, turns: int) -> Figures:
    open_store(location).close()  # created and migrated before the clock starts
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(writers + 1), ctx.SimpleQueue()  # put() is written before os._exit
    procs = [ctx.Process(target=_writer, args=(location, n, turns, barrier, results)) for n in range(writers)]
    for proc in procs:
        proc.start()
    barrier.wait()
    started = time.perf_counter()
    latencies = [ms for _ in procs for ms in results.get()]
    elapsed = time.perf_counter() - started
    for proc in procs:
        proc.join(60)
    if any(proc.exitcode != 0 for proc in procs):
        raise RuntimeError("a writer failed")
    return Figures(writers * turns, elapsed, latencies)


def _scratch_schema(url: str):
    """A schema of its own in the server's database, as a URL, and how to drop it."""
    import sqlalchemy as sa

    from trainer.store.postgres import driver_url

    schema = f"trainer_bench_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(driver_url(url), poolclass=sa.NullPool)
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    target = sa.make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})

    def drop() -> None:
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()

    return target.render_as_string(hide_password=False), drop


def _row(name: str, figures: Figures) -> str:
    ordered = sorted(figures.latencies_ms)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return (f"  {name:24} {figures.per_second:9.0f} {statistics.median(ordered):11.2f} {p95:11.2f}"
            f" {figures.seconds:9.2f}")


def store_benchmark(writers: int = 40, turns: int = 100, server_url: str | None = None) -> dict[str, Figures]:
    results: dict[str, Figures] = {}
    with tempfile.TemporaryDirectory(prefix="trainer-bench-store-") as folder:
        results["SQLite file (WAL)"] = measure(str(Path(folder) / "bench.sqlite3"), writers, turns)
    if server_url:
        location, drop = _scratch_schema(server_url)
        try:
            results["PostgreSQL server"] = measure(location, writers, turns)
        finally:
            drop()
    print(f"Turns committed by {writers} writer processes x {turns} turns each into one store ({os.cpu_count()} CPUs):")
    print(f"  {'backend':24} {'turns/s':>9} {'p50 ms':>11} {'p95 ms':>11} {'seconds':>9}")
    for name, figures in results.items():
        print(_row(name, figures))
    if server_url:
        print(f"  PostgreSQL: {display(server_url)} (a throw-away schema, dropped afterwards)")
    else:
        print("  PostgreSQL: not measured; give --db postgresql://… (or set TRAINER_DATABASE_URL)")
    return results

"""Two ``trainer serve`` hosts on two ports, one PostgreSQL store: every tab's turn is on the
server by the time its customer answers, whichever host served it.

The clients speak textual-serve's websocket protocol like the page's JavaScript (the serve
benchmark's client), so the test needs no browser.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import aiohttp

from tests.store_backends import new_location, postgres_server, raw  # noqa: F401 (fixture)
from trainer.bench import serve as served
from trainer.store import open_store

TABS_PER_HOST = 2


async def _play(ports: list[int]) -> dict[int, str]:
    done, stuck = asyncio.Event(), {}
    tabs = [(i, ports[i % len(ports)]) for i in range(TABS_PER_HOST * len(ports))]
    answered = [asyncio.Event() for _ in tabs]
    door = asyncio.Semaphore(len(ports))
    async with aiohttp.ClientSession() as http:
        tasks = [asyncio.create_task(served._session(http, f"http://127.0.0.1:{port}", i, answered[i], done, stuck, door))
                 for i, port in tabs]
        await asyncio.wait_for(asyncio.gather(*(event.wait() for event in answered)), timeout=600)
        done.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    return stuck


def test_two_serve_hosts_record_into_one_server(tmp_path: Path, request, monkeypatch) -> None:
    location = new_location("postgresql", tmp_path, request)
    monkeypatch.setenv("TRAINER_DATABASE_URL", str(location))
    with open_store(location) as store:
        store.upsert_trainee("课堂学员", "SERVE")  # remembered, so every tab opens on the scenario list
    hosts = []
    try:
        for _ in range(2):
            port = served.free_port()
            hosts.append((served.start_server(Path(tempfile.mkdtemp(dir=tmp_path)), port), port))
        stuck = asyncio.run(_play([port for _, port in hosts]))
        # Read as soon as the last customer answered: nothing may still be on its way.
        turns = raw(location, "SELECT session_id, idx, reply FROM turns ORDER BY session_id")
    finally:
        for proc, _ in hosts:
            served.stop_server(proc)
    assert stuck == {}
    assert len(turns) == TABS_PER_HOST * 2 and len({sid for sid, _, _ in turns}) == len(turns)
    assert {reply for _, _, reply in turns} == {served.REPLY}

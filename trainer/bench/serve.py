"""Memory of a classroom served to browsers: N sessions of ``trainer serve`` at once.

Each browser tab costs one ``trainer`` process on the trainer's machine, so the figure that
decides how big a class one workstation can host is the resident memory of those processes.
The clients here speak textual-serve's websocket protocol (what the page's JavaScript sends), so
40 sessions can be measured without 40 browser instances; the end-to-end test uses a real one.
"""

from __future__ import annotations

import asyncio
import codecs
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp


SIGN_IN = "工号和 PIN"
PIN = "2468"
SCENARIO_TITLE = "存一块取一块"
FIRST_LINE = "存一块钱"
REPLY = "您好,请问有什么可以帮您?"
ANSWER = "急着转出去"  # the customer's answer; not on the customer card
ARRIVING_AT_ONCE = 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        kids = _children(todo.pop())
        out.extend(kids)
        todo.extend(kids)
    return out


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def start_server(home: Path, port: int, *options: str) -> subprocess.Popen:
    """``trainer serve`` in its own process group, logging to a file (an undrained pipe would
    stall it), so ``stop_server`` can end it together with every app process it spawned."""
    env = os.environ | {"TRAINER_HOME": str(home)}
    with open(home / "serve.log", "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "trainer", "serve", "--port", str(port), *options], env=env,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        time.sleep(0.1)
    stop_server(proc)
    raise RuntimeError("trainer serve did not start")


def trainer_code(home: Path) -> str:
    """The one-time code ``trainer serve`` printed for the trainer's own tab."""
    match = re.search(r"一次性口令: (\w+)", (home / "serve.log").read_text("utf-8", "replace"))
    if match is None:
        raise RuntimeError("trainer serve printed no trainer code")
    return match.group(1)


def stop_server(proc: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGINT, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


class _Screen:
    """What the app has drawn so far, so a client types only after it sees what a person would."""

    def __init__(self) -> None:
        self.text = ""
        self.changed = asyncio.Event()
        # A character can be split across two websocket messages.
        self.decoder = codecs.getincrementaldecoder("utf-8")("ignore")

    async def shows(self, marker: str, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while marker not in self.text:
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), timeout=max(0.1, deadline - time.monotonic()))


async def _drain(ws: aiohttp.ClientWebSocketResponse, screen: _Screen) -> None:
    """Read everything the app draws, as a browser does; an unread socket would stall the app."""
    async for message in ws:
        if message.type == aiohttp.WSMsgType.BINARY:
            screen.text = (screen.text + screen.decoder.decode(message.data))[-200_000:]
            screen.changed.set()


async def _session(http: aiohttp.ClientSession, url: str, index: int, ready: asyncio.Event, done: asyncio.Event,
                   stuck: dict[int, str], door: asyncio.Semaphore) -> None:
    await door.acquire()
    async with http.ws_connect(f"{url}/ws?width=100&height=30", origin=url) as ws:
        screen = _Screen()
        reader = asyncio.create_task(_drain(ws, screen))

        async def type_(*keys: str) -> None:
            """A Tab or Enter travels further through the app than a typed character, so a person's
            pause after it is kept: keys sent right behind it could land in the field it left."""
            for key in keys:
                await ws.send_json(["stdin", key])
                await asyncio.sleep(2.0 if key in ("\t", "\r") else 0.3)

        try:
            await screen.shows(SIGN_IN)
            await screen.shows(SCENARIO_TITLE)
            # Each tab signs in as its own trainee (the first sign-in sets the PIN), then finds,
            # picks and starts the scenario.
            staff_no = f"B{index + 1:03d}"
            await type_(f"学员{index + 1}", "\t", staff_no, "\t", PIN, "\r")
            await screen.shows(f"({staff_no})")
            await type_("/", SCENARIO_TITLE, "\r", "\r")
            await screen.shows(FIRST_LINE)
            # On a loaded machine the input may take the cursor after the line is drawn; a
            # person would see the customer not answering and type again.
            for attempt in range(3):
                await type_(REPLY, "\r")
                try:
                    await screen.shows(ANSWER, timeout=60)
                    break
                except asyncio.TimeoutError:
                    if attempt == 2:
                        raise
        except asyncio.TimeoutError:
            stuck[index] = next(stage for marker, stage in ((SIGN_IN, "page"), (SCENARIO_TITLE, "list"), ("(B", "sign-in"),
                                                            (FIRST_LINE, "scenario"),
                                                            (ANSWER, "answer")) if marker not in screen.text)
        ready.set()
        door.release()
        await done.wait()
        reader.cancel()


def _played(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT COUNT(DISTINCT session_id) FROM turns").fetchone()[0]
    except sqlite3.Error:
        return 0


async def _run(url: str, sessions: int, server_pid: int, db: Path) -> dict:
    done = asyncio.Event()
    stuck: dict[int, str] = {}
    readies = [asyncio.Event() for _ in range(sessions)]
    async with aiohttp.ClientSession() as http:
        # Students arrive a few at a time, as in a classroom; everyone stays connected to the end.
        door = asyncio.Semaphore(ARRIVING_AT_ONCE)
        tasks = [asyncio.create_task(_session(http, url, i, readies[i], done, stuck, door)) for i in range(sessions)]
        # Each stage a session waits for is bounded (``shows``); this bounds the whole class on a loaded machine.
        await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), timeout=max(600, 60 * sessions))
        deadline = time.monotonic() + 180
        while _played(db) < sessions - len(stuck) and time.monotonic() < deadline:
            await asyncio.sleep(1)
        # One direct child per browser session (textual-serve's shell), the app beneath it.
        figures = {"server": _rss_mib(server_pid),
                   "apps": [_rss_mib(child) + sum(_rss_mib(p) for p in _descendants(child))
                            for child in _children(server_pid)],
                   "stuck": stuck}
        done.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    return figures


def serve_benchmark(sessions: int = 40) -> dict:
    with tempfile.TemporaryDirectory() as home:
        port = free_port()
        server = start_server(Path(home), port, "--max-sessions", str(sessions))
        try:
            started = time.monotonic()
            figures = asyncio.run(_run(f"http://127.0.0.1:{port}", sessions, server.pid, Path(home) / "trainer.sqlite3"))
            elapsed = time.monotonic() - started
        finally:
            stop_server(server)
        recorded = _played(Path(home) / "trainer.sqlite3")
    apps = [m for m in figures["apps"] if m > 0]
    total = figures["server"] + sum(apps)
    print(f"trainer serve: {sessions} browser sessions opened and playing in {elapsed:.1f} s")
    print(f"  server process            {figures['server']:8.1f} MiB")
    print(f"  sessions that played a turn into the store: {recorded} of {sessions}"
          + (f" (timed out waiting for: {sorted(figures['stuck'].items())})" if figures["stuck"] else ""))
    print(f"  app sessions ({len(apps):3d})        {sum(apps):8.1f} MiB   "
          f"per session {sum(apps) / max(1, len(apps)):.1f} MiB (min {min(apps, default=0):.1f}, max {max(apps, default=0):.1f})")
    print(f"  total resident            {total:8.1f} MiB")
    return {"total": total, "per_session": sum(apps) / max(1, len(apps)), "processes": len(apps)}

"""Driving the TUI in tests: one factory-built app per test, its own store, a frozen clock.

Playthroughs use the bundled scenarios (they must keep working as content changes); snapshots
use the frozen copies under ``fixtures/`` so a rubric tweak elsewhere does not redraw them.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from pathlib import Path

import pytest
import yaml

from trainer.tui.factory import build_app

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BUNDLED = (ROOT / "scenarios", ROOT / "rubrics")
FROZEN = (FIXTURES / "scenarios", FIXTURES / "rubrics")
SCENARIO = "one-yuan-loop"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Pilot tests are coroutines; run each in a fresh event loop (no async plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    kwargs = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True


@pytest.fixture(autouse=True)
def _utc(monkeypatch):
    """History shows local time; tests pin the zone so dates read the same everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="session")
def frozen_catalog():
    from trainer.dialogue.catalog import load_catalog

    return load_catalog(*FROZEN)


def make_app(store, content=BUNDLED, catalog=None):
    """``catalog`` skips the loading worker: tests that are not about start-up share one."""
    return build_app(*content, store=store, clock=lambda: 0.0, cursor_blink=False, catalog=catalog)


def scripts(scenario: str = SCENARIO) -> dict[str, dict]:
    """The scenario's own test scripts: what a good (or rude) trainee says, and how it must end."""
    data = yaml.safe_load((ROOT / "scenarios" / f"{scenario}.test.yaml").read_text(encoding="utf-8"))
    return {script["name"]: script for script in data["scripts"]}


async def catalog_loaded(pilot, timeout: float = 60.0) -> None:
    """The catalog arrives from a worker started after the first paint; wait for it to land."""
    deadline = time.monotonic() + timeout
    while pilot.app.catalog is None and type(pilot.app.screen).__name__ != "ContentErrorScreen":
        assert time.monotonic() < deadline, "the catalog never loaded"
        await pilot.pause(0.05)
    await pilot.pause()


async def sign_in(pilot, name: str = "张三", staff: str = "10086") -> None:
    await catalog_loaded(pilot)
    screen = pilot.app.screen
    screen.query_one("#name").value = name
    screen.query_one("#staff").value = staff
    screen.query_one("#staff").focus()
    await pilot.press("enter")
    await pilot.pause()


async def open_scenario(pilot, scenario: str = SCENARIO, *, exam: bool = False) -> None:
    """Sign in, find the scenario with the search box, pick the mode and start it from the list."""
    await sign_in(pilot)
    if exam:
        await pilot.press("f2")
    await pilot.press("slash")
    pilot.app.screen.query_one("#search").value = scenario
    await pilot.press("enter")
    await pilot.pause()
    assert pilot.app.screen.query_one("#scenarios").selected_id == scenario
    await pilot.press("enter")
    await pilot.pause()


async def say(pilot, text: str) -> None:
    """Put a reply in the box as if typed (coaching sees it) and send it with Enter."""
    field = pilot.app.screen.query_one("#reply")
    field.focus()
    field.value = text
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


def seed_session(store, catalog, trainee_id: int, scenario_id: str, replies: list[str], when, mode: str = "practice"):
    """A session played through the core with fixed timestamps, as the app would have stored it.

    Snapshots of the history and the debrief show dates, so they cannot come from a live run.
    """
    from datetime import timedelta

    from trainer.dialogue.engine import Session
    from trainer.dialogue.playback import final_score, session_summary

    session = Session(catalog.library.get(scenario_id), catalog.scorer, mode)
    session_id = store.start_session(trainee_id, scenario_id, mode, session.state.to_dict(), now=when)
    for reply in replies:
        if session.finished:
            break
        turn = session.reply(reply)
        store.record_turn(session_id, turn["index"], turn["customer"], reply, turn, session.state.to_dict(),
                          now=when + timedelta(minutes=turn["index"]))
    if session.finished:
        ending = session.ending
        store.finish_session(session_id, ending.id, ending.kind, final_score(session).total,
                             session_summary(session), now=when + timedelta(minutes=len(replies) + 1))
    return session_id

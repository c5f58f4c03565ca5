"""Screenshots of the four main screens at 100x30 (and the two busiest at 80x24).

Frozen content, a frozen clock, fixed timestamps and no cursor blink, so a changed picture
means a changed UI. Review the SVG diff, then ``pytest tests/tui --snapshot-update``.
"""

from __future__ import annotations

from .conftest import FROZEN, SCENARIO, catalog_loaded, make_app, open_scenario, say, seed_session
from .test_history import GOOD, T0, seed_history

MIXED = GOOD[:2] + ["这是我们的规定,转不了就是转不了。"]
DRAFT = "这是规定,你也有不对的地方"


def start_app(store, catalog):
    me = store.upsert_trainee("张三", "10086")
    seed_session(store, catalog, me.id, SCENARIO, GOOD[:1], T0)
    return make_app(store, FROZEN, catalog)


async def coached(pilot) -> None:
    await open_scenario(pilot)
    await say(pilot, GOOD[0])
    pilot.app.screen.query_one("#reply").value = DRAFT


def test_start_screen(snap_compare, store, frozen_catalog):
    assert snap_compare(start_app(store, frozen_catalog), terminal_size=(100, 30), run_before=catalog_loaded)


def test_start_screen_small(snap_compare, store, frozen_catalog):
    assert snap_compare(start_app(store, frozen_catalog), terminal_size=(80, 24), run_before=catalog_loaded)


def test_play_screen_with_coaching(snap_compare, store, frozen_catalog):
    assert snap_compare(make_app(store, FROZEN, frozen_catalog), terminal_size=(100, 30), run_before=coached)


def test_play_screen_with_coaching_small(snap_compare, store, frozen_catalog):
    assert snap_compare(make_app(store, FROZEN, frozen_catalog), terminal_size=(80, 24), run_before=coached)


def test_debrief_screen(snap_compare, store, frozen_catalog):
    me = store.upsert_trainee("张三", "10086")
    session_id = seed_session(store, frozen_catalog, me.id, SCENARIO, MIXED, T0)
    app = make_app(store, FROZEN, frozen_catalog)

    async def debrief(pilot) -> None:
        await catalog_loaded(pilot)
        app.open_debrief(session_id)
        await pilot.pause()

    assert store.get_session(session_id).ending_kind == "failure"
    assert snap_compare(app, terminal_size=(100, 30), run_before=debrief)


def test_history_screen(snap_compare, store, frozen_catalog):
    seed_history(store, frozen_catalog)

    async def history(pilot) -> None:
        await catalog_loaded(pilot)
        await pilot.press("f4")

    assert snap_compare(make_app(store, FROZEN, frozen_catalog), terminal_size=(100, 30), run_before=history)

"""Every screen fits a small (80x24) and a large (160x50) terminal: nothing overlaps or falls off.

Chinese characters take two cells; a layout that only works at the snapshot size would cut them
or push widgets over each other.
"""

from __future__ import annotations

from datetime import datetime, timezone
from itertools import combinations

import pytest
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from trainer.tui.screens.content_error import ContentErrorScreen
from trainer.tui.screens.debrief import DebriefScreen
from trainer.tui.screens.graph_view import GraphViewScreen
from trainer.tui.screens.help import HelpScreen
from trainer.tui.screens.history import HistoryScreen
from trainer.tui.screens.play import PlayScreen
from trainer.tui.screens.report import ReportScreen
from trainer.tui.screens.start import StartScreen

from .conftest import FROZEN, SCENARIO, catalog_loaded, make_app, say, seed_session, sign_in
from .test_history import GOOD

SIZES = [(80, 24), (100, 30), (128, 36), (160, 45), (160, 50)]  # 128x36 and 160x45: a browser at 1024 and 1280 px


def _scrolls(widget, horizontal: bool) -> bool:
    """Inside a container that scrolls that way, being partly out of view is by design."""
    for ancestor in widget.ancestors:
        if isinstance(ancestor, Screen):
            return False
        styles = getattr(ancestor, "styles", None)
        overflow = styles and (styles.overflow_x if horizontal else styles.overflow_y)
        if overflow in ("auto", "scroll"):
            return True
    return False


def key_bar_problems(screen) -> list[str]:
    """A screen's key bar shows every key whole, F1 among them, without the trainee pressing Tab first."""
    footers = screen.query(Footer)
    if not footers:
        return []
    footer = footers.first()
    keys = list(footer.query(FooterKey))
    shown = " ".join(f"{key.key_display} {key.description}" for key in keys)
    problems = [f"{key.key_display} {key.description} is cut off the key bar of {type(screen).__name__}: {shown}"
                for key in keys if key.region.right > footer.region.right or not key.region.area]
    problems += [f"{a.description} and {b.description} overlap on the key bar of {type(screen).__name__}: {shown}"
                 for a, b in combinations(keys, 2) if a.region.overlaps(b.region)]
    if not any(key.key == "f1" for key in keys):
        problems.append(f"the key bar of {type(screen).__name__} has no F1: {[k.description for k in keys]}")
    return problems


def layout_problems(screen) -> list[str]:
    """Widgets cut by their container (outside a scrolling one), siblings on top of each other, the key bar cut."""
    placed = screen._compositor.visible_widgets
    visible = {widget: region.intersection(clip) for widget, (region, clip, *_) in placed.items()}
    problems = []
    for widget, (region, clip, *_) in placed.items():
        cut_x = region.x < clip.x or region.right > clip.right
        cut_y = region.y < clip.y or region.bottom > clip.bottom
        if (cut_x and not _scrolls(widget, True)) or (cut_y and not _scrolls(widget, False)):
            problems.append(f"{widget!r} is cut off: {region} shown in {clip}")
    for widget in visible:
        siblings = [c for c in widget.children if c in visible and visible[c].area]
        for a, b in combinations(siblings, 2):
            if a.styles.layer == b.styles.layer and visible[a].overlaps(visible[b]):
                problems.append(f"{a!r} overlaps {b!r}")
    return problems + key_bar_problems(screen)


async def check(pilot, screen_type) -> None:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, screen_type)
    assert layout_problems(screen) == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_screen_fits(store, frozen_catalog, size):
    trainee = store.upsert_trainee("张三", "10086")
    seed_session(store, frozen_catalog, trainee.id, SCENARIO, GOOD, datetime(2025, 3, 3, tzinfo=timezone.utc))
    seed_session(store, frozen_catalog, trainee.id, SCENARIO, GOOD[:1], datetime(2025, 3, 4, tzinfo=timezone.utc))
    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=size) as pilot:
        await catalog_loaded(pilot)
        await check(pilot, StartScreen)
        assert app.screen.query_one("#resume").display
        await pilot.press("f1")
        await check(pilot, HelpScreen)
        await pilot.press("escape")
        await pilot.press("f4")
        await check(pilot, HistoryScreen)
        await pilot.press("escape")
        await pilot.press("f6")
        await check(pilot, ReportScreen)
        await pilot.press("escape")
        await pilot.press("f7")
        await check(pilot, GraphViewScreen)
        await pilot.press("f7")

        await sign_in(pilot)
        app.screen.query_one("#search").value = SCENARIO
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await say(pilot, GOOD[0])
        app.screen.query_one("#reply").value = "这是我们的规定,你也有不对的地方"
        await check(pilot, PlayScreen)
        assert app.screen.query_one("#coach").region.height >= 3
        assert app.screen.query_one("#chat").region.height >= 6
        for reply in GOOD[1:]:
            if not app.screen.session.finished:
                await say(pilot, reply)
        await check(pilot, PlayScreen)
        await pilot.press("enter")
        await check(pilot, DebriefScreen)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_first_launch_shows_the_whole_key_bar_without_tab(store, size):
    """A fresh data folder: nobody signed in, focus on the name field, and F1 on the key bar all the same."""
    app = make_app(store, FROZEN)
    async with app.run_test(size=size) as pilot:
        await catalog_loaded(pilot)
        await check(pilot, StartScreen)
        assert app.focused is app.screen.query_one("#name")
        assert app.screen.query(FooterKey)


async def test_broken_content_screen_fits_with_its_key_bar(store, tmp_path):
    (tmp_path / "forbidden.yaml").write_text("phrases: [", encoding="utf-8")
    app = make_app(store, (FROZEN[0], tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await catalog_loaded(pilot)
        await check(pilot, ContentErrorScreen)


async def test_the_layout_check_catches_overlap_and_overflow():
    from textual.app import App
    from textual.containers import Vertical
    from textual.widgets import Static

    class Broken(App):
        CSS = "#b { offset: 0 -1; } #c { width: 200; } #box { height: 2; } #tall { height: 5; }"

        def compose(self):
            yield Static("甲", id="a")
            yield Static("乙", id="b")
            yield Static("丙", id="c")
            with Vertical(id="box"):
                yield Static("丁", id="tall")
            yield Footer()

    app = Broken()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        problems = layout_problems(app.screen)
        assert any("id='a'" in p and "id='b'" in p for p in problems)
        assert any("id='c'" in p and "cut off" in p for p in problems)
        assert any("id='tall'" in p and "cut off" in p for p in problems)

"""Author preview: edit the file, the conversation replays to the same point; broken saves never crash it."""

from __future__ import annotations

import shutil
import time

import pytest
from click.testing import CliRunner

import trainer.tui.factory as factory
from trainer.cli.group import main
from trainer.tui.factory import build_app
from trainer.tui.screens.graph_view import GraphViewScreen
from trainer.tui.screens.preview import PreviewScreen, PreviewWaitScreen
from trainer.tui.widgets.chat import ChatLog
from trainer.tui.widgets.lint_panel import LintPanel
from trainer.tui.widgets.scenario_map import ScenarioMap

from .conftest import BUNDLED, ROOT, SCENARIO, say
from .test_history import GOOD, RUDE
from .test_layout import SIZES, layout_problems

SOLVING_LINE = "(客户语气缓和)那你快帮我们查查,这钱今天还能转出去吗?"
NEW_LINE = "那到底什么时候能转出去?给个准话!"


def copy_scenario(tmp_path):
    path = tmp_path / f"{SCENARIO}.yaml"
    shutil.copy(ROOT / "scenarios" / f"{SCENARIO}.yaml", path)
    shutil.copy(ROOT / "scenarios" / f"{SCENARIO}.test.yaml", tmp_path)
    return path


def preview_app(store, catalog, path):
    return build_app(*BUNDLED, store=store, clock=lambda: 0.0, cursor_blink=False, catalog=catalog, preview=path)


def line_of(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def noted(app) -> list[str]:
    """Notifications, as the author sees them in the corner."""
    notes: list[str] = []
    real = app.notify

    def keep(message, **kwargs):
        notes.append(str(message))
        return real(message, **kwargs)

    app.notify = keep
    return notes


async def until(pilot, condition, timeout: float = 10.0) -> None:
    """The file is polled twice a second; wait for the poll to have seen the change."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the preview never noticed the change"
        await pilot.pause(0.1)
    await pilot.pause()


def last_customer_line(screen) -> str:
    return screen.query_one(ChatLog).query(".bubble.customer").last().text.plain


async def test_a_saved_edit_reloads_and_replays_to_the_same_point(store, catalog, tmp_path):
    path = copy_scenario(tmp_path)
    app = preview_app(store, catalog, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        notes = noted(app)
        for reply in GOOD[:2]:
            await say(pilot, reply)
        before = screen.session
        assert before.state.node == "solving" and before.state.line == SOLVING_LINE

        path.write_text(path.read_text(encoding="utf-8").replace(SOLVING_LINE, NEW_LINE), encoding="utf-8")
        await until(pilot, lambda: screen.session is not before)
        state = screen.session.state
        assert state.node == "solving" and state.line == NEW_LINE
        assert [t["reply"] for t in state.turns] == GOOD[:2]
        assert last_customer_line(screen).endswith(NEW_LINE)
        assert len(screen.query_one(ChatLog).query(".bubble.trainee")) == 2
        assert "已重新载入,重放了 2 句" in notes
        assert "节点 solving" in str(screen.query_one("#preview-status").content)

        await say(pilot, GOOD[2])
        assert screen.session.turn_number == 3, "the replayed session plays on"
    assert store.list_sessions() == [], "previews are not practice records"


async def test_a_broken_save_shows_where_keeps_the_session_and_a_fix_recovers(store, catalog, tmp_path):
    path = copy_scenario(tmp_path)
    good = path.read_text(encoding="utf-8")
    app = preview_app(store, catalog, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        for reply in GOOD[:2]:
            await say(pilot, reply)
        playing = screen.session
        panel = screen.query_one(LintPanel)
        assert not panel.has_class("-errors")

        broken_line = line_of(path, SOLVING_LINE)
        path.write_text(good.replace(f"      - {SOLVING_LINE}", "\t- 没写完的台词"), encoding="utf-8")
        await until(pilot, lambda: panel.has_class("-errors"))
        assert f"{path}:{broken_line}:1: error: " in panel.text.plain
        assert screen.session is playing and screen.session.state.node == "solving"
        assert "文件有错误" in str(screen.query_one("#preview-status").content)
        await say(pilot, GOOD[2])
        assert screen.session.state.node == "closing", "the last good version keeps playing"

        path.write_text(good.replace(SOLVING_LINE, NEW_LINE), encoding="utf-8")
        await until(pilot, lambda: not panel.has_class("-errors"))
        assert screen.session is not playing
        assert [t["reply"] for t in screen.session.state.turns] == GOOD[:3]
        assert screen.session.state.node == "closing"
        assert screen.session.state.turns[-1]["customer"] == NEW_LINE
        assert "已载入" in str(screen.query_one("#preview-status").content)


async def test_ctrl_r_restarts_f7_maps_the_current_node_and_an_ending_offers_a_restart(store, catalog, tmp_path):
    path = copy_scenario(tmp_path)
    app = preview_app(store, catalog, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await say(pilot, GOOD[0])
        await pilot.press("f7")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, GraphViewScreen) and app.screen.current == "reveal"
        tree = app.screen.query_one(ScenarioMap)
        assert tree.cursor_node is tree.homes["reveal"] and "◀ 当前" in tree.cursor_node.label.plain
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen

        await pilot.press("ctrl+r")
        await pilot.pause()
        assert screen.session.turn_number == 0 and len(screen.query_one(ChatLog).query(".bubble")) == 1

        for reply in RUDE:
            if not screen.session.finished:
                await say(pilot, reply)
        assert screen.session.finished and screen.has_class("-finished")
        assert str(screen.query_one("#to-debrief").label) == "重新开始 Ctrl+R"
        assert "结局" in str(screen.query_one("#preview-status").content)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and not screen.session.finished and not screen.has_class("-finished")
        assert screen.focused is screen.query_one("#reply")
    assert store.list_sessions() == []


async def test_a_file_that_never_loaded_waits_for_its_fix(store, catalog, tmp_path):
    path = copy_scenario(tmp_path)
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("start: opening", "start: nowhere"), encoding="utf-8")
    app = preview_app(store, catalog, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PreviewWaitScreen)
        panel = app.screen.query_one(LintPanel)
        assert f"{path}:{line_of(path, 'start: nowhere')}:" in panel.text.plain and "nowhere" in panel.text.plain
        path.write_text(good, encoding="utf-8")
        await until(pilot, lambda: isinstance(app.screen, PreviewScreen))
        assert app.screen.session.state.node == "opening"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_preview_and_map_fit_every_terminal_size(store, catalog, tmp_path, size):
    path = copy_scenario(tmp_path)
    app = preview_app(store, catalog, path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for reply in GOOD[:2]:
            await say(pilot, reply)
        path.write_text(path.read_text(encoding="utf-8").replace(f"      - {SOLVING_LINE}", "\t- x"), encoding="utf-8")
        await until(pilot, lambda: app.screen.query_one(LintPanel).has_class("-errors"))
        assert layout_problems(app.screen) == []
        assert app.screen.query_one("#chat").region.height >= 5
        await pilot.press("f7")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, GraphViewScreen) and layout_problems(app.screen) == []
        assert app.screen.query_one(ScenarioMap).region.height >= 8


def test_trainer_preview_takes_a_file_or_an_id(monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr(factory, "run_app", lambda preview=None: opened.append(preview))
    runner = CliRunner()
    path = copy_scenario(tmp_path)
    assert runner.invoke(main, ["preview", str(path)]).exit_code == 0
    assert runner.invoke(main, ["preview", SCENARIO]).exit_code == 0
    assert opened[0] == path and opened[1].name == f"{SCENARIO}.yaml" and opened[1].is_file()
    result = runner.invoke(main, ["preview", "no-such-scenario"])
    assert result.exit_code == 1 and "no such scenario file" in result.output

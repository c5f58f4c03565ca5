"""Classroom drills through the UI: setup, timers on a fake clock, a team's recorded performance,
observer sheets, the trainer's override with its reason, and the scoreboard.

The clock is the app's own (``build_app(clock=...)``): tests move it forward instead of waiting
four minutes, and pause a moment so the screen's interval redraws.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Select, TextArea

from trainer.classroom.drill import OBSERVATION, OVERRIDE, Team, list_plans, new_plan, record_observation, record_plan
from trainer.classroom.drill import record_override
from trainer.dialogue.engine import EXAM
from trainer.dialogue.playback import play_replies
from trainer.dialogue.recording import RecordedSession
from trainer.tui.factory import build_app
from trainer.tui.screens.drill_board import DrillBoardScreen
from trainer.tui.screens.drill_list import DrillListScreen
from trainer.tui.screens.drill_observe import ObserverSheet
from trainer.tui.screens.drill_override import OverrideScreen
from trainer.tui.screens.drill_play import DrillPlayScreen, TypistScreen
from trainer.tui.screens.drill_review import DrillReviewScreen
from trainer.tui.screens.drill_scoreboard import ScoreboardScreen
from trainer.tui.screens.drill_setup import DrillSetupScreen, TeamRow
from trainer.tui.widgets.countdown import TIME_UP, BigCountdown
from trainer.tui.widgets.tick_box import TickBox
from trainer.tui.widgets.transcript import TurnReview

from .conftest import BUNDLED, FROZEN, SCENARIO, say, scripts
from .test_layout import layout_problems

OTHER = "coin-deposit-elder"
REDRAW = 1.1  # longer than the board's and the play screen's clock interval (1 s)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def drill_app(store, catalog, clock=None, content=BUNDLED):
    return build_app(*content, store=store, clock=clock or FakeClock(), cursor_blink=False, catalog=catalog)


def seed_plan(store, scenario: str = SCENARIO):
    plan = new_plan("周五演练", [Team("一组", ("张三", "李四"), scenario), Team("二组", ("王五",), scenario)],
                    ["赵六", "钱七"])
    record_plan(store, plan)
    return plan


def perform(store, catalog, plan, team: str, replies: list[str]) -> None:
    """A team's performance played through the core, as another terminal or a browser would."""
    trainee = store.upsert_trainee(plan.team(team).members[0])
    recorded = RecordedSession.start(catalog.library.get(SCENARIO), catalog.scorer, store, trainee.id, EXAM,
                                     team=team, drill_id=plan.id)
    for reply in replies:
        if not recorded.session.finished:
            recorded.reply(reply)


async def open_board(pilot) -> DrillBoardScreen:
    """Start page → F5 classroom drills → Enter on the newest drill."""
    await pilot.pause()
    await pilot.press("f5")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DrillListScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DrillBoardScreen)
    return pilot.app.screen


async def test_setup_shows_refusals_inline_and_saves_a_plan(store, catalog):
    app = drill_app(store, catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, DrillSetupScreen)
        rows = list(setup.query(TeamRow))
        assert len(rows) == 2
        assert setup.query_one("#setup-prep").value == "4" and setup.query_one("#setup-perform").value == "2"

        rows[1].query_one(".team-name").value = "第1组"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = setup.query_one("#setup-error")
        assert app.screen is setup and error.display
        assert "组名不能重复" in str(error.content)
        setup.query_one("#setup-prep").value = "四分钟"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "分钟数" in str(error.content) and not list_plans(store)

        setup.query_one("#setup-prep").value = "3"
        setup.query_one("#setup-title").value = "周五演练"
        setup.query_one("#setup-observers").value = "赵六、钱七"
        rows[0].query_one(".team-members").value = "张三、李四"
        rows[1].query_one(".team-name").value = "第2组"
        rows[1].query_one(".team-members").value = "王五 孙八"
        rows[1].query_one(Select).value = OTHER
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert len(setup.query(TeamRow)) == 3
        await pilot.press("ctrl+delete")  # the new row has the focus
        await pilot.pause()
        assert len(setup.query(TeamRow)) == 2
        await pilot.click("#setup-save")
        await pilot.pause()
        assert isinstance(app.screen, DrillBoardScreen)

    [plan] = list_plans(store)
    assert plan.title == "周五演练" and plan.observers == ("赵六", "钱七")
    assert plan.prep_seconds == 180 and plan.perform_seconds == 120
    assert [(t.name, t.members, t.scenario_id) for t in plan.teams] == [
        ("第1组", ("张三", "李四"), next(iter(catalog.library.scenarios))),
        ("第2组", ("王五", "孙八"), OTHER)]


async def test_setup_refuses_teams_without_members_and_asks_before_discarding(store, catalog):
    from trainer.tui.screens.confirm import ConfirmScreen

    app = drill_app(store, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        setup = app.screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is setup and not list_plans(store)
        assert "第1组、第2组 还没有成员" in str(setup.query_one("#setup-error").content)
        members = setup.query_one(".team-members")
        assert members.value == "" and "例如" in members.placeholder

        members.value = "张三"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is setup and members.value == "张三"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DrillListScreen)


async def test_prep_and_performance_count_down_on_the_clock(store, catalog):
    plan = seed_plan(store)
    clock = FakeClock()
    app = drill_app(store, catalog, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        board = await open_board(pilot)
        big = board.query_one(BigCountdown)
        assert big.value == "04:00" and "待准备" in big.caption
        await pilot.press("p")
        clock.now += 60
        await pilot.pause(REDRAW)
        assert big.value == "03:00" and "准备中" in big.caption
        assert "准备中 03:00" in str(board.query_one(DataTable).get_cell("一组", "phase"))
        clock.now += 180
        await pilot.pause(REDRAW)
        assert big.value == TIME_UP and big.has_class("-over")

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TypistScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        play = app.screen
        assert isinstance(play, DrillPlayScreen) and play.typist == "李四"
        clock_widget = play.query_one("#perform-clock", BigCountdown)
        assert clock_widget.value == "02:00"
        clock.now += 119
        await pilot.pause(REDRAW)
        assert clock_widget.value == "00:01" and not play.time_up
        clock.now += 1
        await pilot.pause(REDRAW)
        assert clock_widget.value == TIME_UP and play.time_up
        await say(pilot, scripts()["good"]["replies"][0])  # the typist may finish the sentence
        assert play.session.turn_number == 1
        await pilot.press("escape")  # time is up: Esc stops without asking
        await pilot.pause()
        assert app.screen is board
        assert "已表演" in str(board.query_one(DataTable).get_cell("一组", "phase"))
        await pilot.press("s")
        await pilot.pause()
        assert [str(c) for c in app.screen.query_one(DataTable).get_row_at(0)][:7] == [
            "-", "一组", "-", "-", "-", "-", "未完成"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DrillReviewScreen) and len(app.screen.query(TurnReview)) == 1

    [record] = store.list_sessions(drill_id=plan.id)
    assert record.team == "一组" and record.ending_kind == "abandoned" and record.score is None
    assert store.get_trainee(record.trainee_id).name == "李四"


async def test_a_team_performance_is_recorded_with_the_drill_and_team(store, catalog):
    plan = seed_plan(store)
    replies = scripts()["good"]["replies"]
    want = play_replies(catalog.library.get(SCENARIO), catalog.scorer, replies, EXAM)
    app = drill_app(store, catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        board = await open_board(pilot)
        await pilot.press("down", "enter")  # 二组 has one member: no typist question
        await pilot.pause()
        play = app.screen
        assert isinstance(play, DrillPlayScreen) and play.sub_title == "二组 表演 · 打字: 王五"
        for reply in replies:
            if not play.session.finished:
                await say(pilot, reply)
        assert play.session.ending.kind == want["ending"]["kind"] == "success"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is board
        assert f"成功 {want['score']:g} 分" in str(board.query_one(DataTable).get_cell("二组", "phase"))

    [record] = store.list_sessions(drill_id=plan.id)
    assert (record.team, record.drill_id, record.mode) == ("二组", plan.id, EXAM)
    assert record.score == want["score"] and store.get_trainee(record.trainee_id).name == "王五"


async def test_stopping_before_time_asks_first(store, catalog):
    plan = seed_plan(store)
    app = drill_app(store, catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_board(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # 继续表演
        await pilot.pause()
        assert isinstance(app.screen, DrillPlayScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DrillBoardScreen)
    assert store.list_sessions(drill_id=plan.id)[0].ending_kind == "abandoned"


async def test_observer_sheet_needs_an_observer_of_the_drill_and_saves_ticks_and_comment(store, catalog):
    plan = seed_plan(store)
    app = drill_app(store, catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_board(pilot)
        await pilot.press("g")
        await pilot.pause()
        sheet = app.screen
        assert isinstance(sheet, ObserverSheet)
        boxes = list(sheet.query(TickBox))
        assert [str(b.label) for b in boxes] == [item.name for item in sheet.items] and len(boxes) >= 3
        picker = sheet.query_one("#observer-name", Select)
        assert [str(prompt) for prompt, _ in picker._options[1:]] == ["赵六", "钱七"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "请选择观察员" in str(sheet.query_one("#observer-error").content)
        assert not store.drill_events(plan.id, OBSERVATION)

        picker.value = "赵六"
        await pilot.click(boxes[0])
        boxes[1].value = True
        await pilot.pause()
        assert [b._button.plain for b in boxes[:3]] == ["▐✓▌", "▐✓▌", "▐ ▌"], "ticked and unticked look different"
        sheet.query_one(TextArea).text = "道歉很及时,查询时间说得具体。"
        await pilot.click("#observer-save")
        await pilot.pause()
        assert isinstance(app.screen, DrillBoardScreen)

    [event] = store.drill_events(plan.id, OBSERVATION)
    ticked = {item.id for item in sheet.items[:2]}
    assert event.team == "一组" and event.author == "赵六"
    assert event.payload["marks"] == {item.id: item.id in ticked for item in sheet.items}
    assert event.payload["score"] == round(100 * 2 / len(sheet.items))
    assert event.payload["comment"] == "道歉很及时,查询时间说得具体。"


async def test_override_is_refused_without_a_reason_then_kept_with_one(store, catalog):
    plan = seed_plan(store)
    app = drill_app(store, catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_board(pilot)
        await pilot.press("t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OverrideScreen)
        dialog.query_one("#override-score").value = "88"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "必须写明理由" in str(dialog.query_one("#override-error").content)
        assert not store.drill_events(plan.id, OVERRIDE)
        dialog.query_one("#override-score").value = "120"
        dialog.query_one("#override-reason").value = "现场把客户请到休息区,系统没看到"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "0 到 100" in str(dialog.query_one("#override-error").content)
        dialog.query_one("#override-score").value = "88"
        dialog.query_one("#override-reason").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DrillBoardScreen)

    [event] = store.drill_events(plan.id, OVERRIDE)
    assert event.team == "一组" and event.payload == {"score": 88.0, "reason": "现场把客户请到休息区,系统没看到"}


def seed_results(store, catalog):
    """一组 plays well and two observers mark it; 二组 is rude, and the trainer overrides its score."""
    plan = seed_plan(store)
    perform(store, catalog, plan, "一组", scripts()["good"]["replies"])
    perform(store, catalog, plan, "二组", scripts()["rude"]["replies"])
    record_observation(store, plan, "一组", "赵六", {"a": True, "b": True}, "很好")
    record_observation(store, plan, "一组", "钱七", {"a": True, "b": False}, "结尾可以再提醒一句")
    record_override(store, plan, "二组", 60, "现场表现比系统看到的好")
    return plan


async def test_board_shows_the_final_score_and_a_whole_phase_column(store, frozen_catalog):
    seed_results(store, frozen_catalog)
    app = drill_app(store, frozen_catalog, content=FROZEN)
    async with app.run_test(size=(100, 30)) as pilot:
        board = await open_board(pilot)
        table = board.query_one(DataTable)
        assert "60 分(培训师调整)" in str(table.get_cell("二组", "phase"))
        region = table.region
        lines = board._compositor.render_strips()
        shown = "".join(lines[y].crop(region.x, region.right).text for y in range(region.y, region.bottom))
        for team in ("一组", "二组"):
            assert str(table.get_cell(team, "phase")) in shown


@pytest.mark.parametrize("screen_key", ["", "s"], ids=["board", "scoreboard"])
async def test_an_idle_board_and_scoreboard_redraw_nothing(store, frozen_catalog, monkeypatch, screen_key):
    """Nothing changes (the clock stands still, nobody scores): nothing may be repainted."""
    from textual.widget import Widget

    seed_results(store, frozen_catalog)
    app = drill_app(store, frozen_catalog, content=FROZEN)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_board(pilot)
        await pilot.press("p", *screen_key)
        await pilot.pause(0.5)
        painted = []
        monkeypatch.setattr(Widget, "refresh", lambda self, *a, **k: painted.append(self) or self)
        await pilot.pause(2.5)  # longer than every clock and reload interval
        assert painted == []


async def test_scoreboard_ranks_teams_with_the_three_scores_side_by_side(store, catalog):
    plan = seed_results(store, catalog)
    app = drill_app(store, catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_board(pilot)
        await pilot.press("s")
        await pilot.pause()
        board = app.screen
        assert isinstance(board, ScoreboardScreen)
        table = board.query_one(DataTable)
        good, rude = (s.score for s in sorted(store.list_sessions(drill_id=plan.id), key=lambda s: s.team))
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        title = catalog.library.get(SCENARIO).title
        assert rows == [
            ["1", "一组", f"{good:g}", "75 (2人)", "-", f"{good:g}", "系统评分", "", title],
            ["2", "二组", f"{rude:g}", "-", "60", "60", "培训师调整", "现场表现比系统看到的好", title],
        ]
        assert good > 60 > rude

        record_override(store, plan, "一组", 50, "结尾忘了道别")  # saved from another screen or terminal
        await pilot.pause(2.3)
        assert [str(table.get_row_at(i)[1]) for i in range(2)] == ["二组", "一组"]
        assert [str(c) for c in table.get_row_at(1)][4:8] == ["50", "50", "培训师调整", "结尾忘了道别"]
        assert board.team == "一组", "the cursor stays on the team it was on"

        await pilot.press("enter")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, DrillReviewScreen) and review.team.name == "一组"
        assert len(review.query(TurnReview)) == len(scripts()["good"]["replies"])
        observers = review.query_one("#review-observers").text.plain
        assert "赵六  100 分" in observers and "结尾可以再提醒一句" in observers
        assert "结尾忘了道别" in review.query_one("#review-head").text.plain


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_drill_screen_fits(store, frozen_catalog, size):
    seed_results(store, frozen_catalog)

    async def fits(screen_type) -> None:
        await pilot.pause()
        assert isinstance(app.screen, screen_type)
        assert layout_problems(app.screen) == []

    app = drill_app(store, frozen_catalog, content=FROZEN)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await fits(DrillListScreen)
        await pilot.press("n")
        await fits(DrillSetupScreen)
        await pilot.press("escape")
        await pilot.press("enter")
        await fits(DrillBoardScreen)
        await pilot.press("g")
        await fits(ObserverSheet)
        await pilot.press("escape")
        await pilot.press("t")
        await fits(OverrideScreen)
        await pilot.press("escape")
        await pilot.press("s")
        await fits(ScoreboardScreen)
        await pilot.press("enter")
        await fits(DrillReviewScreen)
        await pilot.press("escape", "escape")
        await pilot.press("down", "enter")
        await fits(DrillPlayScreen)


async def test_f1_lists_the_board_keys_first(store, catalog):
    from trainer.tui.screens.help import HelpScreen

    from .test_help import help_text

    seed_plan(store)
    app = drill_app(store, catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_board(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.query(".help-section").first().content.title == "演练看板"
        text = help_text(app.screen)
        for screen in (DrillBoardScreen, ScoreboardScreen, ObserverSheet, OverrideScreen, DrillPlayScreen):
            for binding in screen.BINDINGS:
                assert binding.description in text


def test_scoreboard_snapshot(snap_compare, store, frozen_catalog):
    """Frozen content and no cursor blink; the drill's id is random but never drawn."""
    seed_results(store, frozen_catalog)

    async def scoreboard(pilot) -> None:
        await open_board(pilot)
        await pilot.press("s")
        await pilot.pause()

    app = drill_app(store, frozen_catalog, content=FROZEN)
    assert snap_compare(app, terminal_size=(100, 30), run_before=scoreboard)

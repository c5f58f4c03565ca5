"""History: every past session of this trainee, any of them reopened, scores charted over time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from trainer.tui.screens.debrief import DebriefScreen
from trainer.tui.screens.history import HistoryScreen
from trainer.tui.screens.play import PlayScreen
from trainer.tui.widgets.score_chart import ScoreChart, attempt_labels
from trainer.tui.widgets.transcript import TurnReview

from .conftest import FROZEN, SCENARIO, catalog_loaded, make_app, seed_session

T0 = datetime(2025, 3, 3, 1, 30, tzinfo=timezone.utc)
RUDE = ["你们有完没完?没看我正忙着吗?", "这是规定,我也没办法。"]
GOOD = [
    "您好!几位先生,我看你们反复存取一块钱,是不是遇到什么问题了?您跟我说说。",
    "真是太对不起了,没有及时跟您说明情况。我马上帮您查一下这笔转账为什么没成功,五分钟左右就有结果。",
    "查到了,是收款人户名有误。我现在就帮您重新转账,十分钟之内办好,请您先到休息区坐一下,谢谢您的理解。",
    "已经转好了,这是回单,请您收好。谢谢几位的理解,再见,慢走!",
]


def seed_history(store, catalog):
    """Three finished sessions on three days, one left unfinished, and another trainee's session."""
    me = store.upsert_trainee("张三", "10086")
    other = store.upsert_trainee("赵六", "30003")
    seed_session(store, catalog, other.id, SCENARIO, GOOD, T0)
    ids = [seed_session(store, catalog, me.id, SCENARIO, RUDE, T0),
           seed_session(store, catalog, me.id, SCENARIO, GOOD[:2] + RUDE, T0 + timedelta(days=1), "exam"),
           seed_session(store, catalog, me.id, SCENARIO, GOOD, T0 + timedelta(days=2)),
           seed_session(store, catalog, me.id, SCENARIO, GOOD[:1], T0 + timedelta(days=3))]
    store.upsert_trainee("张三", "10086")
    return me, ids


async def open_history(pilot) -> HistoryScreen:
    await catalog_loaded(pilot)
    await pilot.press("f4")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


async def test_history_lists_only_this_trainees_sessions_newest_first_and_charts_scores(store, frozen_catalog):
    me, ids = seed_history(store, frozen_catalog)
    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one("#sessions")
        assert [int(key.value) for key in table.rows] == ids[::-1]
        first = table.get_row_at(0)
        assert first[0] == "2025-03-06 01:30" and str(first[4]) == "未完成"
        assert [str(c) for c in table.get_row_at(2)[2:5]] == ["考核", str(int(store.get_session(ids[1]).score)), "失败"]
        finished = [store.get_session(i) for i in ids[:3]]
        chart = screen.query_one(ScoreChart)
        assert chart.scores == [r.score for r in finished]
        assert chart.labels == ["03-03", "03-04", "03-05"]


async def test_a_finished_row_reopens_its_debrief_and_an_unfinished_one_resumes(store, frozen_catalog):
    me, ids = seed_history(store, frozen_catalog)
    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one("#sessions")
        table.move_cursor(row=1)
        await pilot.press("enter")
        await pilot.pause()
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen) and debrief.record.id == ids[2]
        assert len(debrief.query(TurnReview)) == len(store.get_session(ids[2]).turns)
        assert debrief.query_one("#total").value == str(int(store.get_session(ids[2]).score))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen

        table.move_cursor(row=0)
        await pilot.click("#sessions", offset=(5, 2))
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen) and play.recorded.record_id == ids[3]
        assert play.session.turn_number == 1


@pytest.mark.parametrize(("times", "labels"), [
    (["2026-12-01 09:05", "2026-12-01 10:30", "2026-12-01 14:00"], ["09:05", "10:30", "14:00"]),
    (["2026-12-01 09:05", "2026-12-01 10:30", "2026-12-02 08:00"], ["12-01", "12-01#2", "12-02"]),
    (["2026-12-01 09:05"], ["12-01"]),
])
def test_chart_labels_tell_attempts_apart(times, labels):
    assert attempt_labels(times) == labels


async def test_one_session_is_one_marker_on_the_chart(store, frozen_catalog):
    trainee = store.upsert_trainee("张三", "10086")
    seed_session(store, frozen_catalog, trainee.id, SCENARIO, GOOD, datetime(2025, 3, 3, tzinfo=timezone.utc))
    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=(160, 50)) as pilot:  # tall enough for the line's braille to show beside the dot
        screen = await open_history(pilot)
        await pilot.pause()
        chart = screen.query_one(ScoreChart)
        region = chart.content_region
        lines = screen._compositor.render_strips()
        plotted = "".join(lines[y].crop(region.x, region.right).text for y in range(region.y, region.bottom))
        braille = [char for char in plotted if "\u2801" <= char <= "\u28ff"]
        assert plotted.count("•") == 1 and braille == []

"""A session killed mid-way (terminal closed, machine off) loses nothing and can be resumed."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from trainer.store import open_store
from trainer.tui.screens.debrief import DebriefScreen
from trainer.tui.screens.play import PlayScreen
from trainer.tui.screens.start import StartScreen
from trainer.tui.widgets.transcript import TurnReview

from .conftest import catalog_loaded, make_app, open_scenario, say, scripts

KILLER = Path(__file__).with_name("killed_midway.py")


async def test_a_killed_session_is_resumable_with_all_its_turns(tmp_path, catalog):
    replies = scripts()["good"]["replies"]
    done, rest = replies[:2], replies[2:]
    database = tmp_path / "records.sqlite3"
    killed = subprocess.run([sys.executable, str(KILLER), str(database), *done], capture_output=True, timeout=180)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode(errors="replace")[-2000:]

    with open_store(database) as store:
        trainee = store.last_trainee()
        [unfinished] = store.unfinished_sessions(trainee.id)
        assert [t.reply for t in unfinished.turns] == done

        app = make_app(store, catalog=catalog)
        async with app.run_test(size=(100, 30)) as pilot:
            await catalog_loaded(pilot)
            start = app.screen
            assert isinstance(start, StartScreen)
            assert start.query_one("#resume").display
            assert f"已答 {len(done)} 轮" in start.query_one("#resume-text").render().plain
            await pilot.press("f3")
            await pilot.pause()
            play = app.screen
            assert isinstance(play, PlayScreen)
            assert play.session.turn_number == len(done)
            bubbles = [b.text.plain.split("\n", 1)[1] for b in play.query(".bubble.trainee")]
            assert bubbles == done
            for reply in rest:
                if not play.session.finished:
                    await say(pilot, reply)
            assert play.session.finished and play.session.ending.kind == scripts()["good"]["expect"]["kind"]
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, DebriefScreen)
            assert len(app.screen.query(TurnReview)) == play.session.turn_number

        record = store.get_session(unfinished.id)
        assert record.finished_at is not None
        assert [t.reply for t in record.turns][: len(replies)] == replies[: len(record.turns)]
        assert len(record.turns) >= len(done) + 1
        assert store.unfinished_sessions(trainee.id) == []


async def test_pausing_keeps_the_session_resumable_and_abandoning_does_not(store, catalog):
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_scenario(pilot)
        await say(pilot, scripts()["good"]["replies"][0])
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert app.screen.query_one("#resume").display
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and app.screen.session.turn_number == 1
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert not app.screen.query_one("#resume").display
    [record] = store.list_sessions()
    assert record.ending_kind == "abandoned"


async def test_resuming_keeps_the_clock_and_the_unsent_draft(store, catalog):
    from trainer.tui.factory import build_app

    now = [100.0]
    app = build_app(store=store, clock=lambda: now[0], cursor_blink=False, catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_scenario(pilot)
        await say(pilot, scripts()["good"]["replies"][0])
        app.screen.query_one("#reply").value = "还没发出去的半句"
        now[0] += 75
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        now[0] += 600  # the time away does not count
        await pilot.press("f3")
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen) and play.session.turn_number == 1
        assert play.query_one("#reply").value == "还没发出去的半句"
        assert "用时 01:15" in str(play.query_one("#status").render())

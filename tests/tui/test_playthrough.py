"""Whole scenarios played through the UI, checked against what the core says they must give."""

from __future__ import annotations

from trainer.dialogue.engine import EXAM_FAILED
from trainer.dialogue.playback import play_replies
from trainer.tui.screens.debrief import DebriefScreen
from trainer.tui.screens.play import PlayScreen
from trainer.tui.screens.start import StartScreen
from trainer.tui.widgets.chat import ChatLog
from trainer.tui.widgets.transcript import TurnReview

from .conftest import SCENARIO, make_app, open_scenario, say, scripts


def expected(catalog, replies: list[str]) -> dict:
    return play_replies(catalog.library.get(SCENARIO), catalog.scorer, replies)


async def play_script(pilot, replies: list[str]) -> None:
    for reply in replies:
        if isinstance(pilot.app.screen, PlayScreen) and not pilot.app.screen.session.finished:
            await say(pilot, reply)


async def test_good_script_plays_to_its_ending_and_debrief(store, catalog):
    script = scripts()["good"]
    want = expected(catalog, script["replies"])
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_scenario(pilot)
        assert isinstance(app.screen, PlayScreen)
        await play_script(pilot, script["replies"])
        play = app.screen
        assert play.session.finished
        assert play.session.ending.kind == script["expect"]["kind"] == want["ending"]["kind"]
        chat = play.query_one(ChatLog)
        assert len(chat.query(".bubble.trainee")) == len(want["turns"])
        assert chat.query(".note").last().text.plain.endswith(play.session.ending.title)

        await pilot.press("enter")
        await pilot.pause()
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        assert debrief.query_one("#total").value == str(want["score"])
        assert want["score"] >= script["expect"].get("min_score", 0)
        ending = debrief.query_one("#ending").text.plain
        assert "成功" in ending and play.session.ending.debrief in ending
        reviews = list(debrief.query(TurnReview))
        assert len(reviews) == len(want["turns"])
        for review, turn in zip(reviews, want["turns"]):
            assert review.query_one(".mine").text.plain == turn["reply"]
            assert review.query_one(".reference").text.plain == turn["reference"]
            notes = review.query_one(".notes").text.plain
            for point in turn["key_points"]:
                assert point["name"] in notes
            if turn["because"]:
                assert turn["because"] in notes
        bars = {d["id"]: d["points"] for d in debrief.query_one("#bars").dimensions}
        assert bars == {d["id"]: d["points"] for d in want["breakdown"]["dimensions"]}

    [record] = store.list_sessions()
    assert record.score == want["score"] and record.ending_kind == want["ending"]["kind"]


async def test_rude_script_fails_and_the_debrief_names_the_forbidden_phrase(store, catalog):
    script = scripts()["rude"]
    want = expected(catalog, script["replies"])
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_scenario(pilot)
        await play_script(pilot, script["replies"])
        await pilot.click("#to-debrief")
        await pilot.pause()
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        assert "失败" in debrief.query_one("#ending").text.plain
        assert int(debrief.query_one("#total").value) == want["score"] <= script["expect"]["max_score"]
        notes = "\n".join(r.query_one(".notes").text.plain for r in debrief.query(TurnReview))
        hits = [h for t in want["turns"] for h in t["forbidden"]]
        assert hits
        for hit in hits:
            assert f"「{hit['match']}」" in notes and hit["suggestion"] in notes


async def test_retry_from_the_debrief_starts_a_fresh_session_of_the_same_scenario(store, catalog):
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_scenario(pilot)
        await play_script(pilot, scripts()["rude"]["replies"])
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.session.scenario.id == SCENARIO and app.screen.session.turn_number == 0
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    assert len(store.list_sessions()) == 2


async def test_exam_mode_hides_coaching_and_hints(store, catalog):
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_scenario(pilot, exam=True)
        play = app.screen
        assert isinstance(play, PlayScreen) and play.session.state.mode == "exam"
        assert not play.query("#coach")
        assert play.query_one("#reply").highlighter is None
        await pilot.press("f8")
        await pilot.pause()
        assert play.session.state.hints == 0
        assert "f2" not in play.active_bindings
        await say(pilot, "爱上哪告就上哪告去。")
        assert play.session.finished and play.session.ending.kind == "failure"
        assert play.sub_title == "考核模式"
        await pilot.press("enter")
        await pilot.pause()
        ending = app.screen.query_one("#ending").text.plain
        assert EXAM_FAILED.title in ending and EXAM_FAILED.debrief in ending

"""Practice mode coaches while the trainee types and offers the reference reply at a price."""

from __future__ import annotations

from rich.text import Text

from trainer.tui.screens.debrief import DebriefScreen
from trainer.tui.widgets.chat import FORBIDDEN_STYLE
from trainer.tui.widgets.coach import SEVERITY_ORDER

from .conftest import SCENARIO, make_app, open_scenario, say, scripts

DRAFT = "这是规定"


async def test_typing_a_forbidden_phrase_shows_reason_and_better_wording_before_sending(store, catalog):
    hit = catalog.scorer.score(DRAFT).forbidden[0]
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_scenario(pilot)
        play = app.screen
        await pilot.press(*DRAFT)
        await pilot.pause()
        advice = play.query_one("#coach").text.plain
        assert f"「{hit.match}」" in advice and hit.reason in advice and hit.suggestion in advice
        field = play.query_one("#reply")
        marked = field.highlighter(Text(field.value))
        assert [(s.start, s.end, str(s.style)) for s in marked.spans] == [(hit.start, hit.end, FORBIDDEN_STYLE)]
        assert play.session.turn_number == 0, "coaching must not send anything"

        for _ in DRAFT:
            await pilot.press("backspace")
        await pilot.press(*"您好")
        await pilot.pause()
        advice = play.query_one("#coach").text.plain
        assert "没有发现服务忌语" in advice and hit.reason not in advice


async def test_hint_shows_the_reference_reply_saves_it_and_costs_points(store, catalog):
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_scenario(pilot)
        play = app.screen
        reference = play.session.node.reference
        await pilot.press("f8")
        await pilot.pause()
        assert reference in play.query_one("#coach").text.plain
        assert store.get_session(play.recorded.record_id).state["hints"] == 1, "a hint must be saved at once"

        for reply in scripts()["good"]["replies"]:
            if not play.session.finished:
                await say(pilot, reply)
        await pilot.press("enter")
        await pilot.pause()
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        assert "查看参考话术 1 次" in debrief.query_one("#overall").text.plain
        [record] = store.list_sessions()
        assert record.summary["hints"] == 1 and record.scenario_id == SCENARIO


def shown(screen, widget) -> str:
    """What the terminal shows inside a widget, read from the composed lines."""
    region = widget.region
    lines = screen._compositor.render_strips()
    return "".join(lines[y].crop(region.x, region.right).text for y in range(region.y, region.bottom))


async def test_small_terminal_shows_the_most_severe_phrase_first_and_the_rest_by_scrolling(store, catalog):
    draft = "你怎么不早点来,这是规定,爱上哪告就上哪告去"
    hits = catalog.scorer.score(draft).forbidden
    critical = [hit for hit in hits if hit.severity == "critical"]
    assert len(hits) >= 3 and critical
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot)
        play = app.screen
        play.query_one("#reply").value = draft
        await pilot.pause()
        coach = play.query_one("#coach")
        assert f"「{critical[0].match}」" in shown(play, coach)
        assert coach.max_scroll_y > 0
        coach.scroll_end(animate=False)
        await pilot.pause()
        last = max(hits, key=lambda hit: (SEVERITY_ORDER[hit.severity], hit.start))
        assert last.suggestion[:6] in "".join(shown(play, coach).split())

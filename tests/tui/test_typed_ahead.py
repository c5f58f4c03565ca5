"""A reply typed while the previous one is still being sent stays its own turn (issue 13)."""

from __future__ import annotations

from .conftest import FROZEN, make_app, open_scenario


async def test_typed_ahead_reply_is_not_merged_into_the_one_sent(store, frozen_catalog):
    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_scenario(pilot)
        screen = app.screen
        field = screen.query_one("#reply")
        field.value = "您好,请问您要办什么业务?"
        await field.action_submit()
        field.insert_text_at_cursor("第二句")  # keys the box handles before the screen sends the first
        await pilot.pause()
        assert [turn["reply"] for turn in screen.session.state.turns] == ["您好,请问您要办什么业务?"]
        assert field.value == "第二句"

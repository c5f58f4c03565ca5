"""A store that cannot write (a full disk) during a reply (issue 13).

Before: the app crashed with a Rich traceback *with locals* (the trainee's replies in it, also in
``serve.log``) and exit 0, and the reply was lost.
"""

from __future__ import annotations

import sqlite3

from trainer.tui.screens.play import PlayScreen

from .conftest import make_app, open_scenario, say

SECRET = "我的第一句回答不想让别人看到"


def _full_disk(*args, **kwargs):
    raise sqlite3.OperationalError("database or disk is full")


async def test_a_failed_write_keeps_the_draft_and_the_session(store, catalog, monkeypatch):
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_scenario(pilot)
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        with monkeypatch.context() as patch:
            patch.setattr(store, "record_turn", _full_disk)
            await say(pilot, "您好,请问有什么可以帮您?")
            assert app.screen is screen and app.return_code is None
            assert screen.query_one("#reply").value == "您好,请问有什么可以帮您?"
            assert screen.session.state.turns == []
            assert any("没能保存" in str(n.message) for n in app._notifications)
        await say(pilot, "您好,请问有什么可以帮您?")
        assert len(screen.session.state.turns) == 1
        assert [t.reply for t in store.get_session(screen.recorded.record_id).turns] == ["您好,请问有什么可以帮您?"]


def _crash(reply: str) -> None:
    raise RuntimeError("something unexpected")


async def test_a_crash_prints_no_locals(store, catalog):
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(100, 30)):
        try:
            _crash(SECRET)
        except RuntimeError:
            app._fatal_error()
        printed = "".join(segment.text for renderable in app._exit_renderables for segment in renderable.segments)
        app._exit_renderables.clear()
    assert "something unexpected" in printed
    assert SECRET not in printed

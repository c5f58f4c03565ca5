"""A browser tab (``served``) keeps each trainee in their own place; the trainer signs in for more.

The same app runs in the terminal with the trainer's powers; these drive the served app with
Pilot, and ``tests/e2e/test_browser.py`` proves the same through a real browser.
"""

from __future__ import annotations

from trainer.classroom.access import new_trainer_code
from trainer.classroom.access import sign_in as register
from trainer.store import MAX_REPLY_CHARS
from trainer.tui.factory import build_app
from trainer.tui.screens.drill_board import DrillBoardScreen
from trainer.tui.screens.drill_list import DrillListScreen
from trainer.tui.screens.play import PlayScreen
from trainer.tui.screens.report import ReportScreen
from trainer.tui.screens.start import StartScreen
from trainer.tui.screens.store_error import StoreErrorApp
from trainer.tui.screens.trainer_sign_in import TrainerSignInScreen

from .conftest import BUNDLED, SCENARIO, catalog_loaded, open_scenario, sign_in


def served_app(store, catalog):
    return build_app(*BUNDLED, store=store, clock=lambda: 0.0, cursor_blink=False, catalog=catalog, served=True)


async def fill_in(pilot, name: str, staff: str, pin: str) -> None:
    await sign_in(pilot, name, staff)
    assert pilot.app.focused.id == "pin", "a served tab always asks for the PIN"
    pilot.app.focused.value = pin
    await pilot.press("enter")
    await pilot.pause()


async def trainer_signs_in(pilot, secret: str) -> None:
    await catalog_loaded(pilot)
    await pilot.press("ctrl+l")
    await pilot.pause()
    assert isinstance(pilot.app.screen, TrainerSignInScreen)
    pilot.app.screen.query_one("#trainer-secret").value = secret
    await pilot.press("enter")
    await pilot.pause()


def footer_actions(screen) -> set[str]:
    return {binding.action for _, binding, enabled, _ in screen.active_bindings.values() if enabled}


async def test_a_tab_knows_nobody_it_was_not_told(store, catalog):
    store.upsert_trainee("张三", "A1")  # the terminal's trainee
    app = served_app(store, catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        assert app.trainee is None
        assert app.screen.query_one("#name").value == "" and app.screen.query_one("#staff").value == ""
        assert "工号" in app.screen.sub_title


async def test_a_trainee_cannot_reach_drills_or_reports_by_key_action_or_push(store, catalog):
    app = served_app(store, catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await fill_in(pilot, "张三", "A1", "2468")
        assert app.trainee.staff_no == "A1"
        assert {"drills", "report"}.isdisjoint(footer_actions(app.screen)) and "trainer" in footer_actions(app.screen)
        for key in ("f5", "f6"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
        await app.screen.run_action("drills")  # what the command palette and a footer click do
        await app.run_action("screen.report")
        app.push_screen(DrillListScreen())
        app.push_screen(ReportScreen())
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert any("培训师身份" in n.message for n in app._notifications)


async def test_a_staff_number_is_not_yours_without_its_pin(store, catalog):
    owner = register(store, "张三", "A1", "2468")
    sid = store.start_session(owner.id, SCENARIO, "practice", {})
    app = served_app(store, catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await fill_in(pilot, "", "A1", "1111")
        assert app.trainee is None and not app.screen.query("#resume").first().display
        assert any("PIN 不对" in n.message for n in app._notifications)
        await fill_in(pilot, "李四", "A1", "2468")
        assert app.trainee is None and any("登记的姓名" in n.message for n in app._notifications)
        await fill_in(pilot, "李四", "B2", "1357")
        assert app.trainee.name == "李四"
        assert not app.screen.query_one("#resume").display, "another trainee's session is not offered"
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    assert store.get_session(sid).finished_at is None and store.find_trainee("A1").name == "张三"


async def test_the_trainer_signs_in_with_the_one_time_code_and_can_open_drills(store, catalog):
    code = new_trainer_code(store)
    app = served_app(store, catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await trainer_signs_in(pilot, "WRONG123")
        assert isinstance(app.screen, TrainerSignInScreen) and "不对" in str(app.screen.query_one("#sign-in-error").content)
        app.screen.query_one("#trainer-secret").value = code
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen) and "培训师" in app.screen.sub_title
        assert "trainer" not in footer_actions(app.screen) and "drills" in footer_actions(app.screen)
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, DrillListScreen)
    again = served_app(store, catalog)
    async with again.run_test(size=(100, 30)) as pilot:
        await trainer_signs_in(pilot, code)
        assert isinstance(again.screen, TrainerSignInScreen), "the code works once"


async def test_a_served_export_is_delivered_to_the_browser_not_written_to_a_path(store, catalog, monkeypatch):
    from trainer.paths import exports_dir

    delivered = []
    code = new_trainer_code(store)
    app = served_app(store, catalog)
    monkeypatch.setattr(app, "deliver_binary", lambda data, **kw: delivered.append((data.read(), kw)))
    async with app.run_test(size=(100, 30)) as pilot:
        await trainer_signs_in(pilot, code)
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen) and not app.screen.query("#report-path")
        await pilot.press("h")
        await pilot.pause()
        assert "浏览器下载" in str(app.screen.query_one("#report-status").content)
    ((data, options),) = delivered
    assert b"<html" in data and options["save_filename"].endswith(".html")
    assert list(exports_dir().rglob("*")) == [], "nothing is left on the server's disk"


async def test_the_reply_box_refuses_more_than_the_store_keeps(store, catalog):
    app = build_app(*BUNDLED, store=store, clock=lambda: 0.0, cursor_blink=False, catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_scenario(pilot)
        assert isinstance(app.screen, PlayScreen)
        box = app.screen.query_one("#reply")
        box.focus()
        box.insert_text_at_cursor("好" * (MAX_REPLY_CHARS - 2))
        box.insert_text_at_cursor("您好" * 500_000)  # a 1 MB paste
        await pilot.pause()
        assert len(box.value) == MAX_REPLY_CHARS - 2, "the paste over the limit is refused where it enters"
        assert any("回答太长" in n.message for n in app._notifications)
    (record,) = store.list_sessions()
    assert store.get_session(record.id).turns == ()


async def test_a_drill_typist_is_not_remembered_as_the_terminals_trainee(store, catalog):
    from trainer.classroom.drill import Team, new_plan, record_plan

    me = store.upsert_trainee("培训师", None)
    record_plan(store, new_plan("演练", [Team("一组", ("王五",), SCENARIO)]))
    app = build_app(*BUNDLED, store=store, clock=lambda: 0.0, cursor_blink=False, catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DrillBoardScreen)
        await pilot.press("enter")
        await pilot.pause()
    assert store.list_sessions()[0].trainee_id != me.id
    assert store.last_trainee() == me


async def test_a_store_that_cannot_be_used_gets_a_screen_that_says_so():
    app = StoreErrorApp("练习记录数据库 /x/trainer.sqlite3 已损坏: file is not a database")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = " ".join(str(w.render()) for w in app.screen.query("#error-title, #error-list, #error-help"))
        assert "练习记录无法使用" in text and "已损坏" in text

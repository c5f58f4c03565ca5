"""Keys mean one thing across the app, every action is in the command palette in Chinese, and the
app-wide extras (theme, screenshot) work and are remembered."""

from __future__ import annotations

from collections import defaultdict

from textual.binding import Binding
from textual.command import CommandPalette

from trainer.paths import preferences_path, screenshots_dir
from trainer.tui.screens.help import _screens
from trainer.tui.screens.start import StartScreen

from .conftest import FROZEN, catalog_loaded, make_app, open_scenario, sign_in

CONTEXTUAL = {"escape", "enter"}  # back/close and the screen's main action, by design


def test_a_key_means_one_thing_across_the_app():
    from trainer.tui.app import TrainerApp

    actions = defaultdict(set)
    for _title, screen in [*_screens(), ("任何页面", TrainerApp)]:
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding):
                for key in binding.key.split(","):
                    actions[key].add(binding.action.removeprefix("app."))
    clashes = {key: found for key, found in actions.items() if len(found) > 1 and key not in CONTEXTUAL}
    assert clashes == {}


async def test_the_hint_key_twice_in_one_turn_charges_once(store, frozen_catalog):
    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_scenario(pilot)
        await pilot.press("f8", "f8")
        await pilot.pause()
        assert app.screen.session.state.hints == 1
        assert "已看参考话术 1 次" in str(app.screen.query_one("#status").render())


async def test_the_palette_lists_every_action_of_the_screen_in_chinese(store, frozen_catalog):
    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        screen = app.screen
        assert isinstance(screen, StartScreen)
        titles = {command.title for command in app.get_system_commands(screen)}
        wanted = {binding.description for binding in [*StartScreen.BINDINGS, *app.BINDINGS]
                  if binding.action != "command_palette" and screen.check_action(binding.action, ()) is True}
        assert wanted - {"帮助"} and wanted <= titles
        assert [title for title in titles if title.isascii()] == []
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"历史")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert type(app.screen).__name__ == "HistoryScreen"


async def test_light_theme_is_remembered_and_screenshots_land_in_the_data_folder(store, frozen_catalog):
    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await catalog_loaded(pilot)
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
        await pilot.press("f12")
        await pilot.pause()
    assert preferences_path().exists()
    assert [path.suffix for path in screenshots_dir().iterdir()] == [".svg"]
    again = make_app(store, FROZEN, frozen_catalog)
    async with again.run_test(size=(80, 24)) as pilot:
        await catalog_loaded(pilot)
        assert again.theme == "textual-light"

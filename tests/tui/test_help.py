"""F1 (or ? outside a text box) lists the keys of the screen the trainee is on, then all others."""

from __future__ import annotations

import io

from rich.console import Console

from trainer.tui.screens.help import HelpScreen
from trainer.tui.screens.play import PlayScreen
from trainer.tui.screens.start import StartScreen

from .conftest import make_app, open_scenario


def help_text(screen: HelpScreen) -> str:
    console = Console(width=100, record=True, file=io.StringIO())
    for section in screen.query(".help-section"):
        console.print(section.content)
    return console.export_text()


async def test_f1_lists_every_described_binding_of_the_current_screen_first(store, catalog):
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_scenario(pilot)
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        sections = list(help_screen.query(".help-section"))
        assert sections[0].content.title == "对话页"
        described = [b.description for b in PlayScreen.BINDINGS if b.description]
        text = help_text(help_screen)
        for description in described + [b.description for b in StartScreen.BINDINGS]:
            assert description in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        help_screen.query_one("#close-help").scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click("#close-help")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen), "the mouse closes the help too"


async def test_question_mark_opens_help_but_types_into_a_text_box(store, catalog):
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_scenario(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.query_one("#reply").value == "?"
        app.screen.set_focus(None)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)

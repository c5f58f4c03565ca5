"""Shown instead of the app when the practice records cannot be used at all.

A damaged, read-only, locked or too-new database used to give a traceback in the terminal and a
blank page in the browser. This says what is wrong (the store's own Chinese message names the
file and the problem) and that nothing can be recorded until it is fixed; in a browser the
trainee reads it and tells the trainer.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from trainer.tui.widgets.prose import Prose
from trainer.tui.widgets.title_bar import TitleBar

HELP = "练习记录无法读写,现在不能开始练习,以免练习白做。请把这段说明告诉培训师或管理员,修复后重新打开。"


class StoreErrorScreen(Screen):
    CSS_PATH = "content_error.tcss"
    BINDINGS = [Binding("q", "app.quit", "退出")]

    def __init__(self, message: str):
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="content-error"):
            yield Static(Text("练习记录无法使用", "bold red"), id="error-title")
            yield Prose(Text(self.message), id="error-list")
            yield Prose(HELP, id="error-help")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "存储错误"


class StoreErrorApp(App):
    TITLE = "银行网点服务情景陪练"
    CSS_PATH = "../app.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", "退出", priority=True)]

    def __init__(self, message: str):
        super().__init__()
        self.message = message

    def on_mount(self) -> None:
        self.push_screen(StoreErrorScreen(self.message))

"""Shown when the rubrics cannot be used: nothing can be scored, so nothing can be practised.

Trainers edit these files by hand; they need the file and line of each mistake, not a traceback,
and a way to retry once they have fixed it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from trainer.located.problems import Problem
from trainer.tui.widgets.prose import Prose
from trainer.tui.widgets.title_bar import TitleBar
from trainer.tui.widgets.key_bar import KeyBar


class ContentErrorScreen(Screen):
    CSS_PATH = "content_error.tcss"
    BINDINGS = [
        Binding("f9", "reload", "重新载入"),
        Binding("ctrl+q", "app.quit", "退出"),
    ]

    def __init__(self, problems: list[Problem]):
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="content-error"):
            yield Static(Text("评分规则文件有错误,暂时无法开始练习", "bold red"), id="error-title")
            yield Prose(self._listing(), id="error-list")
            yield Prose("请把以上问题告诉培训负责人,或修改文件后按 R 重新载入。", id="error-help")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "内容错误"

    def _listing(self) -> Text:
        text = Text()
        for problem in self.problems:
            text.append(f"{problem.file}:{problem.line}", "bold")
            text.append(f"  {problem.message}\n")
        text.rstrip()
        return text

    def action_reload(self) -> None:
        self.app.pop_screen()
        self.app.reload_catalog()

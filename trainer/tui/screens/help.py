"""Every key, read from the screens' own bindings so the help can never drift from the keys.

The screen the trainee came from is listed first; the others follow for reference.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

MOUSE = "鼠标: 点击按钮、列表项和底栏的按键提示都可以操作;滚轮滚动对话和复盘。"


def _screens() -> list[tuple[str, type[Screen]]]:
    from trainer.tui.screens.debrief import DebriefScreen
    from trainer.tui.screens.graph_view import GraphViewScreen
    from trainer.tui.screens.history import HistoryScreen
    from trainer.tui.screens.play import PlayScreen
    from trainer.tui.screens.preview import PreviewScreen
    from trainer.tui.screens.start import StartScreen

    return [("开始页", StartScreen), ("对话页", PlayScreen), ("复盘页", DebriefScreen), ("历史记录", HistoryScreen),
            ("情景图", GraphViewScreen), ("作者预览", PreviewScreen), *_drill_screens()]


def _drill_screens() -> list[tuple[str, type[Screen]]]:
    from trainer.tui.screens.drill_board import DrillBoardScreen
    from trainer.tui.screens.drill_list import DrillListScreen
    from trainer.tui.screens.drill_observe import ObserverSheet
    from trainer.tui.screens.drill_override import OverrideScreen
    from trainer.tui.screens.drill_play import DrillPlayScreen
    from trainer.tui.screens.drill_review import DrillReviewScreen
    from trainer.tui.screens.drill_scoreboard import ScoreboardScreen
    from trainer.tui.screens.drill_setup import DrillSetupScreen
    from trainer.tui.screens.report import ReportScreen

    return [("课堂演练", DrillListScreen), ("演练设置", DrillSetupScreen), ("演练看板", DrillBoardScreen),
            ("小组表演", DrillPlayScreen), ("观察员评分", ObserverSheet), ("培训师调整", OverrideScreen),
            ("计分板", ScoreboardScreen), ("小组讲评", DrillReviewScreen), ("培训报告", ReportScreen)]


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "关闭帮助")]

    def __init__(self, under: Screen):
        super().__init__()
        self._under = type(under)

    def compose(self) -> ComposeResult:
        sections = sorted(_screens(), key=lambda item: item[1] is not self._under)
        with VerticalScroll(id="help"):
            yield Static(Text("快捷键", "bold"), id="help-title")
            for title, screen in sections:
                yield Static(self._table(title, screen.BINDINGS), classes="help-section")
            yield Static(self._table("任何页面", self.app.BINDINGS), classes="help-section")
            yield Static(Text(MOUSE, "dim"), classes="help-section")
            yield Button("关闭 Esc", id="close-help", compact=True)

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "帮助  (Esc 关闭)"

    @on(Button.Pressed, "#close-help")
    def _close(self) -> None:
        self.dismiss()

    def _table(self, title: str, bindings: list) -> Table:
        table = Table.grid(padding=(0, 2))
        table.title = title
        table.title_style = "bold"
        table.title_justify = "left"
        table.add_column(style="bold cyan", min_width=12)
        table.add_column()
        for binding in bindings:
            if isinstance(binding, Binding) and binding.description and not binding.system:
                table.add_row(self._keys(binding), binding.description)
        return table

    def _keys(self, binding: Binding) -> str:
        return " 或 ".join(self.app.get_key_display(Binding(key, binding.action)) for key in binding.key.split(","))

"""Classroom drills: start a new one, or reopen a past one for its scoreboard and wrap-up.

Plans live in the store (``list_plans``), so a drill set up yesterday reopens with every
performance, observer sheet and override it collected.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

from trainer.classroom.drill import PLAN, DrillPlan, list_plans
from trainer.tui.labels import local_time
from trainer.tui.widgets.prose import Prose
from trainer.tui.widgets.title_bar import TitleBar
from trainer.tui.widgets.key_bar import KeyBar

INTRO = ("课堂演练: 各组准备 4 分钟、表演 2 分钟,一名组员打字与模拟客户对话,其他学员当观察员按要点打分并点评,"
         "培训师可调整最终得分并说明理由,最后在计分板上逐组讲评。")


class DrillListScreen(Screen):
    CSS_PATH = "drill_list.tcss"
    BINDINGS = [
        Binding("n", "new", "新建演练"),
        Binding("enter", "open", "打开演练", priority=True),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plans: list[DrillPlan] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Prose(INTRO, id="drills-intro")
        yield OptionList(id="drills")
        yield Button("新建演练 N", id="drills-new", variant="primary", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "课堂演练"
        self.query_one("#drills").border_title = "往期演练 (Enter 打开)"
        self._load()
        self.query_one("#drills").focus()

    def on_screen_resume(self) -> None:
        self._load()

    def _load(self) -> None:
        self.plans = list_plans(self.app.store)
        created = {e.drill_id: e.created_at for e in self.app.store.drill_events(kind=PLAN)}
        options = self.query_one(OptionList)
        options.clear_options()
        for plan in self.plans:
            text = Text.assemble((plan.title, "bold"), f"  {local_time(created[plan.id])}  ",
                                 (f"{len(plan.teams)} 组", "dim"))
            text.append(f"\n  {'、'.join(t.name for t in plan.teams)}", "dim")
            options.add_option(Option(text, id=plan.id))
        if not self.plans:
            options.add_option(Option(Text("还没有演练。按 N 新建一个。", "dim"), disabled=True))
        else:
            options.highlighted = 0

    @on(Button.Pressed, "#drills-new")
    def action_new(self) -> None:
        from trainer.tui.screens.drill_setup import DrillSetupScreen

        if self.app.catalog is None:
            self.notify("情景还在载入,请稍候。")
        elif not self.app.catalog.library.scenarios:
            self.notify("没有可用的情景,请先检查情景文件。", severity="error")
        else:
            self.app.push_screen(DrillSetupScreen())

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        from trainer.tui.screens.drill_board import DrillBoardScreen

        index = self.query_one(OptionList).highlighted
        if self.plans and index is not None:
            self.app.push_screen(DrillBoardScreen(self.plans[index]))

    def action_back(self) -> None:
        self.app.pop_screen()

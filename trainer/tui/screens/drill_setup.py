"""Setting up a classroom drill: teams (组) with members and the scenario each plays, the prep
and performance minutes, and who observes.

The form only collects what the trainer typed. Whether it makes a drill is ``new_plan``'s call;
its refusal is shown under the form, in Chinese, and the trainer fixes it in place.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Label, Select, Static

from trainer.classroom.drill import PERFORM_SECONDS, PREP_SECONDS, Team, new_plan, record_plan
from trainer.tui.screens.drill_labels import names
from trainer.tui.widgets.inputs import TrainerInput
from trainer.tui.widgets.title_bar import TitleBar
from trainer.tui.widgets.key_bar import KeyBar

FIRST_TEAMS = 2
BAD_MINUTES = "准备和表演时间请填写分钟数,例如 4 或 1.5。"


class TeamRow(Horizontal):
    """One team: name, members on one line, and the scenario it performs."""

    def __init__(self, number: int, options: list[tuple[str, str]]):
        super().__init__(classes="team-row")
        self._number, self._options = number, options

    def compose(self) -> ComposeResult:
        yield TrainerInput(f"第{self._number}组", placeholder="组名", classes="team-name", compact=True)
        yield TrainerInput(placeholder="成员,例如 张三、李四", classes="team-members", compact=True)
        yield Select(self._options, allow_blank=False, classes="team-scenario", compact=True)
        yield Button("删除", classes="team-remove", compact=True)

    def team(self) -> Team:
        name = self.query_one(".team-name", TrainerInput).value
        members = names(self.query_one(".team-members", TrainerInput).value)
        return Team(name.strip(), tuple(members), str(self.query_one(".team-scenario", Select).value))


class DrillSetupScreen(Screen):
    CSS_PATH = "drill_setup.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "保存并开始"),
        Binding("ctrl+n", "add_team", "添加一组"),
        Binding("ctrl+delete", "remove_team", "删除当前组"),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._added = 0
        self._blank: tuple = ()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="setup-form"):
            with Horizontal(classes="setup-row"):
                yield Label("演练名称", classes="setup-label")
                yield TrainerInput(placeholder="课堂演练", id="setup-title", compact=True)
            with Horizontal(classes="setup-row"):
                yield Label("准备(分钟)", classes="setup-label")
                yield TrainerInput(f"{PREP_SECONDS / 60:g}", id="setup-prep", compact=True)
                yield Label("表演(分钟)", classes="setup-label")
                yield TrainerInput(f"{PERFORM_SECONDS / 60:g}", id="setup-perform", compact=True)
            with Horizontal(classes="setup-row"):
                yield Label("观察员", classes="setup-label")
                yield TrainerInput(placeholder="例如 赵六、钱七 (顿号、逗号或空格分隔;可不填)", id="setup-observers",
                                   compact=True)
            yield Label("各组: 组名 · 成员 · 表演的情景", id="setup-teams-title")
            with Vertical(id="setup-teams"):
                for _ in range(FIRST_TEAMS):
                    yield self._new_row()
        yield Static(id="setup-error")
        with Horizontal(id="setup-actions"):
            yield Button("添加一组 Ctrl+N", id="setup-add", compact=True)
            yield Button("保存并开始 Ctrl+S", id="setup-save", variant="primary", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "新建课堂演练"
        self.sub_title = "准备、表演、观察员点评、培训师总结"
        self.query_one("#setup-title").focus()
        self.call_after_refresh(self._remember_blank)

    def _remember_blank(self) -> None:
        self._blank = self._typed()

    def _typed(self) -> tuple:
        """Everything the trainer can change, to tell a touched form from a fresh one."""
        return (tuple(field.value for field in self.query(TrainerInput)),
                tuple(select.value for select in self.query(Select)))

    def _new_row(self) -> TeamRow:
        self._added += 1
        scenarios = self.app.catalog.library.scenarios.values()
        return TeamRow(self._added, [(s.title, s.id) for s in scenarios])

    def _show_error(self, message: str) -> None:
        error = self.query_one("#setup-error", Static)
        error.update(message)
        error.display = bool(message)

    @on(Button.Pressed, "#setup-add")
    async def action_add_team(self) -> None:
        row = self._new_row()
        await self.query_one("#setup-teams").mount(row)
        row.query_one(".team-members").focus()
        row.scroll_visible(animate=False)

    @on(Button.Pressed, ".team-remove")
    async def _remove_clicked(self, event: Button.Pressed) -> None:
        await event.button.parent.remove()

    async def action_remove_team(self) -> None:
        row = next((a for a in self.focused.ancestors if isinstance(a, TeamRow)), None) if self.focused else None
        if row is None:
            self.notify("先把光标移到要删除的组。", severity="warning")
        else:
            await row.remove()

    def _minutes(self, field: str) -> int | None:
        try:
            return round(float(self.query_one(field, TrainerInput).value.strip()) * 60)
        except (ValueError, OverflowError):  # OverflowError: 'inf'
            return None

    @on(Button.Pressed, "#setup-save")
    def action_save(self) -> None:
        from trainer.tui.screens.drill_board import DrillBoardScreen

        prep, perform = self._minutes("#setup-prep"), self._minutes("#setup-perform")
        if prep is None or perform is None:
            self._show_error(BAD_MINUTES)
            return
        try:
            plan = new_plan(self.query_one("#setup-title", TrainerInput).value,
                            [row.team() for row in self.query(TeamRow)],
                            names(self.query_one("#setup-observers", TrainerInput).value), prep, perform)
        except ValueError as error:
            self._show_error(str(error))
            return
        empty = [team.name for team in plan.teams if not team.members]
        if empty:
            self._show_error(f"{'、'.join(empty)} 还没有成员:在成员一栏填上名字(顿号、逗号或空格分隔),或删除这个组。")
            return
        record_plan(self.app.store, plan)
        self.app.switch_screen(DrillBoardScreen(plan))

    def action_back(self) -> None:
        """A form with something typed in it is not thrown away without asking."""
        from trainer.tui.screens.confirm import ConfirmScreen

        if self._typed() == self._blank:
            self.app.pop_screen()
            return
        self.app.push_screen(ConfirmScreen("放弃这份演练设置?\n已填写的组、成员和观察员都不会保存。", "放弃", "继续填写"),
                             lambda leave: leave and self.app.pop_screen())

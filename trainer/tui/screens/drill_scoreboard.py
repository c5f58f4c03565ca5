"""The scoreboard: teams ranked by final score, with the automatic score, the observers' average
and the trainer's override (and its reason) side by side, and which of them the final one is.

Results land in the store from this terminal and from browsers alike, so the board rereads the
core's ``scoreboard`` every two seconds and redraws only when something changed.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable

from trainer.classroom.drill import DrillPlan, TeamResult, scoreboard
from trainer.tui.screens.drill_labels import score_text
from trainer.tui.widgets.prose import Prose
from trainer.tui.widgets.title_bar import TitleBar
from trainer.tui.widgets.key_bar import KeyBar

REFRESH_SECONDS = 2
# The final score sits right after the three it is chosen from; the long texts go last, where a
# narrow projector cuts them (the wrap-up screen shows them whole).
COLUMNS = ("名次", "组", "系统评分", "观察员平均", "培训师调整", "最终得分", "来源", "调整理由", "情景")
SOURCE_STYLES = {"培训师调整": "bold yellow", "系统评分": "bold green", "未完成": "dim"}


def ranks(results: list[TeamResult]) -> list[int | None]:
    """Equal final scores share a place (1, 1, 3); a team without a score has none."""
    finals = [r.final for r in results]
    return [None if f is None else 1 + sum(1 for g in finals if g is not None and g > f) for f in finals]


class ScoreboardScreen(Screen):
    CSS_PATH = "drill_scoreboard.tcss"
    BINDINGS = [
        Binding("enter", "review", "逐句复盘", priority=True),
        Binding("g", "observe", "观察员"),
        Binding("t", "override", "调整得分"),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self, plan: DrillPlan):
        super().__init__()
        self.plan = plan
        self.results: list[TeamResult] = []
        self._shown: list[tuple] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield DataTable(id="scores", cursor_type="row", zebra_stripes=True)
        yield Prose("系统评分、观察员平均和培训师调整并排保留;最终得分取培训师调整,没有调整时取系统评分。"
                    "Enter 查看该组的逐句复盘。", id="scores-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = f"计分板: {self.plan.title}"
        self.sub_title = "每 2 秒自动刷新"
        table = self.query_one(DataTable)
        table.border_title = "各组排名"
        table.add_columns(*COLUMNS)
        self.reload()
        self.set_interval(REFRESH_SECONDS, self.reload)
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def _cells(self, rank: int | None, result: TeamResult) -> tuple:
        override = result.override or {}
        observers = (f"{score_text(result.observer_average)} ({len(result.observers)}人)"
                     if result.observers else "-")
        return (
            Text("-" if rank is None else str(rank), "bold", justify="center"),
            Text(result.team, "bold"),
            Text(score_text(result.auto), justify="right"),
            Text(observers, justify="right"),
            Text(score_text(override.get("score")), justify="right"),
            Text(score_text(result.final), "bold reverse" if result.final is not None else "", justify="right"),
            Text(result.final_source, SOURCE_STYLES.get(result.final_source, "")),
            Text(override.get("reason", "")),
            Text(self.app.scenario_title(result.scenario_id)),
        )

    def reload(self) -> None:
        results = scoreboard(self.app.store, self.plan)
        rows = [self._cells(rank, result) for rank, result in zip(ranks(results), results)]
        if rows == self._shown:
            return
        table = self.query_one(DataTable)
        current = self.team
        table.clear()
        for result, cells in zip(results, rows):
            table.add_row(*cells, key=result.team)
        self.results, self._shown = results, rows
        if current is not None:
            table.move_cursor(row=table.get_row_index(current), animate=False)

    @property
    def team(self) -> str | None:
        row = self.query_one(DataTable).cursor_row
        return self.results[row].team if self.results and row is not None and row < len(self.results) else None

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_review()

    def action_review(self) -> None:
        from trainer.tui.screens.drill_review import DrillReviewScreen

        if self.team is not None:
            self.app.push_screen(DrillReviewScreen(self.plan, self.team))

    def action_observe(self) -> None:
        from trainer.tui.screens.drill_observe import open_observer_sheet

        if self.team is not None:
            open_observer_sheet(self.app, self.plan, self.plan.team(self.team))

    def action_override(self) -> None:
        from trainer.tui.screens.drill_override import OverrideScreen

        if self.team is not None:
            self.app.push_screen(OverrideScreen(self.plan, self.team))

    def action_back(self) -> None:
        self.app.pop_screen()

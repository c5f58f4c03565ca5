"""One trainee's past sessions, newest first, with their scores over time.

Any row reopens: a finished session shows its debrief, an unfinished one continues where it
stopped.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable

from trainer.store import SessionRecord, Trainee
from trainer.tui.labels import KIND_STYLES, MODE_NAMES, kind_name, local_time
from trainer.tui.widgets.prose import Prose
from trainer.tui.widgets.score_chart import ScoreChart, attempt_labels
from trainer.tui.widgets.title_bar import TitleBar
from trainer.tui.widgets.key_bar import KeyBar


class HistoryScreen(Screen):
    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("enter", "open", "打开复盘/继续", priority=True),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self, trainee: Trainee):
        super().__init__()
        self.trainee = trainee
        self.sessions: list[SessionRecord] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Prose(id="history-summary")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield ScoreChart(id="chart")
        yield KeyBar()

    def on_mount(self) -> None:
        who = self.trainee.name + (f" ({self.trainee.staff_no})" if self.trainee.staff_no else "")
        self.title = "练习记录"
        self.sub_title = who
        self.query_one("#chart").border_title = "得分趋势"
        self.query_one("#sessions").border_title = "历次练习"
        self.query_one(DataTable).add_columns("日期", "情景", "模式", "得分", "结局")
        self._load()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self._load()

    def _load(self) -> None:
        self.sessions = self.app.store.list_sessions(trainee_id=self.trainee.id)
        table = self.query_one(DataTable)
        table.clear()
        for record in self.sessions:
            score = "" if record.score is None else f"{record.score:g}"
            ending = Text(kind_name(record.ending_kind), KIND_STYLES.get(record.ending_kind or "", "bold"))
            table.add_row(local_time(record.started_at), self.app.scenario_title(record.scenario_id),
                          MODE_NAMES.get(record.mode, record.mode), Text(score, justify="right"), ending,
                          key=str(record.id))
        scored = [r for r in reversed(self.sessions) if r.score is not None]
        self.query_one(ScoreChart).show(attempt_labels([local_time(r.started_at) for r in scored]),
                                        [r.score for r in scored])
        summary = self.query_one("#history-summary", Prose)
        summary.update(f"共 {len(self.sessions)} 次练习,其中 {len(scored)} 次有得分。Enter 打开复盘,未完成的可继续。"
                       if self.sessions else "还没有练习记录。回到开始页选一个情景吧。")

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if not self.sessions or table.cursor_row is None:
            return
        record = self.sessions[table.cursor_row]
        if record.finished_at is None:
            self.app.resume_session(self.app.store.get_session(record.id))
        else:
            self.app.open_debrief(record.id)

    def action_back(self) -> None:
        self.app.pop_screen()

"""The trainer's override of a team's final score, with the reason the class will hear.

The dialog shows the scores it overrides; ``record_override`` refuses an override without a
reason, and the scoreboard keeps the automatic and observers' scores beside the new one.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from trainer.classroom.drill import DrillPlan, record_override, scoreboard
from trainer.tui.screens.drill_labels import score_text, standing
from trainer.tui.widgets.inputs import TrainerInput
from trainer.tui.widgets.prose import Prose

BAD_SCORE = "请填写 0 到 100 之间的分数。"


class OverrideScreen(ModalScreen[bool]):
    CSS_PATH = "drill_override.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "保存调整"),
        Binding("escape", "dismiss(False)", "取消"),
    ]

    def __init__(self, plan: DrillPlan, team: str):
        super().__init__()
        self.plan, self.team = plan, team

    def compose(self) -> ComposeResult:
        result = next(r for r in scoreboard(self.app.store, self.plan) if r.team == self.team)
        with Vertical(id="override"):
            yield Prose(Text(f"培训师调整 · {self.team}", "bold"), classes="override-title")
            yield Prose(standing(result), id="override-standing")
            with Horizontal(classes="override-row"):
                yield Label("最终得分", classes="override-label")
                yield TrainerInput(placeholder="0-100", id="override-score", type="number", compact=True)
            with Horizontal(classes="override-row"):
                yield Label("理由(必填)", classes="override-label")
                yield TrainerInput(placeholder="为什么调整,讲评时会展示", id="override-reason", compact=True)
            yield Static(id="override-error")
            with Horizontal(classes="override-buttons"):
                yield Button("保存 Ctrl+S", id="override-save", variant="primary", compact=True)
                yield Button("取消 Esc", id="override-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#override-score").focus()

    @on(TrainerInput.Submitted, "#override-score")
    def _score_done(self) -> None:
        self.query_one("#override-reason").focus()

    @on(TrainerInput.Submitted, "#override-reason")
    @on(Button.Pressed, "#override-save")
    def action_save(self) -> None:
        try:
            score = float(self.query_one("#override-score", TrainerInput).value)
        except ValueError:
            self._refuse(BAD_SCORE)
            return
        try:
            record_override(self.app.store, self.plan, self.team, score,
                            self.query_one("#override-reason", TrainerInput).value)
        except ValueError as error:
            self._refuse(str(error))
            return
        self.notify(f"已调整{self.team}的最终得分为 {score_text(score)} 分")
        self.dismiss(True)

    def _refuse(self, message: str) -> None:
        error = self.query_one("#override-error", Static)
        error.update(message)
        error.display = True

    @on(Button.Pressed, "#override-cancel")
    def _cancel(self) -> None:
        self.dismiss(False)

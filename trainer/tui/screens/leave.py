"""Leaving a conversation half-way: pause it for later, or give it up so it stops being offered."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from trainer.tui.widgets.prose import Prose


class LeaveScreen(ModalScreen[str | None]):
    CSS_PATH = "leave.tcss"
    BINDINGS = [
        Binding("p", "choose('pause')", "暂停,稍后继续"),
        Binding("a", "choose('abandon')", "放弃本次"),
        Binding("escape,c", "choose('')", "继续练习"),
    ]

    def __init__(self, turns: int):
        super().__init__()
        self._turns = turns

    def compose(self) -> ComposeResult:
        with Vertical(id="leave"):
            yield Prose(f"离开这次练习?\n已答的 {self._turns} 轮都已保存。暂停后可在开始页按 F3 继续。", id="leave-text")
            with Horizontal(id="leave-buttons"):
                yield Button("暂停 P", id="pause", variant="primary")
                yield Button("放弃 A", id="abandon", variant="error")
                yield Button("继续练习 Esc", id="stay")

    def on_mount(self) -> None:
        self.query_one("#pause").focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss({"pause": "pause", "abandon": "abandon"}.get(event.button.id or ""))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)

"""One conversation: the customer speaks, the trainee replies, the engine decides what happens.

Every reply goes through ``RecordedSession``, which commits it before the screen shows the
customer's answer, so closing the terminal at any moment loses nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Input, Static

from trainer.dialogue.engine import PRACTICE
from trainer.dialogue.recording import WRITE_ERRORS, RecordedSession
from trainer.dialogue.session_score import HINT_COST
from trainer.store import MAX_REPLY_CHARS
from trainer.tui.labels import KIND_MARKS, KIND_NAMES, KIND_STYLES, MODE_NAMES
from trainer.tui.widgets.chat import ChatLog
from trainer.tui.widgets.coach import Coach, CoachPanel, ForbiddenHighlighter
from trainer.tui.widgets.customer_card import CustomerCard
from trainer.tui.widgets.inputs import BoundedInput, TrainerInput
from trainer.tui.widgets.mood_meter import MoodMeter
from trainer.tui.widgets.title_bar import TitleBar
from trainer.tui.widgets.key_bar import KeyBar


PLACE = "screen"
"""Beside the engine's state the saved record keeps where the trainee paused: the clock and the unsent draft."""

TOO_LONG = f"回答太长了: 最多 {MAX_REPLY_CHARS} 个字,超出的部分没有放进输入框,请删减后再发送。"


class PlayScreen(Screen):
    CSS_PATH = "play.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("f8", "hint", f"参考话术(扣{HINT_COST}分)"),
        Binding("enter", "debrief", "查看复盘", priority=True),
        Binding("escape", "leave", "离开"),
        Binding("pageup", "scroll_chat(-1)", "对话上翻", show=False),
        Binding("pagedown", "scroll_chat(1)", "对话下翻", show=False),
    ]

    def __init__(self, recorded: RecordedSession):
        super().__init__()
        self.recorded = recorded
        self.session = recorded.session
        self.practice = self.session.state.mode == PRACTICE
        self.coach = Coach(self.session.scorer) if self.practice else None
        self._hint: str | None = None
        self._opened = 0.0
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        scenario = self.session.scenario
        yield TitleBar()
        with Horizontal(id="main"):
            yield ChatLog(id="chat")
            with Vertical(id="side"):
                yield CustomerCard(scenario.customer, id="customer")
                yield MoodMeter(id="mood")
                yield Static(id="status")
        if self.coach is not None:
            yield CoachPanel(id="coach")
        with Horizontal(id="compose"):
            yield BoundedInput(placeholder="输入你的回答,Enter 发送", id="reply", max_length=MAX_REPLY_CHARS,
                               refusal=TOO_LONG,
                               highlighter=ForbiddenHighlighter(self.coach) if self.coach else None)
            yield Button("发送", id="send")
        yield Button("查看复盘 Enter", id="to-debrief", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        state, scenario = self.session.state, self.session.scenario
        self.title = scenario.title
        self.sub_title = f"{MODE_NAMES[state.mode]}模式"
        self.query_one("#chat").border_title = "对话"
        self.query_one("#customer").border_title = "客户"
        chat = self.query_one(ChatLog)
        for turn in state.turns:
            chat.add_customer(scenario.customer.name, turn["customer"])
            chat.add_trainee(turn["reply"], turn["forbidden"] if self.practice else ())
        chat.add_customer(scenario.customer.name, state.line)
        self._show_mood(state.turns[-1]["mood_before"] if state.turns else state.mood)
        self._show_advice()
        place = self._saved_place()
        self._opened = self.app.clock() - place.get("elapsed", 0)
        self.query_one("#reply", TrainerInput).value = str(place.get("draft", ""))
        if self.session.finished:
            self._finish()
        else:
            self._timer = self.set_interval(1, self._show_status)
            self.query_one("#reply").focus()
        self._show_status()

    def _show_mood(self, before: int) -> None:
        meter = self.query_one(MoodMeter)
        meter.mood, meter.change = self.session.state.mood, self.session.state.mood - before

    def _saved_place(self) -> dict:
        if not isinstance(self.recorded, RecordedSession):
            return {}
        place = (self.recorded.store.get_session(self.recorded.record_id).state or {}).get(PLACE)
        return place if isinstance(place, dict) else {}

    def _keep_place(self) -> None:
        """Pausing keeps the time on the clock and the unsent draft with the saved state, for F3 to restore."""
        if isinstance(self.recorded, RecordedSession) and not self.session.finished:
            place = {"elapsed": int(self.app.clock() - self._opened), "draft": self.query_one("#reply", TrainerInput).value}
            self.recorded.store.save_state(self.recorded.record_id, self.session.state.to_dict() | {PLACE: place})

    def _show_status(self) -> None:
        seconds = int(self.app.clock() - self._opened)
        turns, limit = self.session.turn_number, self.session.scenario.max_turns
        counter = f"共 {turns} 轮" if self.session.finished else f"第 {turns + 1} 轮 / 最多 {limit} 轮"
        hints = f"\n已看参考话术 {self.session.state.hints} 次" if self.session.state.hints else ""
        self.query_one("#status", Static).update(f"{counter}\n用时 {seconds // 60:02d}:{seconds % 60:02d}{hints}")

    def _show_advice(self, draft: str = "") -> None:
        if self.coach is not None:
            self.query_one(CoachPanel).show(self.coach.check(draft) if draft else None, self._hint, HINT_COST)

    @on(Input.Changed, "#reply")
    def _draft_changed(self, event: Input.Changed) -> None:
        self._show_advice(event.value)

    @on(Input.Submitted, "#reply")
    def _submitted(self, event: Input.Submitted) -> None:
        """The reply is the one in the event: the box has already moved on to whatever is typed next."""
        self._send(event.value)

    @on(Button.Pressed, "#send")
    def _send_pressed(self) -> None:
        field = self.query_one("#reply", TrainerInput)
        text, field.value = field.value, ""
        self._send(text)

    def _send(self, text: str) -> None:
        text = text.strip()
        if self.session.finished:
            return
        if not text:
            self.notify("请先输入回答。", severity="warning")
            return
        try:
            turn = self.recorded.reply(text)
        except WRITE_ERRORS as error:
            field = self.query_one("#reply", TrainerInput)
            if not field.value:
                field.value = text
            self.notify(f"这句回答没能保存,已放回输入框,请稍后再发: {error}", severity="error", timeout=15)
            return
        self._hint = None
        chat = self.query_one(ChatLog)
        chat.add_trainee(text, turn["forbidden"] if self.practice else ())
        chat.add_customer(self.session.scenario.customer.name, self.session.state.line)
        self._show_mood(turn["mood_before"])
        self._show_advice()
        if self.session.finished:
            self._finish()
        self._show_status()

    def _finish(self) -> None:
        ending = self.session.ending
        note = f"{KIND_MARKS.get(ending.kind, '')} 结局({KIND_NAMES[ending.kind]}): {ending.title}"
        self.query_one(ChatLog).add_note(Text(note, f"bold {KIND_STYLES[ending.kind]}"))
        if self._timer is not None:
            self._timer.stop()
        self.add_class("-finished")
        self.query_one("#to-debrief").focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hint":
            return self.practice and not self.session.finished
        if action == "debrief":
            return self.session.finished
        return True

    def action_hint(self) -> None:
        self._hint = self.recorded.hint()
        self._show_advice(self.query_one("#reply", TrainerInput).value)
        self._show_status()

    def action_scroll_chat(self, direction: int) -> None:
        chat = self.query_one(ChatLog)
        if direction > 0:
            chat.scroll_page_down()
        else:
            chat.scroll_page_up()

    @on(Button.Pressed, "#to-debrief")
    def action_debrief(self) -> None:
        self.app.open_debrief(self.recorded.record_id, replace=True)

    def action_leave(self) -> None:
        from trainer.tui.screens.leave import LeaveScreen

        if self.session.finished:
            self.app.pop_screen()
            return

        def chosen(choice: str | None) -> None:
            if choice == "abandon":
                self.recorded.abandon()
            if choice == "pause":
                self._keep_place()
            if choice in ("pause", "abandon"):
                self.app.pop_screen()

        self.app.push_screen(LeaveScreen(self.session.turn_number), chosen)

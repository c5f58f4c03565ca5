"""A team's performance: the ordinary conversation screen with the performance countdown beside it.

It is the self-study play screen (same chat, same recording through ``RecordedSession``) so a
drill performance is scored exactly like any session. What the classroom adds: one member
types, a big clock counts the performance time down, and when it is up the class sees 时间到 —
the typist may still send the sentence they are on, or the trainer stops the performance with
Esc. A stopped performance is recorded as abandoned (no automatic score); observers and the
trainer can still score it.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

from trainer.classroom.drill import Countdown, Team
from trainer.dialogue.recording import RecordedSession
from trainer.tui.screens.confirm import ConfirmScreen
from trainer.tui.screens.play import PlayScreen
from trainer.tui.widgets.countdown import BigCountdown
from trainer.tui.widgets.prose import Prose

TICK_SECONDS = 1
TIME_UP_NOTE = "时间到!可以把这一句说完,或按 Esc 结束表演。"


class DrillPlayScreen(PlayScreen):
    CSS_PATH = ["play.tcss", "drill_play.tcss"]
    BINDINGS = [
        Binding("enter", "debrief", "返回演练看板", priority=True),
        Binding("escape", "leave", "结束表演"),
    ]

    def __init__(self, recorded: RecordedSession, team: Team, typist: str, seconds: int):
        super().__init__(recorded)
        self.team, self.typist = team, typist
        self.countdown = Countdown(seconds)
        self.time_up = False
        self._began = 0.0
        self._clock: Timer | None = None

    async def on_mount(self) -> None:
        """Runs before PlayScreen's own on_mount (Textual calls both, the subclass first)."""
        await self.query_one("#side").mount(BigCountdown(id="perform-clock"), before=0)
        self._began = self.app.clock()
        self._clock = self.set_interval(TICK_SECONDS, self._tick)
        self._tick()
        self.call_later(self._name_screen)

    def _name_screen(self) -> None:
        self.sub_title = f"{self.team.name} 表演 · 打字: {self.typist}"
        self.query_one("#to-debrief", Button).label = "返回演练看板 Enter"

    def _tick(self) -> None:
        elapsed = self.app.clock() - self._began
        left, over = self.countdown.remaining(elapsed), self.countdown.over(elapsed)
        if self.session.finished:
            self.query_one(BigCountdown).show(f"{self.team.name} · 表演结束", left, False)
            self._clock.stop()
            return
        caption = f"{self.team.name} · " + ("Esc 结束表演" if over else "表演")
        self.query_one(BigCountdown).show(caption, left, over)
        if over and not self.time_up:
            self.time_up = True
            self.add_class("-time-up")
            self.notify(TIME_UP_NOTE, severity="warning", timeout=8)

    @on(Button.Pressed, "#to-debrief")
    def _back_clicked(self, event: Button.Pressed) -> None:
        event.prevent_default()  # PlayScreen's own handler would open the self-study debrief
        self.action_debrief()

    def action_debrief(self) -> None:
        self.app.pop_screen()

    def action_leave(self) -> None:
        if self.session.finished:
            self.app.pop_screen()
        elif self.time_up:
            self._stop()
        else:
            question = f"结束{self.team.name}的表演?\n还没走到结局,这次表演会记为未完成,观察员和培训师仍可评分。"
            self.app.push_screen(ConfirmScreen(question, "结束表演", "继续表演"), lambda stop: stop and self._stop())

    def _stop(self) -> None:
        self.recorded.abandon()
        self.app.pop_screen()


class TypistScreen(ModalScreen[str | None]):
    """Which member types this time; the session is recorded under their name."""

    CSS_PATH = "drill_play.tcss"
    BINDINGS = [Binding("escape", "dismiss", "取消")]

    def __init__(self, team: Team):
        super().__init__()
        self.team = team

    def compose(self) -> ComposeResult:
        with Vertical(id="typist", classes="drill-dialog"):
            yield Prose(f"{self.team.name}: 谁来打字?(Enter 选定)", classes="dialog-title")
            yield OptionList(*(Option(name, id=name) for name in self.team.members), id="typist-list")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

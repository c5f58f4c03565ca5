"""The trainer's sign-in in a browser tab: the server's trainer password or its one-time code.

A tab of ``trainer serve`` starts as a trainee; only this dialog raises it to the trainer role
(``trainer.classroom.access.trainer_sign_in`` checks the secret), and only for this tab.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from trainer.classroom.access import MAX_SECRET, Role, SignInError, trainer_sign_in
from trainer.tui.widgets.inputs import TrainerInput
from trainer.tui.widgets.prose import Prose

HELP = "输入服务器上设置的培训师密码,或启动 trainer serve 时打印的一次性口令。"


class TrainerSignInScreen(ModalScreen[bool]):
    CSS_PATH = "trainer_sign_in.tcss"
    BINDINGS = [Binding("escape", "dismiss(False)", "取消")]

    def compose(self) -> ComposeResult:
        with Vertical(id="trainer-sign-in"):
            yield Prose(Text("培训师登录", "bold"), classes="sign-in-title")
            yield Prose(HELP, classes="sign-in-help")
            with Horizontal(classes="sign-in-row"):
                yield Label("密码或口令", classes="sign-in-label")
                yield TrainerInput(id="trainer-secret", password=True, compact=True, max_length=MAX_SECRET)
            yield Static(id="sign-in-error")
            with Horizontal(classes="sign-in-buttons"):
                yield Button("登录 Enter", id="sign-in-ok", variant="primary", compact=True)
                yield Button("取消 Esc", id="sign-in-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#trainer-secret").focus()

    @on(TrainerInput.Submitted, "#trainer-secret")
    @on(Button.Pressed, "#sign-in-ok")
    def _submit(self) -> None:
        box = self.query_one("#trainer-secret", TrainerInput)
        try:
            trainer_sign_in(self.app.store, box.value)
        except SignInError as error:
            box.value = ""
            message = self.query_one("#sign-in-error", Static)
            message.update(str(error))
            message.display = True
            return
        self.app.role = Role.TRAINER
        self.dismiss(True)

    @on(Button.Pressed, "#sign-in-cancel")
    def _cancel(self) -> None:
        self.dismiss(False)

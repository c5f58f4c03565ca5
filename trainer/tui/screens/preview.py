"""Author preview: play a scenario file while editing it; every save reloads it and replays the talk.

As in Inky, the author does not start over after each change. The file is polled; when it
changes it is linted and, if it still loads, a fresh session is fed the replies typed so far, so
the conversation comes back to the same point with the new wording and branches. When it does
not load, the last good version keeps running and the lint panel says what is wrong and where.
Nothing here touches the trainee's records: an author trying lines out is not training.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from trainer.dialogue.engine import PRACTICE, Session
from trainer.authoring.lint import context_from_rubrics, lint_file
from trainer.dialogue.playback import final_score
from trainer.located.problems import ERROR, Problem
from trainer.dialogue.scenario import Scenario
from trainer.scoring.scorer import Scorer
from trainer.tui.labels import KIND_NAMES
from trainer.tui.screens.play import PlayScreen
from trainer.tui.widgets.chat import ChatLog
from trainer.tui.widgets.customer_card import CustomerCard, card
from trainer.tui.widgets.inputs import TrainerInput
from trainer.tui.widgets.lint_panel import LintPanel
from trainer.tui.widgets.title_bar import TitleBar
from trainer.tui.widgets.key_bar import KeyBar

POLL_SECONDS = 0.5
WAITING = "这个文件还不能载入,没有可以试玩的版本。按下面的提示改好并保存,预览会自动打开。"


def replay(scenario: Scenario, scorer: Scorer, replies: list[str]) -> Session:
    """A fresh session fed the same replies, until they run out or this version reaches an ending."""
    session = Session(scenario, scorer, PRACTICE)
    for reply in replies:
        if session.finished:
            break
        session.reply(reply)
    return session


class ScenarioWatch:
    """One scenario file: has it changed since last looked at, and what does it give now.

    Textual has no file watcher; a stat of modification time and size twice a second is cheap and
    also notices editors that save by writing a new file and renaming it over the old one.
    """

    def __init__(self, path: Path, scorer: Scorer):
        self.path = path
        self.scorer = scorer
        self._context = context_from_rubrics(scorer.rubrics)
        self._stamp = self._read_stamp()

    def _read_stamp(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    def changed(self) -> bool:
        stamp = self._read_stamp()
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        return True

    def load(self, replies: list[str]) -> tuple[list[Problem], Session | None]:
        """Lint problems as ``trainer lint`` reports them, and, when the file loads, ``replies`` replayed on it."""
        try:
            problems, scenario = lint_file(self.path, self._context)
            return problems, None if scenario is None else replay(scenario, self.scorer, replies)
        except Exception as exc:  # whatever a half-written file holds, the preview must stay up
            return [Problem(str(self.path), 1, 1, ERROR, f"预览出错 / preview failed: {exc!r}", "internal")], None


class Unrecorded:
    """What ``PlayScreen`` plays through, without the records store behind it."""

    def __init__(self, session: Session):
        self.session = session

    def reply(self, text: str) -> dict:
        return self.session.reply(text)

    def hint(self) -> str:
        return self.session.hint()


def preview_screen(path: Path, scorer: Scorer) -> Screen:
    """The preview of ``path``; while the file has never loaded, a screen that waits for it to."""
    watch = ScenarioWatch(path, scorer)
    problems, session = watch.load([])
    return PreviewWaitScreen(watch, problems) if session is None else PreviewScreen(watch, session, problems)


class PreviewScreen(PlayScreen):
    """The play screen on a file being edited, with its lint problems and a status line beneath."""

    CSS_PATH = ["play.tcss", "preview.tcss"]
    BINDINGS = [
        Binding("f9", "reload", "重新载入"),
        Binding("ctrl+r", "restart", "重新开始"),
        Binding("f7", "graph", "情景图"),
        Binding("escape", "app.quit", "退出"),
    ]

    def __init__(self, watch: ScenarioWatch, session: Session, problems: list[Problem]):
        super().__init__(Unrecorded(session))
        self.watch = watch
        self.problems = problems
        self._loaded = datetime.now()
        self._stale = False  # the file stopped loading; the last good version is still the one playing

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, Footer):
                yield LintPanel(id="preview-lint")
                yield Static(id="preview-status")
            yield widget

    def on_mount(self) -> None:
        """Runs before PlayScreen's on_mount (Textual calls each class's handler, subclass first)."""
        self.query_one("#to-debrief", Button).label = "重新开始 Ctrl+R"
        self.query_one(LintPanel).show(self.problems)
        self.set_interval(POLL_SECONDS, self._poll)

    def _poll(self) -> None:
        if self.watch.changed():
            self.action_reload()

    def _show_status(self) -> None:
        """PlayScreen calls this after every reply and every second; the preview line rides along."""
        super()._show_status()
        self.sub_title = "作者预览 · 不记入练习记录"  # PlayScreen.on_mount put the practice mode there
        session, loaded = self.session, self._loaded.strftime("%H:%M:%S")
        if self._stale:
            text = Text(f"✗ 文件有错误,仍在运行 {loaded} 载入的版本", "bold red")
        else:
            text = Text(f"✓ {loaded} 已载入", "green")
        if session.finished:
            ending = session.ending
            text.append(f"  结局 {ending.id}({KIND_NAMES[ending.kind]}) · 得分 {final_score(session).total}")
        else:
            text.append(f"  节点 {session.state.node}")
        text.append(f"  {self.watch.path}", "dim")
        self.query_one("#preview-status", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "debrief":
            return False  # nothing is stored, so there is no debrief; the ending shows in the chat
        return super().check_action(action, parameters)

    @on(Button.Pressed, "#to-debrief")
    def _restart_pressed(self, event: Button.Pressed) -> None:
        event.prevent_default()  # PlayScreen's handler would open the debrief of a stored session
        self.action_restart()

    def action_reload(self) -> None:
        replies = [turn["reply"] for turn in self.session.state.turns]
        problems, session = self.watch.load(replies)
        self.problems = problems
        self.query_one(LintPanel).show(problems)
        self._stale = session is None
        if session is None:
            self.notify("文件有错误,继续运行上一个能载入的版本。", severity="error")
        else:
            self._loaded = datetime.now()
            self._use(session)
            note = f"已重新载入,重放了 {session.turn_number} 句"
            if session.turn_number < len(replies):
                note += f";新版本在这里就结束了,后面 {len(replies) - session.turn_number} 句没有用上"
            self.notify(note)
        self._show_status()

    def action_restart(self) -> None:
        self._use(replay(self.session.scenario, self.session.scorer, []))
        self._show_status()
        self.notify("已重新开始对话")

    def action_graph(self) -> None:
        from trainer.tui.screens.graph_view import GraphViewScreen

        state = self.session.state
        self.app.push_screen(GraphViewScreen(self.session.scenario, state.ending or state.node))

    def _use(self, session: Session) -> None:
        """Play another session in place: chat redrawn from its turns, customer, mood and keys updated."""
        self.recorded, self.session, self._hint = Unrecorded(session), session, None
        scenario, state = session.scenario, session.state
        self.title = scenario.title
        self.query_one(CustomerCard).update(card(scenario.customer))
        chat = self.query_one(ChatLog)
        chat.remove_children()
        for turn in state.turns:
            chat.add_customer(scenario.customer.name, turn["customer"])
            chat.add_trainee(turn["reply"], turn["forbidden"])
        chat.add_customer(scenario.customer.name, state.line)
        self._show_mood(state.turns[-1]["mood_before"] if state.turns else state.mood)
        self._show_advice(self.query_one("#reply", TrainerInput).value)
        if self._timer is not None:
            self._timer.stop()
        if session.finished:
            self._finish()
            return
        self.remove_class("-finished")
        self._timer = self.set_interval(1, self._show_status)
        self.query_one("#reply").focus()
        self.refresh_bindings()


class PreviewWaitScreen(Screen):
    """Until the file has loaded once there is nothing to play: its problems, and a wait for the fix."""

    CSS_PATH = "preview.tcss"
    BINDINGS = [
        Binding("f9", "reload", "重新载入"),
        Binding("escape", "app.quit", "退出"),
    ]

    def __init__(self, watch: ScenarioWatch, problems: list[Problem]):
        super().__init__()
        self.watch = watch
        self.problems = problems

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(WAITING, id="preview-waiting")
        yield LintPanel(id="preview-lint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "作者预览"
        self.sub_title = str(self.watch.path)
        self.query_one(LintPanel).show(self.problems)
        self.set_interval(POLL_SECONDS, self._poll)

    def _poll(self) -> None:
        if self.watch.changed():
            self.action_reload()

    def action_reload(self) -> None:
        problems, session = self.watch.load([])
        if session is None:
            self.query_one(LintPanel).show(problems)
        else:
            self.app.switch_screen(PreviewScreen(self.watch, session, problems))

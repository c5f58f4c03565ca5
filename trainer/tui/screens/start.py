"""The first screen: who is training, what to practise, in which mode, and what was left unfinished.

Signing in is a staff number and its PIN (``trainer.classroom.access``); the first sign-in with a
number sets the PIN. A browser tab starts signed out and as a trainee, so the drill and report keys
are hidden there until the trainer signs in with Ctrl+L.

It is interactive before the catalog has loaded: the trainee can type their name while the
scenarios load in the app's worker. Only what the first keystroke needs is composed up front;
the key bar, the mode switch and the resume bar follow right after the first paint, and the
scenario list when there are scenarios to list, since every Textual widget type costs start-up
time.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import MountError
from textual.widgets import Button, Label, OptionList, RadioButton, RadioSet, Static

from trainer.classroom.access import Permission, Role, SignInError, has_pin
from trainer.store import SessionRecord
from trainer.tui.labels import MODE_NAMES, local_time
from trainer.tui.widgets.inputs import TrainerInput
from trainer.tui.widgets.prose import Prose
from trainer.tui.widgets.scenario_detail import ScenarioDetail
from trainer.tui.widgets.scenario_list import ScenarioList
from trainer.tui.widgets.title_bar import TitleBar
from trainer.tui.widgets.key_bar import KeyBar

LOADING = "正在载入情景…"


class StartScreen(Screen):
    CSS_PATH = "start.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]
    BINDINGS = [
        Binding("enter", "start", "开始", priority=True),
        Binding("f2", "toggle_mode", "练习/考核"),
        Binding("f3", "resume", "继续"),
        Binding("f4", "history", "历史"),
        Binding("f5", "drills", "演练"),
        Binding("f6", "report", "报告"),
        Binding("ctrl+l", "trainer", "培训师登录"),
        Binding("f7", "graph", "情景图", show=False),
        Binding("slash,ctrl+f", "search", "搜索", key_display="/"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._unfinished: list[SessionRecord] = []

    def compose(self) -> ComposeResult:
        trainee = self.app.trainee
        yield TitleBar()
        with Horizontal(id="trainee"):
            yield Label("姓名", classes="field")
            yield TrainerInput(trainee.name if trainee else "", placeholder="你的姓名", id="name", compact=True)
            yield Label("工号", classes="field")
            yield TrainerInput((trainee.staff_no or "") if trainee else "", id="staff", compact=True,
                               placeholder="必填" if self.app.served else "选填")
            yield Label("PIN", classes="field")
            yield TrainerInput(placeholder="4-8位数字", id="pin", password=True, compact=True, max_length=8)
        yield TrainerInput(placeholder="搜索情景: 标题、岗位、难度、关键词  (/)", id="search", compact=True)
        with Horizontal(id="body"):
            yield Static(LOADING, id="loading")

    def on_mount(self) -> None:
        self.query_one("#search" if self.app.trainee else "#name").focus()
        self.call_after_refresh(self._finish_layout)

    async def _finish_layout(self) -> None:
        await self.query_one("#trainee").mount(
            RadioSet(RadioButton("练习", value=True, id="practice"), RadioButton("考核", id="exam"), id="mode",
                     compact=True))
        await self.mount(Horizontal(Static(id="resume-text"), Button("继续 F3", id="resume-button", compact=True),
                                    id="resume"), KeyBar())
        self._show_trainee()
        self.watch(self.app, "catalog", self._catalog_loaded)

    def on_screen_resume(self) -> None:
        if self.query("#resume"):
            self._show_trainee()

    @property
    def mode(self) -> str:
        exam = self.query("#exam")
        return "exam" if exam and exam.first().value else "practice"

    @property
    def scenarios(self) -> ScenarioList | None:
        found = self.query(ScenarioList)
        return found.first() if found else None

    async def _catalog_loaded(self, catalog) -> None:
        if catalog is None:
            return
        try:
            if self.scenarios is None:
                await self._mount_list()
            self.scenarios.show(catalog.library.scenarios.values(), self.query_one("#search", TrainerInput).value)
            await self._show_problems(catalog.library.problems)
        except MountError:
            return  # the catalog arrived while the app was closing
        self._show_trainee()

    async def _mount_list(self) -> None:
        await self.query_one("#body").mount(ScenarioList(id="scenarios"), ScenarioDetail(id="detail"))
        await self.query_one("#loading").remove()
        search = self.query_one("#search", TrainerInput)
        if self.app.trainee and self.focused is search and not search.value:
            self.scenarios.focus()

    async def _show_problems(self, problems) -> None:
        await self.query("#problems").remove()
        if not problems:
            return
        text = Text.assemble((f"有 {len(problems)} 处情景文件问题,相关情景已跳过,其他情景照常可练:\n", "bold"))
        for problem in problems:
            text.append(f"{Path(problem.file).name}:{problem.line}  {problem.message}\n")
        text.rstrip()
        await self.mount(Prose(text, id="problems"), before="#resume")

    def _show_trainee(self) -> None:
        trainee = self.app.trainee
        if trainee is None:
            self.sub_title = "请填写工号和 PIN 登录" if self.app.served else "请先填写姓名"
        else:
            self.sub_title = f"学员 {trainee.name}" + (f" ({trainee.staff_no})" if trainee.staff_no else "")
        if self.app.served and self.app.role is Role.TRAINER:
            self.sub_title += " · 培训师"
        self._unfinished = self.app.store.unfinished_sessions(trainee.id) if trainee else []
        self.query_one("#resume").display = bool(self._unfinished)
        self.refresh_bindings()
        if self._unfinished:
            latest = self._unfinished[0]
            text = Text.assemble(("未完成: ", "bold"))
            text.append(f"{self.app.scenario_title(latest.scenario_id)}  {MODE_NAMES[latest.mode]}  "
                        f"已答 {len(latest.turns or ())} 轮  {local_time(latest.started_at)}")
            if len(self._unfinished) > 1:
                text.append(f"  (另有 {len(self._unfinished) - 1} 个,见历史记录)", "dim")
            self.query_one("#resume-text", Static).update(text)

    def _signed_in(self) -> bool:
        """Sign in with what is in the fields, unless they already name who is signed in."""
        name_box, staff_box, pin_box = (self.query_one(f"#{i}", TrainerInput) for i in ("name", "staff", "pin"))
        name, staff = name_box.value.strip(), staff_box.value.strip()
        trainee = self.app.trainee
        if trainee is not None and name in ("", trainee.name) and (trainee.staff_no or "") == staff:
            return True
        try:
            trainee = self.app.login(name, staff, pin_box.value)
        except SignInError as error:
            self.notify(str(error), severity="warning", timeout=8)
            (name_box if not name and not staff else staff_box if not staff else pin_box).focus()
            return False
        finally:
            pin_box.value = ""
        name_box.value = trainee.name
        self._show_trainee()
        return True

    @on(TrainerInput.Changed, "#search")
    def _filter(self, event: TrainerInput.Changed) -> None:
        if self.scenarios is not None:
            self.scenarios.show(self.app.catalog.library.scenarios.values(), event.value)

    @on(TrainerInput.Submitted, "#name")
    def _name_done(self) -> None:
        self.query_one("#staff").focus()

    @on(TrainerInput.Submitted, "#staff")
    def _staff_done(self, event: TrainerInput.Submitted) -> None:
        """The PIN box is next when a PIN is asked for; the terminal's user may go without until one is set."""
        staff = event.value.strip()
        if not self.query_one("#pin", TrainerInput).value and (self.app.served or (staff and has_pin(self.app.store, staff))):
            self.query_one("#pin").focus()
        else:
            self._fields_done()

    @on(TrainerInput.Submitted, "#pin")
    @on(TrainerInput.Submitted, "#search")
    def _fields_done(self) -> None:
        if self._signed_in() and self.scenarios is not None:
            self.scenarios.focus()

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one(ScenarioDetail).show(self.app.catalog.library.get(event.option.id or ""))

    @on(OptionList.OptionSelected, "#scenarios")
    def _selected(self) -> None:
        self.action_start()

    @on(RadioSet.Changed, "#mode")
    def _mode_changed(self) -> None:
        self.notify(f"已切换到{MODE_NAMES[self.mode]}模式" + ("" if self.mode == "practice" else ": 没有提示和实时纠错"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter starts a scenario only from the list; in the fields it moves on to the next field."""
        if action == "start":
            return True if isinstance(self.focused, ScenarioList) else None
        if action == "resume":
            return bool(self._unfinished)
        if action in ("drills", "report"):
            return self.app.allows(Permission.DRILLS if action == "drills" else Permission.REPORTS)
        if action == "trainer":
            return self.app.served and self.app.role is Role.TRAINEE
        return True

    def action_start(self) -> None:
        scenario_id = self.scenarios.selected_id if self.scenarios else None
        if scenario_id is None:
            self.notify("请先选择一个情景。", severity="warning")
        elif self._signed_in():
            self.app.start_session(scenario_id, self.mode)

    def action_toggle_mode(self) -> None:
        if self.query("#mode"):
            self.query_one("#practice" if self.mode == "exam" else "#exam", RadioButton).value = True

    @on(Button.Pressed, "#resume-button")
    def action_resume(self) -> None:
        if not self._signed_in():
            return
        if not self._unfinished:
            self.notify("没有未完成的练习。")
        elif self.app.catalog is None:
            self.notify("情景还在载入,请稍候。")
        else:
            self.app.resume_session(self._unfinished[0])

    def action_history(self) -> None:
        if self._signed_in():
            self.app.open_history()

    def action_drills(self) -> None:
        self.app.open_drills()

    def action_report(self) -> None:
        self.app.open_report()

    def action_trainer(self) -> None:
        from trainer.tui.screens.trainer_sign_in import TrainerSignInScreen

        def signed_in(ok: bool | None) -> None:
            if ok:
                self.refresh_bindings()
                self._show_trainee()
                self.notify("已切换为培训师身份: F5 演练、F6 报告已可用。")

        self.app.push_screen(TrainerSignInScreen(), signed_in)

    def action_graph(self) -> None:
        from trainer.tui.screens.graph_view import GraphViewScreen

        scenario_id = self.scenarios.selected_id if self.scenarios else None
        if scenario_id is None:
            self.notify("请先选择一个情景。", severity="warning")
        else:
            self.app.push_screen(GraphViewScreen(self.app.catalog.library.get(scenario_id)))

    def action_search(self) -> None:
        self.query_one("#search").focus()

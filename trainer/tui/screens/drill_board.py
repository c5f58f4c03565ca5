"""The drill board: every team's phase (prep countdown → performance → done) on a screen a
projector can show, and the keys that move the drill on.

The countdowns read the app's clock (a fake one in tests) on a short interval, and the core's
``Countdown`` says what is left. Whether a team has performed comes from the store, refreshed
every two seconds, so a performance played in a browser shows up here too and a drill reopened
next week still knows who played.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer

from trainer.classroom.drill import Countdown, DrillPlan, Team
from trainer.store import SessionRecord
from trainer.tui.labels import KIND_STYLES, kind_name
from trainer.tui.screens.drill_labels import duration, score_text
from trainer.tui.widgets.countdown import BigCountdown
from trainer.tui.widgets.prose import Prose
from trainer.tui.widgets.title_bar import TitleBar

TICK_SECONDS, REFRESH_SECONDS = 0.25, 2
PREPARING = "准备中"


class DrillBoardScreen(Screen):
    CSS_PATH = "drill_board.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("enter", "perform", "开始表演", priority=True),
        Binding("p", "prep", "开始准备"),
        Binding("a", "prep_all", "全组开始准备"),
        Binding("o", "observe", "观察员评分"),
        Binding("t", "override", "培训师调整"),
        Binding("s", "scoreboard", "计分板"),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self, plan: DrillPlan):
        super().__init__()
        self.plan = plan
        self._prep_started: dict[str, float] = {}
        self._latest: dict[str, SessionRecord] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="board-main"):
            yield DataTable(id="board-teams", cursor_type="row", zebra_stripes=True)
            with Vertical(id="board-side"):
                yield BigCountdown(id="board-clock")
                yield Prose(id="board-scenario")
        yield Footer()

    def on_mount(self) -> None:
        plan = self.plan
        self.title = f"课堂演练: {plan.title}"
        observers = "、".join(plan.observers) or "其余学员"
        self.sub_title = f"准备 {duration(plan.prep_seconds)} · 表演 {duration(plan.perform_seconds)} · 观察员: {observers}"
        table = self.query_one(DataTable)
        table.border_title = "各组"
        for label, key in (("组", "team"), ("成员", "members"), ("情景", "scenario"), ("阶段", "phase")):
            table.add_column(label, key=key)
        for team in plan.teams:
            # Text, not str: DataTable reads a plain string as markup, and names are typed by people.
            table.add_row(Text(team.name, "bold"), Text("、".join(team.members) or "-"),
                          Text(self.app.scenario_title(team.scenario_id)), "", key=team.name)
        self._load_sessions()
        self._show_scenario()
        self.set_interval(TICK_SECONDS, self._tick)
        self.set_interval(REFRESH_SECONDS, self._load_sessions)
        table.focus()

    def on_screen_resume(self) -> None:
        self._load_sessions()

    def _load_sessions(self) -> None:
        latest: dict[str, SessionRecord] = {}
        for record in self.app.store.list_sessions(drill_id=self.plan.id):  # newest first
            latest.setdefault(record.team or "", record)
        self._latest = latest
        self._tick()

    @property
    def team(self) -> Team:
        return self.plan.teams[self.query_one(DataTable).cursor_row]

    def _phase(self, team: Team) -> tuple[Text, int | None, bool]:
        """The team's phase in its colour, the seconds its clock shows (None: no clock), and whether
        its time is up."""
        record = self._latest.get(team.name)
        if record is not None and record.finished_at is None:
            return Text("表演中", "bold yellow"), None, False
        if record is not None:
            text = Text(f"已表演 · {kind_name(record.ending_kind)}", KIND_STYLES.get(record.ending_kind or "", ""))
            if record.score is not None:
                text.append(f" {score_text(record.score)} 分")
            return text, None, False
        started = self._prep_started.get(team.name)
        if started is None:
            return Text("待准备", "dim"), self.plan.prep_seconds, False
        elapsed, countdown = self.app.clock() - started, Countdown(self.plan.prep_seconds)
        if countdown.over(elapsed):
            return Text("准备时间到 · 待表演", "bold red"), 0, True
        return Text(PREPARING, "bold green"), countdown.remaining(elapsed), False

    def _tick(self) -> None:
        """Teams preparing at once each show their time in the table; the big clock is the selected team's."""
        table = self.query_one(DataTable)
        for team in self.plan.teams:
            phase, seconds, _ = self._phase(team)
            if phase.plain == PREPARING:
                phase.append(f" {Countdown.label(seconds)}")
            table.update_cell(team.name, "phase", phase, update_width=True)
        team = self.team
        phase, seconds, over = self._phase(team)
        self.query_one(BigCountdown).show(f"{team.name} · {phase.plain}", seconds, over)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._tick()
        self._show_scenario()

    def _show_scenario(self) -> None:
        """The class reads the situation it prepares for while the clock runs."""
        team = self.team
        scenario = self.app.catalog.library.get(team.scenario_id) if self.app.catalog else None
        text = Text.assemble((self.app.scenario_title(team.scenario_id), "bold"))
        if scenario is not None:
            text.append(f"\n{scenario.role} · 客户: {scenario.customer.name}\n\n{scenario.summary}")
        self.query_one("#board-scenario", Prose).update(text)

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_perform()

    def action_prep(self) -> None:
        self._prep_started[self.team.name] = self.app.clock()
        self._tick()

    def action_prep_all(self) -> None:
        now = self.app.clock()
        for team in self.plan.teams:
            if team.name not in self._latest:
                self._prep_started.setdefault(team.name, now)
        self._tick()

    def action_perform(self) -> None:
        from trainer.tui.screens.drill_play import TypistScreen

        team = self.team
        if len(team.members) > 1:
            self.app.push_screen(TypistScreen(team), lambda typist: typist and self._perform(team, typist))
        else:
            self._perform(team, team.members[0] if team.members else team.name)

    def _perform(self, team: Team, typist: str) -> None:
        """The typist's session carries the team and the drill, so the scoreboard and reports find it.

        It runs in exam mode: the class is watching a performance, so the live coaching and the
        reference replies that would prompt the typist stay hidden (the wrap-up shows them).
        """
        from trainer.dialogue.engine import EXAM
        from trainer.dialogue.recording import RecordedSession
        from trainer.tui.screens.drill_play import DrillPlayScreen

        catalog, store = self.app.catalog, self.app.store
        scenario = catalog.library.get(team.scenario_id) if catalog else None
        if scenario is None:
            self.notify(f"情景 {team.scenario_id} 当前无法载入。", severity="error")
            return
        trainee = store.upsert_trainee(typist, remember=False)
        recorded = RecordedSession.start(scenario, catalog.scorer, store, trainee.id, EXAM, team=team.name,
                                         drill_id=self.plan.id)
        self.app.push_screen(DrillPlayScreen(recorded, team, typist, self.plan.perform_seconds))

    def action_observe(self) -> None:
        from trainer.tui.screens.drill_observe import open_observer_sheet

        open_observer_sheet(self.app, self.plan, self.team)

    def action_override(self) -> None:
        from trainer.tui.screens.drill_override import OverrideScreen

        self.app.push_screen(OverrideScreen(self.plan, self.team.name))

    def action_scoreboard(self) -> None:
        from trainer.tui.screens.drill_scoreboard import ScoreboardScreen

        self.app.push_screen(ScoreboardScreen(self.plan))

    def action_back(self) -> None:
        self.app.pop_screen()

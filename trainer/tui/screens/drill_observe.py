"""An observer's sheet for one team: tick the key points the team showed and add a comment.

The items are the core's ``checklist`` (the scenario's key points, as the course teaches them);
``record_observation`` turns the ticks into the observer's score and stores it beside the
automatic score, never in its place. Each observer fills in a sheet of their own and picks their
name from the drill's observers (a drill that names none takes a typed name); saving again
replaces that observer's earlier sheet on the scoreboard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, Static, TextArea

from trainer.classroom.drill import ChecklistItem, DrillPlan, Team, checklist, record_observation
from trainer.tui.widgets.inputs import TrainerInput
from trainer.tui.widgets.prose import Prose
from trainer.tui.widgets.tick_box import TickBox

if TYPE_CHECKING:
    from trainer.dialogue.scenario import Scenario


def open_observer_sheet(app: App, plan: DrillPlan, team: Team) -> None:
    from trainer.dialogue.engine import understanding_for

    catalog = app.catalog
    scenario = catalog.library.get(team.scenario_id) if catalog else None
    if scenario is None:
        app.notify(f"情景 {team.scenario_id} 当前无法载入,暂时不能评分。", severity="error")
        return
    items = checklist(scenario, understanding_for(scenario, catalog.scorer))

    def saved(score: float | None) -> None:
        if score is not None:
            app.notify(f"已保存{team.name}的观察员评分: {score:g} 分")

    app.push_screen(ObserverSheet(plan, team, scenario, items), saved)


class ObserverSheet(ModalScreen[float | None]):
    CSS_PATH = "drill_observe.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "保存评分"),
        Binding("escape", "dismiss", "取消"),
    ]

    def __init__(self, plan: DrillPlan, team: Team, scenario: Scenario, items: list[ChecklistItem]):
        super().__init__()
        self.plan, self.team, self.scenario, self.items = plan, team, scenario, items

    def compose(self) -> ComposeResult:
        with Vertical(id="observe"):
            yield Prose(Text.assemble((f"观察员评分 · {self.team.name}", "bold"), f"  {self.scenario.title}"),
                        classes="sheet-title")
            with Horizontal(classes="sheet-row"):
                yield Label("观察员", classes="sheet-label")
                if self.plan.observers:
                    yield Select([(name, name) for name in self.plan.observers], prompt="选择你的名字",
                                 id="observer-name", compact=True)
                else:
                    yield TrainerInput(placeholder="你的姓名", id="observer-name", compact=True)
            yield Label("这一组做到了哪些要点 (空格或点击勾选)", classes="sheet-label")
            with VerticalScroll(id="observer-items"):
                for item in self.items:
                    yield TickBox(Text(item.name), compact=True)
                if not self.items:
                    yield Static("这个情景没有列出要点,请在点评里写下看法。", classes="sheet-empty")
            yield Label("点评", classes="sheet-label")
            yield TextArea(id="observer-comment", placeholder="说得好的地方、可以改进的地方…", compact=True)
            yield Static(id="observer-error")
            with Horizontal(classes="sheet-buttons"):
                yield Button("保存 Ctrl+S", id="observer-save", variant="primary", compact=True)
                yield Button("取消 Esc", id="observer-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).cursor_blink = getattr(self.app, "cursor_blink", True)
        self.query_one("#observer-name").focus()

    @on(TrainerInput.Submitted, "#observer-name")
    def _name_done(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#observer-save")
    def action_save(self) -> None:
        marks = {item.id: box.value for item, box in zip(self.items, self.query(TickBox))}
        observer = self.query_one("#observer-name").value
        try:
            score = record_observation(self.app.store, self.plan, self.team.name,
                                       "" if observer is Select.NULL else observer, marks, self.query_one(TextArea).text)
        except ValueError as error:
            message = self.query_one("#observer-error", Static)
            message.update(str(error))
            message.display = True
            return
        self.dismiss(score)

    @on(Button.Pressed, "#observer-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

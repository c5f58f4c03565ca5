"""One team's annotated transcript for the wrap-up: what the observers ticked and said, the
trainer's override and why, then every reply with the engine's notes beside the reference.

The turn reviews are the debrief's own widgets over the stored session, so the class discusses
exactly what the scoreboard scored.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen

from trainer.classroom.drill import DrillPlan, TeamResult, checklist, scoreboard
from trainer.dialogue.engine import understanding_for
from trainer.store import SessionRecord
from trainer.tui.labels import kind_name
from trainer.tui.screens.debrief import breakdown
from trainer.tui.screens.drill_labels import score_text, standing
from trainer.tui.widgets.prose import Prose
from trainer.tui.widgets.title_bar import TitleBar
from trainer.tui.widgets.transcript import TurnReview
from trainer.tui.widgets.key_bar import KeyBar


def observations(result: TeamResult, names: dict[str, str]) -> Text:
    """Each observer's ticks (✓ done, ✗ missed), score and comment; ``names`` name the key points."""
    text = Text()
    for entry in result.observers:
        text.append(f"{entry['author']}  {score_text(entry['score'])} 分\n", "bold")
        for point, done in entry["marks"].items():
            text.append(f"  {'✓' if done else '✗'} {names.get(point, point)}\n", "green" if done else "red")
        if entry["comment"].strip():
            text.append(f"  点评: {entry['comment'].strip()}\n")
    text.rstrip()
    return text or Text("还没有观察员评分。", "dim")


class DrillReviewScreen(Screen):
    CSS_PATH = ["debrief.tcss", "drill_review.tcss"]
    BINDINGS = [Binding("escape", "back", "返回计分板")]

    def __init__(self, plan: DrillPlan, team: str):
        super().__init__()
        self.plan, self.team = plan, plan.team(team)

    def compose(self) -> ComposeResult:
        store, catalog = self.app.store, self.app.catalog
        result = next(r for r in scoreboard(store, self.plan) if r.team == self.team.name)
        scenario = catalog.library.get(self.team.scenario_id) if catalog else None
        record = self._performance(result)
        yield TitleBar()
        with VerticalScroll(id="review"):
            yield Prose(self._head(result), id="review-head")
            yield Prose(observations(result, self._point_names(scenario)), id="review-observers")
            yield Prose(Text("逐句复盘", "bold"), id="review-transcript-title")
            if record is None:
                yield Prose(Text("这个组还没有表演。", "dim"))
            else:
                if record.ending_kind is None or record.score is None:
                    yield Prose(Text("这次表演没有走到结局,下面是已经作答的部分。", "dim"))
                polite = [d for d in breakdown(record)["dimensions"] if d["id"] == "polite"]
                items = polite[0]["items"] if polite else []
                name = scenario.customer.name if scenario else "客户"
                for turn in (t.result for t in record.turns or ()):
                    yield TurnReview(turn, name, [i for i in items if i["turn"] == turn["index"]])
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = f"讲评: {self.team.name}"
        self.sub_title = f"{self.app.scenario_title(self.team.scenario_id)} · 成员: {'、'.join(self.team.members) or '-'}"
        self.query_one("#review-head").border_title = "得分"
        self.query_one("#review-observers").border_title = "观察员"
        self.query_one("#review").focus()

    def _head(self, result: TeamResult) -> Text:
        text = Text.assemble(("最终得分 ", "bold"), (score_text(result.final), "bold reverse"),
                             f"  ({result.final_source})   结局: {kind_name(result.ending_kind)}\n")
        text.append_text(standing(result))
        return text

    def _performance(self, result: TeamResult) -> SessionRecord | None:
        """The scored performance; failing that, the team's latest one (stopped when time was up)."""
        session_id = result.session_id
        if session_id is None:
            own = [r for r in self.app.store.list_sessions(drill_id=self.plan.id) if r.team == self.team.name]
            session_id = own[0].id if own else None
        return None if session_id is None else self.app.store.get_session(session_id)

    def _point_names(self, scenario) -> dict[str, str]:
        if scenario is None:
            return {}
        items = checklist(scenario, understanding_for(scenario, self.app.catalog.scorer))
        return {item.id: item.name for item in items}

    def action_back(self) -> None:
        self.app.pop_screen()

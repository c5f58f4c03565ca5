"""The debrief: how it ended and why, where the points went, and every reply reviewed.

Built from the stored session only (its summary and turn records), so a debrief reopened from
the history a month later reads exactly as it did when the session ended.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Digits, Footer

from trainer.store import ABANDONED, SessionRecord
from trainer.tui.labels import KIND_MARKS, KIND_STYLES, MODE_NAMES, kind_name, local_time, signed
from trainer.tui.widgets.prose import Prose
from trainer.tui.widgets.score_bars import ScoreBars
from trainer.tui.widgets.title_bar import TitleBar
from trainer.tui.widgets.transcript import TurnReview

if TYPE_CHECKING:
    from trainer.dialogue.scenario import Scenario


def breakdown(record: SessionRecord) -> dict:
    """A finished session carries its score; an abandoned one is scored as far as it got."""
    if record.summary:
        return record.summary["breakdown"]
    from trainer.dialogue.session_score import score_session

    return score_session([t.result for t in record.turns or ()], None, record.state.get("hints", 0)).to_json()


class DebriefScreen(Screen):
    CSS_PATH = "debrief.tcss"
    BINDINGS = [
        Binding("r", "retry", "再练一次"),
        Binding("escape,o", "other", "换个情景"),
        Binding("f4", "history", "历史记录"),
    ]

    def __init__(self, record: SessionRecord, scenario: Scenario | None):
        super().__init__()
        self.record = record
        self.scenario = scenario
        self.score = breakdown(record)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="debrief"):
            yield Prose(self._ending_text(), id="ending")
            with Horizontal(id="score-row"):
                yield Digits(str(self.score["total"]), id="total")
                yield ScoreBars(id="bars")
            yield Prose(self._overall_text(), id="overall")
            yield Prose(Text("逐句复盘", "bold"), id="transcript-title")
            name = self.scenario.customer.name if self.scenario else "客户"
            polite_items = [d for d in self.score["dimensions"] if d["id"] == "polite"]
            items = polite_items[0]["items"] if polite_items else []
            for turn in (t.result for t in self.record.turns or ()):
                yield TurnReview(turn, name, [i for i in items if i["turn"] == turn["index"]])
        with Horizontal(id="actions"):
            yield Button("再练一次 R", id="retry", variant="primary", compact=True)
            yield Button("换个情景 Esc", id="other", compact=True)
            yield Button("历史记录 F4", id="history", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        record = self.record
        self.title = f"复盘: {self.scenario.title if self.scenario else record.scenario_id}"
        self.sub_title = f"{MODE_NAMES.get(record.mode, record.mode)}模式  {local_time(record.started_at)}"
        self.query_one(ScoreBars).dimensions = self.score["dimensions"]
        ending = self.query_one("#ending")
        ending.border_title = "结局"
        ending.add_class(f"-{record.ending_kind or 'unfinished'}")
        self.query_one("#score-row").border_title = "总分与构成"
        self.query_one("#debrief").focus()

    def _ending_text(self) -> Text:
        from trainer.dialogue.engine import find_ending

        record = self.record
        kind = record.ending_kind
        ending = find_ending(self.scenario, record.ending_id)
        stored = (record.summary or {}).get("ending") or {}
        title = ending.title if ending else stored.get("title", "")
        style = f"bold {KIND_STYLES.get(kind or '', '')}"
        text = Text.assemble((f"{KIND_MARKS.get(kind or '', '')} {kind_name(kind)}", style))
        if title:
            text.append(f": {title}", "bold")
        debrief = stored.get("debrief") or (ending.debrief if ending else "")
        if debrief:
            text.append(f"\n{debrief}")
        elif kind == ABANDONED or kind is None:
            text.append("\n这次练习没有走到结局,下面是已经作答的部分。")
        turns = record.turns or ()
        if turns and turns[-1].result["because"]:
            text.append("\n\n最后一步: ", "bold")
            text.append(turns[-1].result["because"])
        return text

    def _overall_text(self) -> Text:
        """Score items that belong to no single turn (outcome, a clean record, hints, the failure cap)."""
        text = Text()
        items = [i for d in self.score["dimensions"] for i in d["items"] if i["turn"] is None]
        for item in items + self.score["adjustments"]:
            style = "green" if item["points"] > 0 else "red" if item["points"] < 0 else "yellow"
            text.append(f"{signed(item['points'])}  ", style)
            text.append(f"{item['reason']}\n")
        text.rstrip()
        return text

    @on(Button.Pressed, "#retry")
    def action_retry(self) -> None:
        self.app.start_session(self.record.scenario_id, self.record.mode, replace=True)

    @on(Button.Pressed, "#other")
    def action_other(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#history")
    def action_history(self) -> None:
        self.app.open_history()

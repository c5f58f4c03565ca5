"""Practice-mode coaching while the trainee types: catch a forbidden phrase before the customer hears it.

The scorer is the same one the engine uses after sending, so the coach never warns about
something the debrief would let pass, or the reverse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.highlighter import Highlighter
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from trainer.scoring.severity import severity_label
from trainer.tui.widgets.chat import FORBIDDEN_STYLE
from trainer.tui.widgets.prose import Prose

if TYPE_CHECKING:
    from trainer.scoring.scorer import ReplyScore, Scorer

IDLE = "边打字边检查服务忌语。F8 查看本轮参考话术(每次扣 {cost} 分)。"
SEVERITY_ORDER = {"critical": 0, "major": 1, "minor": 2}


class Coach:
    """The input's highlighter and the panel score the same draft; score it once."""

    def __init__(self, scorer: Scorer):
        self._scorer = scorer
        self._text: str | None = None
        self._result: ReplyScore | None = None

    def check(self, text: str) -> ReplyScore:
        if text != self._text:
            self._text, self._result = text, self._scorer.score(text)
        return self._result


class ForbiddenHighlighter(Highlighter):
    def __init__(self, coach: Coach):
        self._coach = coach

    def highlight(self, text: Text) -> None:
        for hit in self._coach.check(text.plain).forbidden:
            text.stylize(FORBIDDEN_STYLE, hit.start, hit.end)


def advice(result: ReplyScore | None, hint: str | None, hint_cost: int) -> Text:
    text = Text()
    if hint:
        text.append("参考话术 ", "bold cyan")
        text.append(f"(已扣 {hint_cost} 分): ", "cyan")
        text.append(f"{hint}\n")
    if result is None or not result.text.strip():
        text.append(IDLE.format(cost=hint_cost), "dim")
        return text
    hits = sorted(result.forbidden, key=lambda hit: (SEVERITY_ORDER.get(hit.severity, len(SEVERITY_ORDER)), hit.start))
    if len(hits) > 1:
        text.append(f"{len(hits)} 处服务忌语,最严重的在前: ", "bold red")
        text.append("、".join(f"「{hit.match}」" for hit in hits) + "\n", "red")
    for hit in hits:
        text.append(f"✗ 「{hit.match}」", "bold red")
        text.append(f" {hit.category}、{severity_label(hit.severity)}: ", "red")
        text.append(f"{hit.reason}\n")
        text.append("  建议说法: ", "bold green")
        text.append(f"{hit.suggestion}\n")
    if not result.forbidden:
        text.append("✓ 没有发现服务忌语", "green")
        names = [h.category for h in result.polite_hits]
        if names:
            text.append(f"  礼貌用语: {'、'.join(dict.fromkeys(names))}", "green")
    text.rstrip()
    return text


class CoachPanel(VerticalScroll, can_focus=False):
    """Scrolls when the advice is taller than the room the screen leaves it (a small terminal)."""

    def compose(self) -> ComposeResult:
        yield Prose()

    @property
    def text(self) -> Text:
        return self.query_one(Prose).text

    def show(self, result: ReplyScore | None, hint: str | None, hint_cost: int) -> None:
        self.query_one(Prose).update(advice(result, hint, hint_cost))
        self.scroll_home(animate=False)

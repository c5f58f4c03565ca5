"""The conversation replayed turn by turn, each reply beside the reference and with every verdict explained.

The notes are the engine's own turn records and the session score's items: the debrief shows
why the customer reacted, it does not re-judge the replies.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from trainer.dialogue.session_score import POLITE_NAMES
from trainer.tui.labels import SEVERITY_NAMES, signed
from trainer.tui.widgets.prose import Prose


def _mark(points: float) -> tuple[str, str]:
    return ("✓", "green") if points > 0 else ("✗", "red") if points < 0 else ("!", "yellow")


def notes(turn: dict, items: list[dict]) -> Text:
    """``items`` are the score items (polite dimension) that belong to this turn: they say why a polite
    expression counted or was missed where it belonged."""
    text = Text()
    for hit in turn["forbidden"]:
        severity = SEVERITY_NAMES.get(hit.get("severity", ""), "")
        text.append(f"✗ 服务忌语「{hit['match']}」", "bold red")
        text.append(f"({hit.get('category', '')}、{severity}): {hit.get('reason', '')}\n")
        if hit.get("suggestion"):
            text.append("  建议说法: ", "green")
            text.append(f"{hit['suggestion']}\n")
    if turn["polite"]:
        names = "、".join(POLITE_NAMES.get(key, key) for key in turn["polite"])
        text.append(f"✓ 用到的礼貌用语: {names}\n", "green")
    for item in items:
        mark, style = _mark(item["points"])
        text.append(f"{mark} 礼貌用语 {signed(item['points'])}: ", style)
        text.append(f"{item['reason']}\n")
    for point in turn["key_points"]:
        status = point.get("status") or ("done" if point["hit"] else "missed")
        if status == "done":
            text.append(f"✓ 要点「{point['name']}」\n", "green")
        elif status == "earlier":
            text.append(f"· 要点「{point['name']}」第 {point['turn']} 轮已做到\n", "dim")
        elif status == "vague":
            text.append(f"≈ 要点「{point['name']}」只做到一半", "yellow")
            words = f"「{point['words']}」不够具体: " if point.get("words") else ""
            text.append(f": {words}{point['reason']}\n" if point["reason"] or words else "\n")
        else:
            text.append(f"✗ 没做到「{point['name']}」", "red")
            text.append(f": {point['reason']}\n" if point["reason"] else "\n")
    text.append("→ 客户反应", "bold")
    text.append(f"(情绪\u00a0{turn['mood_before']}\u00a0→\u00a0{turn['mood']})", "dim")
    text.append(": ", "bold")
    text.append(turn["because"] or "客户没有明显反应。")
    return text


class TurnReview(Vertical):
    def __init__(self, turn: dict, customer: str, items: list[dict]):
        super().__init__(classes="turn")
        self._turn, self._customer, self._items = turn, customer, items

    def compose(self) -> ComposeResult:
        turn = self._turn
        head = Text.assemble((f"第 {turn['index']} 轮  ", "bold"))
        head.append(f"{self._customer}: ", "bold")
        head.append(turn["customer"])
        yield Prose(head, classes="turn-head")
        with Horizontal(classes="pair"):
            reply = Text(turn["reply"])
            for hit in turn["forbidden"]:
                reply.stylize("bold red underline", hit["start"], hit["end"])
            yield Prose(reply, classes="mine")
            yield Prose(turn["reference"] or "(本轮没有参考话术)", classes="reference")
        yield Prose(notes(turn, self._items), classes="notes")

    def on_mount(self) -> None:
        self.query_one(".mine").border_title = "你的回答"
        self.query_one(".reference").border_title = "参考话术"

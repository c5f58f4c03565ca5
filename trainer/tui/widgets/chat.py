"""The conversation as a chat: the customer on the left, the trainee on the right.

Replies keep their forbidden phrases marked (practice mode only), so the trainee sees in place
what the customer reacted to.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.containers import Horizontal, VerticalScroll

from trainer.tui.widgets.prose import Prose

FORBIDDEN_STYLE = "bold red underline"


class ChatLog(VerticalScroll, can_focus=False):
    """Anchored to the newest line, as a chat should be, whenever something is said."""

    def add_customer(self, name: str, line: str) -> None:
        text = Text.assemble((f"{name}\n", "bold"))
        text.append(line)
        self._add(text, "customer")

    def add_trainee(self, reply: str, forbidden: Sequence[dict] = ()) -> None:
        body = Text(reply)
        for hit in forbidden:
            body.stylize(FORBIDDEN_STYLE, hit["start"], hit["end"])
        self._add(Text.assemble(("我\n", "bold"), body), "trainee")

    def add_note(self, text: str | Text) -> None:
        self.mount(Prose(text, classes="note"))
        self.anchor()

    def _add(self, text: Text, who: str) -> None:
        self.mount(Horizontal(Prose(text, classes=f"bubble {who}"), classes=f"row {who}"))
        self.anchor()

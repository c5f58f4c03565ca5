"""The top line of every screen: what the trainee is doing and for whom.

Textual's Header brings an icon, a clock and a command-palette button the trainer does not use,
and costs start-up time on the first screen; one line of text is all that is needed.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class TitleBar(Static):
    def on_mount(self) -> None:
        self.watch(self.screen, "title", self._show)
        self.watch(self.screen, "sub_title", self._show)

    def _show(self) -> None:
        screen = self.screen
        text = Text.assemble((screen.title or self.app.title, "bold"))
        if screen.sub_title:
            text.append(f"  {screen.sub_title}", "dim")
        self.update(text)

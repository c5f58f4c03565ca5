"""The key bar at the foot of every screen: compact, and filled even when it is mounted late.

Textual's footer fills itself when the screen's bindings change after it is mounted. The start
screen mounts its key bar after the first paint, when focus has already settled, so on a first
launch it stayed empty until Tab was pressed.
"""

from __future__ import annotations

from textual.widgets import Footer


class KeyBar(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True)

    def on_mount(self) -> None:
        self.bindings_changed(self.screen)

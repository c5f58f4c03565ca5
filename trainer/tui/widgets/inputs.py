"""Text inputs that follow the app's cursor-blink setting.

Snapshot tests need a cursor that does not blink; a real terminal keeps the blink. Only the app
knows which, and inputs are created by screens deep below it.
"""

from __future__ import annotations

from textual.widgets import Input


class TrainerInput(Input):
    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)

"""A checkbox whose ticked and unticked states differ by shape, not only by colour.

Textual draws an "X" in both states and tells them apart by colour alone, which a projector, a
light theme or a colour-blind observer loses; a tick and an empty box read in any of them.
"""

from __future__ import annotations

from textual.widgets import Checkbox

TICKED, UNTICKED = "✓", " "


class TickBox(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual reads the class constant's name
        return TICKED if self.value else UNTICKED

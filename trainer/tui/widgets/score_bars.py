"""Where the points went: one bar per score dimension, scaled to that dimension's maximum."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

LABEL_CELLS = 10
VALUE_CELLS = 11
MAX_BAR_CELLS = 60


def _style(share: float) -> str:
    return "green" if share >= 0.8 else "yellow" if share >= 0.5 else "red"


class ScoreBars(Widget):
    dimensions: reactive[list[dict]] = reactive(list, layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.dimensions)

    def render(self) -> Text:
        width = max(4, min(MAX_BAR_CELLS, self.size.width - LABEL_CELLS - VALUE_CELLS))
        text = Text()
        for index, dim in enumerate(self.dimensions):
            share = dim["points"] / dim["max"] if dim["max"] else 0.0
            filled = round(width * max(0.0, min(1.0, share)))
            label = dim["label"]
            text.append(label + " " * max(1, LABEL_CELLS - cell_len(label)), "bold")
            text.append("█" * filled, _style(share))
            text.append("░" * (width - filled), "grey30")
            text.append(f" {dim['points']:g}/{dim['max']:g}".rjust(VALUE_CELLS))
            if index < len(self.dimensions) - 1:
                text.append("\n")
        return text

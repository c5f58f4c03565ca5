"""How the customer feels right now, 0 (calm) to 100 (furious), with the last change.

The trainee cannot read a face in a terminal; the meter stands in for it, so it moves on
every reply in both modes.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

LEVELS = ((20, "平静", "green"), (40, "还好", "green"), (60, "不满", "yellow"), (80, "生气", "dark_orange"),
          (101, "愤怒", "red"))


def level(mood: int) -> tuple[str, str]:
    return next((name, style) for limit, name, style in LEVELS if mood < limit)


class MoodMeter(Widget):
    mood = reactive(0)
    change = reactive(0)

    def render(self) -> Text:
        name, style = level(self.mood)
        tail = f" {self.mood:>3} {name}"
        if self.change:
            tail += f" {'+' if self.change > 0 else '-'}{abs(self.change)}"
        width = max(4, self.size.width - 5 - Text(tail).cell_len)
        filled = round(width * self.mood / 100)
        text = Text.assemble(("情绪 ", "bold"))
        text.append("█" * filled, style)
        text.append("░" * (width - filled), "grey30")
        text.append(tail, style)
        return text

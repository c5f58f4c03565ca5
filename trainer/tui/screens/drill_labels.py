"""Chinese wording shared by the drill screens."""

from __future__ import annotations

import re

from rich.text import Text

from trainer.classroom.drill import Countdown, TeamResult

NAME_SEPARATORS = re.compile(r"[、,,;;/\s]+")


def names(text: str) -> list[str]:
    """Members and observers are typed on one line: 张三、李四 or 张三, 李四 or 张三 李四."""
    return [name for name in NAME_SEPARATORS.split(text) if name]


def duration(seconds: int) -> str:
    """Whole minutes as the course says them (4 分钟); anything else as the clock shows it."""
    return f"{seconds // 60} 分钟" if seconds % 60 == 0 else Countdown.label(seconds)


def score_text(value: float | None) -> str:
    return "-" if value is None else f"{round(value, 1):g}"


def standing(result: TeamResult) -> Text:
    """The three scores a final one is chosen from, as the trainer sees them before changing it."""
    text = Text.assemble(("系统评分 ", "bold"), score_text(result.auto))
    text.append("   观察员平均 ", "bold")
    text.append(f"{score_text(result.observer_average)} ({len(result.observers)} 人)")
    if result.override:
        text.append("\n培训师调整 ", "bold")
        text.append(f"{score_text(result.override['score'])}: {result.override['reason']}")
    return text

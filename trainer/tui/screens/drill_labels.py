"""Chinese wording shared by the drill screens.

The core refuses a bad plan, observation or override with an English ``ValueError`` (the CLI
and the logs read those); a trainer in front of a class reads Chinese, so the screens show the
refusal through ``refusal``. An unknown message is shown as it is rather than hidden.
"""

from __future__ import annotations

import re

from rich.text import Text

from trainer.core.drill import Countdown, TeamResult

REFUSALS = {
    "a drill needs at least one team": "至少要有一个组。",
    "every team needs a name of its own": "每个组都要有组名,且组名不能重复。",
    "times must be positive": "准备时间不能为负数,表演时间要大于 0。",
    "an observation needs the observer's name": "请填写观察员姓名。",
    "an override needs a reason": "调整分数必须写明理由。",
    "a score is between 0 and 100": "分数应在 0 到 100 之间。",
}
NAME_SEPARATORS = re.compile(r"[、,,;;/\s]+")


def refusal(error: ValueError) -> str:
    return REFUSALS.get(str(error), str(error))


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

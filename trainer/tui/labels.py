"""Chinese wording and colours for the codes the core and store speak in.

Kept in one place so every screen names an ending, a mode or a difficulty the same way.
"""

from __future__ import annotations

from datetime import datetime

from trainer.scoring.severity import SEVERITY_LABELS

MODE_NAMES = {"practice": "练习", "exam": "考核"}
KIND_NAMES = {"success": "成功", "partial": "部分达成", "failure": "失败", "abandoned": "已放弃"}
KIND_MARKS = {"success": "✓", "partial": "~", "failure": "✗"}
KIND_STYLES = {"success": "green", "partial": "yellow", "failure": "red", "abandoned": "grey50"}
DIFFICULTY_STYLES = {"初级": "green", "中级": "yellow", "高级": "red"}
SEVERITY_NAMES = SEVERITY_LABELS
UNFINISHED = "未完成"


def kind_name(kind: str | None) -> str:
    return KIND_NAMES.get(kind or "", UNFINISHED)


def local_time(iso: str) -> str:
    """The store keeps UTC; the trainee reads their own clock."""
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")


def signed(points: float) -> str:
    """Score items come unrounded from caps and shares; one decimal is all a trainee needs."""
    return f"{round(points, 1):+g}"


def minutes(value: float) -> str:
    return f"{value:g} 分钟"

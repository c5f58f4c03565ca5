"""The report as tables of cells: the one place that names the columns, so the terminal, CSV,
XLSX and HTML show the same figures under the same headers."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from trainer.reports.model import DIMENSIONS, ENDING_KINDS, PERIODS, VIEWS, Count, Report, Row

Cell = str | int | float | None

# (key column, label column) per view; a team's name is its key, so it gets one column.
KEY_HEADERS = {
    "trainee": ("工号", "学员"), "team": (None, "团队"), "scenario": ("情景编号", "情景"), "period": ("周期", "日期"),
}
COMPACT_COUNTS = 2


@dataclass(frozen=True)
class Table:
    """``name`` is safe in a file name; ``title`` is what a manager reads (sheet, heading)."""

    name: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def display_width(text: str) -> int:
    """Columns a string takes in a terminal or a spreadsheet: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def number(value: float | None, digits: int = 1) -> int | float | None:
    """Whole numbers stay whole, so a best score reads 85 and not 85.0."""
    if value is None:
        return None
    value = round(value, digits)
    return int(value) if value == int(value) else value


def counts_text(counts: Sequence[Count]) -> str:
    return "、".join(f"{c.text}×{c.count}" for c in counts)


def scope_text(report: Report) -> str:
    """Which slice of the records a report covers, in one line (dates, then any filters)."""
    f = report.filters
    parts = [f"{f['since'] or '最早'} 至 {f['until'] or '最近'}"]
    parts += [f"{label} {f[key]}" for key, label in (("trainee", "学员"), ("team", "团队"), ("scenario", "情景")) if f[key]]
    return " · ".join(parts)


def view_title(report: Report, view: str) -> str:
    return f"按{PERIODS[report.period]}" if view == "period" else VIEWS[view]


def view_table(report: Report, view: str, compact: bool = False) -> Table:
    """``compact`` drops the dimension columns and keeps the two worst mistakes, for a terminal."""
    key_header, label_header = KEY_HEADERS[view]
    dims = () if compact else tuple(f"{label}%" for label in DIMENSIONS.values())
    headers = (*([key_header] if key_header else []), label_header, "练习次数", "完成", "放弃", "平均分", "最高分",
               "趋势(分/次)", *ENDING_KINDS.values(), *dims, "常见忌语", "常漏要点")
    top = COMPACT_COUNTS if compact else None

    def cells(row: Row) -> tuple[Cell, ...]:
        return (
            *([row.key] if key_header else []), row.label, row.attempts, row.finished, row.abandoned,
            number(row.average), number(row.best), number(row.trend, 2),
            *(row.endings.get(kind, 0) for kind in ENDING_KINDS),
            *(() if compact else (number(row.dimensions.get(key)) for key in DIMENSIONS)),
            counts_text(row.forbidden[:top]), counts_text(row.missed[:top]),
        )

    return Table(view, view_title(report, view), headers, tuple(cells(row) for row in report.view(view)))


def summary_table(report: Report) -> Table:
    overall, filters = report.overall, report.filters
    rows = (
        ("起始日期", filters["since"] or "不限"),
        ("截止日期", filters["until"] or "不限"),
        ("学员", filters["trainee"] or "全部"),
        ("团队", filters["team"] or "全部"),
        ("情景", filters["scenario"] or "全部"),
        ("周期", PERIODS[report.period]),
        ("练习次数", overall.attempts),
        ("完成", overall.finished),
        ("放弃", overall.abandoned),
        ("平均分", number(overall.average)),
        ("最高分", number(overall.best)),
        ("趋势(分/次)", number(overall.trend, 2)),
        *((f"结局: {label}", overall.endings.get(kind, 0)) for kind, label in ENDING_KINDS.items()),
        *((f"{label}得分率%", number(overall.dimensions.get(key))) for key, label in DIMENSIONS.items()),
        ("常见忌语", counts_text(overall.forbidden)),
        ("常漏要点", counts_text(overall.missed)),
    )
    return Table("summary", "概览", ("项目", "数值"), rows)


def sessions_table(report: Report) -> Table:
    rows = tuple((f"{p.at:%Y-%m-%d %H:%M}", p.trainee, p.team or "", p.scenario, number(p.score))
                 for p in report.series)
    return Table("sessions", "成绩明细", ("时间", "学员", "团队", "情景", "得分"), rows)


def all_tables(report: Report) -> list[Table]:
    return [summary_table(report), *(view_table(report, view) for view in VIEWS), sessions_table(report)]

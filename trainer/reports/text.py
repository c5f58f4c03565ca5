"""The report as plain text for a terminal, columns aligned for Chinese (double-width) text.

Names and phrases come from trainees, so control characters are dropped before printing: an
escape sequence in a name must not recolour or clear a manager's terminal.
"""

from __future__ import annotations

import unicodedata

from trainer.reports.model import DIMENSIONS, Report
from trainer.reports.tables import Cell, Table, display_width, number, scope_text, view_table

MAX_CELL = 28
TREND = "趋势(分/次)"


def _clean(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))


def _clip(text: str) -> str:
    if display_width(text) <= MAX_CELL:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) > MAX_CELL - 1:
            break
        out += ch
    return out + "…"


def _fmt(cell: Cell, signed: bool = False) -> str:
    if cell is None or cell == "":
        return "-"
    if isinstance(cell, str):
        return _clip(_clean(cell))
    return f"{cell:+g}" if signed else f"{cell:g}"


def _aligned(table: Table) -> list[str]:
    signed = [header == TREND for header in table.headers]
    body = [[_fmt(cell, signed[i]) for i, cell in enumerate(row)] for row in table.rows]
    numeric = [all(not isinstance(row[i], str) for row in table.rows) for i in range(len(table.headers))]
    widths = [max(display_width(text) for text in column) for column in zip(table.headers, *body)]

    def line(texts: list[str] | tuple[str, ...]) -> str:
        padded = []
        for i, text in enumerate(texts):
            gap = " " * (widths[i] - display_width(text))
            padded.append(gap + text if numeric[i] else text + gap)
        return "  ".join(padded).rstrip()

    return [line(table.headers), line(["-" * w for w in widths]), *(line(texts) for texts in body)]


def render_text(report: Report, view: str) -> str:
    overall = report.overall
    lines = [f"培训报告 ({_clean(scope_text(report))})"]
    if not overall.attempts:
        return "\n".join([*lines, "没有符合条件的练习记录。"])
    average, best, trend = _fmt(number(overall.average)), _fmt(number(overall.best)), _fmt(number(overall.trend, 2), True)
    lines.append(f"练习 {overall.attempts} 次, 完成 {overall.finished}, 放弃 {overall.abandoned};"
                 f" 平均分 {average}, 最高分 {best}, 趋势 {trend} 分/次")
    if overall.dimensions:
        shares = " · ".join(f"{label} {overall.dimensions[key]:.0f}%" for key, label in DIMENSIONS.items()
                            if key in overall.dimensions)
        lines.append(f"各维度得分率: {shares}")
    table = view_table(report, view, compact=True)
    return "\n".join([*lines, "", f"【{table.title}】", *_aligned(table)])

"""A standalone HTML report a manager can open or mail without the app: one file, inline CSS and
SVG, no script and nothing fetched from the network. All user text goes through ``escape``."""

from __future__ import annotations

from html import escape
from pathlib import Path

from trainer.reports import charts
from trainer.reports.model import VIEWS, Count, Report
from trainer.reports.tables import Cell, number, scope_text, view_table

STYLE = """
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif;
margin:24px auto;max-width:1200px;padding:0 16px;color:#222}
h1{margin-bottom:4px}.scope,.muted{color:#777}.muted{fill:#777;font-size:12px}
svg text{font-size:13px;fill:#333}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:96px}
.card b{display:block;font-size:24px}
.charts{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
figure{margin:0}figcaption{font-weight:bold;margin-bottom:6px}
.mistakes{display:flex;flex-wrap:wrap;gap:48px}
table{border-collapse:collapse;margin:8px 0 24px;font-size:14px}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:middle}
th{background:#f4f4f4}td.num{text-align:right}
"""


def _cell(value: Cell) -> str:
    if value is None or value == "":
        return "<td>-</td>"
    if isinstance(value, str):
        return f"<td>{escape(value)}</td>"
    return f'<td class="num">{value:g}</td>'


def _cards(report: Report) -> str:
    o = report.overall
    trend = number(o.trend, 2)
    items = (("练习次数", o.attempts), ("完成", o.finished), ("放弃", o.abandoned), ("平均分", number(o.average)),
             ("最高分", number(o.best)), ("趋势(分/次)", "-" if trend is None else f"{trend:+g}"))
    return "".join(f'<div class="card">{label}<b>{"-" if value is None else escape(str(value))}</b></div>'
                   for label, value in items)


def _mistakes(title: str, counts: tuple[Count, ...]) -> str:
    items = "".join(f"<li>{escape(c.text)} × {c.count}</li>" for c in counts) or "<li>无</li>"
    return f"<div><h3>{title}</h3><ol>{items}</ol></div>"


def _view(report: Report, view: str) -> str:
    table = view_table(report, view)
    head = "".join(f"<th>{escape(h)}</th>" for h in (*table.headers, "成绩走势"))
    rows = "".join(
        "<tr>" + "".join(_cell(value) for value in cells) + f"<td>{charts.sparkline(row.scores)}</td></tr>"
        for cells, row in zip(table.rows, report.view(view))
    )
    return f"<h2>{escape(table.title)}</h2><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def html_page(report: Report) -> str:
    o = report.overall
    body = [
        "<h1>培训报告</h1>",
        f'<p class="scope">{escape(scope_text(report))}</p>',
        f'<section class="cards">{_cards(report)}</section>',
        '<section class="charts">',
        f"<figure><figcaption>各维度得分率</figcaption>{charts.radar(o.dimensions)}</figure>",
        "<figure><figcaption>成绩趋势(每次练习一个点,虚线为趋势)</figcaption>",
        f"{charts.trend_line(report.series)}</figure>",
        "</section>",
        '<section class="mistakes">',
        f'{_mistakes("最常出现的服务忌语", o.forbidden)}{_mistakes("最常遗漏的要点", o.missed)}',
        "</section>",
        *(_view(report, view) for view in VIEWS),
    ]
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>培训报告</title><style>{STYLE}</style></head><body>" + "\n".join(body) + "</body></html>\n")


def write_html(report: Report, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html_page(report), encoding="utf-8")
    return path

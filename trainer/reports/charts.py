"""Inline SVG charts drawn by hand: the HTML report must open on an offline classroom machine,
so there is no chart library or CDN to lean on. Every piece of text is escaped here, because
trainee names reach the tooltips."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from trainer.reports.aggregate import trend
from trainer.reports.model import DIMENSIONS, Point

# Wide enough for "礼貌用语 100%" beside the right-hand axis.
RADAR_W, RADAR_H, RADAR_R = 420, 300, 105
TREND_W, TREND_H = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 14, 34
SPARK_W, SPARK_H = 96, 24
ACCENT = "#c0392b"


def _xy(x: float, y: float) -> str:
    return f"{x:.1f},{y:.1f}"


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
            f' role="img" aria-label="{escape(label)}">' + "".join(body) + "</svg>")


def _empty(width: int, height: int, label: str) -> str:
    note = f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" class="muted">暂无已完成的练习</text>'
    return _svg(width, height, [note], label)


def radar(dimensions: dict[str, float]) -> str:
    """The four score dimensions as % of their maximum, key points at the top, clockwise."""
    if not dimensions:
        return _empty(RADAR_W, RADAR_H, "各维度得分率")
    cx, cy = RADAR_W / 2, RADAR_H / 2
    angles = [-math.pi / 2 + i * 2 * math.pi / len(DIMENSIONS) for i in range(len(DIMENSIONS))]

    def at(angle: float, share: float) -> tuple[float, float]:
        return cx + RADAR_R * share * math.cos(angle), cy + RADAR_R * share * math.sin(angle)

    body = []
    for ring in (0.25, 0.5, 0.75, 1.0):
        corners = " ".join(_xy(*at(a, ring)) for a in angles)
        body.append(f'<polygon points="{corners}" fill="none" stroke="#ccc"/>')
    for angle, (key, label) in zip(angles, DIMENSIONS.items()):
        x, y = at(angle, 1.0)
        body.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#ccc"/>')
        lx, ly = at(angle, 1.18)
        anchor = "middle" if abs(lx - cx) < 1 else ("start" if lx > cx else "end")
        value = f" {dimensions[key]:.0f}%" if key in dimensions else " -"
        body.append(f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}">{escape(label + value)}</text>')
    shape = " ".join(_xy(*at(a, min(1.0, dimensions.get(key, 0) / 100))) for a, key in zip(angles, DIMENSIONS))
    body.append(f'<polygon class="scores" points="{shape}" fill="{ACCENT}" fill-opacity="0.25"'
                f' stroke="{ACCENT}" stroke-width="2"/>')
    return _svg(RADAR_W, RADAR_H, body, "各维度得分率")


def trend_line(series: Sequence[Point]) -> str:
    """Scores in the order they were achieved, one step per attempt, with the fitted trend dashed:
    the same points-per-attempt slope the tables report, so chart and numbers agree."""
    if not series:
        return _empty(TREND_W, TREND_H, "成绩趋势")
    plot_w, plot_h = TREND_W - LEFT - RIGHT, TREND_H - TOP - BOTTOM
    step = plot_w / max(1, len(series) - 1)

    def x_of(i: int) -> float:
        return LEFT + (i * step if len(series) > 1 else plot_w / 2)

    def y_of(score: float) -> float:
        return TOP + plot_h * (1 - max(0.0, min(100.0, score)) / 100)

    body = []
    for tick in range(0, 101, 20):
        y = y_of(tick)
        body.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{TREND_W - RIGHT}" y2="{y:.1f}" stroke="#eee"/>')
        body.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="muted">{tick}</text>')
    for i in sorted({0, len(series) // 2, len(series) - 1}):
        anchor = "start" if i == 0 and len(series) > 1 else ("end" if i == len(series) - 1 and i else "middle")
        body.append(f'<text x="{x_of(i):.1f}" y="{TREND_H - 10}" text-anchor="{anchor}" class="muted">'
                    f"{series[i].at:%Y-%m-%d}</text>")
    line = " ".join(_xy(x_of(i), y_of(p.score)) for i, p in enumerate(series))
    body.append(f'<polyline points="{line}" fill="none" stroke="#7f8c8d" stroke-width="1.5"/>')
    slope = trend([p.score for p in series])
    if slope is not None:
        mean_x, mean_y = (len(series) - 1) / 2, sum(p.score for p in series) / len(series)
        start, end = mean_y - slope * mean_x, mean_y + slope * mean_x
        body.append(f'<line x1="{x_of(0):.1f}" y1="{y_of(start):.1f}" x2="{x_of(len(series) - 1):.1f}"'
                    f' y2="{y_of(end):.1f}" stroke="{ACCENT}" stroke-width="2" stroke-dasharray="6 4"/>')
    radius = 3.5 if len(series) <= 60 else 1.5
    for i, p in enumerate(series):
        tip = f"{p.at:%Y-%m-%d %H:%M} {p.trainee} · {p.scenario}: {p.score:g} 分"
        body.append(f'<circle cx="{x_of(i):.1f}" cy="{y_of(p.score):.1f}" r="{radius}" fill="{ACCENT}">'
                    f"<title>{escape(tip)}</title></circle>")
    return _svg(TREND_W, TREND_H, body, "成绩趋势")


def sparkline(scores: Sequence[float]) -> str:
    """A row's own scores in a table cell, 0 at the bottom and 100 at the top."""
    if len(scores) < 2:
        return ""
    step = (SPARK_W - 4) / (len(scores) - 1)
    points = " ".join(_xy(2 + i * step, 2 + (SPARK_H - 4) * (1 - max(0.0, min(100.0, s)) / 100))
                      for i, s in enumerate(scores))
    body = [f'<polyline points="{points}" fill="none" stroke="{ACCENT}" stroke-width="1.5"/>']
    return _svg(SPARK_W, SPARK_H, body, "成绩走势")

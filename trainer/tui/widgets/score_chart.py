"""Scores over time, oldest first, on a fixed 0-100 scale so progress is never exaggerated."""

from __future__ import annotations

from collections import Counter

from textual_plotext import PlotextPlot

MAX_TICKS = 8


def attempt_labels(times: list[str]) -> list[str]:
    """X labels for local ``YYYY-MM-DD HH:MM`` times: the day when days differ, the time of day
    when every attempt was on one day, and a day's later attempts numbered (``03-04#2``)."""
    days = [time[5:10] for time in times]
    if len(set(days)) == 1 and len(days) > 1:
        return [time[11:16] for time in times]
    seen: Counter = Counter()
    labels = []
    for day in days:
        seen[day] += 1
        labels.append(day if seen[day] == 1 else f"{day}#{seen[day]}")
    return labels


class ScoreChart(PlotextPlot):
    labels: list[str] = []
    scores: list[float] = []

    def show(self, labels: list[str], scores: list[float]) -> None:
        self.labels, self.scores = labels, scores
        plt = self.plt
        plt.clear_data()
        xs = list(range(1, len(scores) + 1))
        if xs:
            if len(xs) > 1:  # a line needs two points; drawn for one it is a second marker beside the dot
                plt.plot(xs, scores, marker="braille")
            plt.scatter(xs, scores, marker="dot")
            step = max(1, -(-len(xs) // MAX_TICKS))
            plt.xticks(xs[::step], labels[::step])
            plt.xlim(0.5, len(xs) + 0.5)
        plt.ylim(0, 100)
        plt.yticks([0, 20, 40, 60, 80, 100])
        self.refresh()

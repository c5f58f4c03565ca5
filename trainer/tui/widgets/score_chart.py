"""Scores over time, oldest first, on a fixed 0-100 scale so progress is never exaggerated."""

from __future__ import annotations

from textual_plotext import PlotextPlot

MAX_TICKS = 8


class ScoreChart(PlotextPlot):
    labels: list[str] = []
    scores: list[float] = []

    def show(self, labels: list[str], scores: list[float]) -> None:
        self.labels, self.scores = labels, scores
        plt = self.plt
        plt.clear_data()
        xs = list(range(1, len(scores) + 1))
        if xs:
            plt.plot(xs, scores, marker="braille")
            plt.scatter(xs, scores, marker="dot")
            step = max(1, -(-len(xs) // MAX_TICKS))
            plt.xticks(xs[::step], labels[::step])
            plt.xlim(0.5, len(xs) + 0.5)
        plt.ylim(0, 100)
        plt.yticks([0, 20, 40, 60, 80, 100])
        self.refresh()

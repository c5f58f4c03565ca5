"""The scenario map in a trainer's words: what kind of branch, and what the reply must do, in Chinese.

The graph keeps the YAML's own words ("branches[1]", "has: brush-off") because authors search the
file for them, and ``trainer graph`` exports them; on screen a trainer reads 分支 1 · 做到「…」
with key points and techniques by name, and the details panel still gives the file line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trainer.authoring.graph import ANY_NODE, GraphEdge
from trainer.scoring.severity import severity_label

if TYPE_CHECKING:
    from trainer.dialogue.scenario import Condition, KeyPointRef, Scenario
    from trainer.scoring.scorer import Scorer

VIA_NAMES = {"branches": "分支", "fallback": "否则", "always": "任何时候"}
WHOLE_SCENARIO = {"timeout": "轮数用完", "rage": "情绪爆表"}


def _flag(value: object) -> str:
    """Scenario variables are mostly yes/no flags; numbers and words show as they are."""
    if isinstance(value, bool):
        return "是" if value else "否"
    return "未记" if value is None else str(value)


class MapWords:
    def __init__(self, scenario: Scenario, scorer: Scorer):
        from trainer.dialogue.engine import understanding_for

        self.scenario = scenario
        self.names = dict(understanding_for(scenario, scorer).names)
        self.phrases = {phrase.id: phrase.phrase for phrase in scorer.rubrics.forbidden}

    def title(self, edge: GraphEdge) -> str:
        """分支 2, 否则 (the only fallback), 任何时候 1, 轮数用完."""
        if edge.via in WHOLE_SCENARIO:
            return WHOLE_SCENARIO[edge.via]
        name = VIA_NAMES.get(edge.via, edge.via)
        return f"{name} {edge.index}" if len(self._list(edge)) > 1 else name

    def condition(self, edge: GraphEdge) -> str:
        if edge.via == "timeout":
            return f"到第 {self.scenario.max_turns} 轮还没结束"
        if edge.via == "rage":
            return "客户情绪到 100"
        branches = self._list(edge)
        return self.describe(branches[edge.index - 1].when) if 0 < edge.index <= len(branches) else edge.condition

    def describe(self, cond: Condition) -> str:
        parts = []
        if cond.forbidden == "none":
            parts.append("没有服务忌语")
        elif cond.forbidden == "any":
            parts.append("说了服务忌语")
        elif cond.forbidden:
            parts.append(f"说了{severity_label(cond.forbidden)}服务忌语")
        if cond.forbidden_ids:
            parts.append("说了" + self._quoted(cond.forbidden_ids, self.phrases))
        if cond.has:
            parts.append("做到" + self._quoted(cond.has, self.names))
        if cond.any:
            need = min(cond.at_least, len(cond.any))
            parts.append(f"做到其中 {need} 项: " + self._quoted(cond.any, self.names))
        if cond.lacks:
            parts.append("没做到" + self._quoted(cond.lacks, self.names))
        if cond.mood_at_least is not None:
            parts.append(f"情绪 ≥ {cond.mood_at_least}")
        if cond.mood_below is not None:
            parts.append(f"情绪 < {cond.mood_below}")
        parts.extend(f"已记下 {name}: {_flag(value)}" for name, value in cond.vars)
        if cond.visits_at_least is not None:
            parts.append(f"第 {cond.visits_at_least} 次来到这里")
        if cond.misses_at_least is not None:
            parts.append(f"已有 {cond.misses_at_least} 次没答到点上")
        if cond.turn_at_least is not None:
            parts.append(f"第 {cond.turn_at_least} 轮起")
        return " · ".join(parts) or "其余情况"

    def key_points(self, points: tuple[KeyPointRef, ...]) -> str:
        return "、".join(f"{self.names.get(p.id, p.id)}(权重 {p.weight:g})" for p in points)

    def source(self, ident: str) -> str:
        return "任何节点" if ident == ANY_NODE else ident

    def _list(self, edge: GraphEdge) -> tuple:
        if edge.source == ANY_NODE:
            return self.scenario.always if edge.via == "always" else ()
        node = self.scenario.nodes.get(edge.source)
        return getattr(node, edge.via, ()) if node is not None else ()

    @staticmethod
    def _quoted(ids: tuple[str, ...], names: dict[str, str]) -> str:
        return "、".join(f"「{names.get(ident, ident)}」" for ident in ids)

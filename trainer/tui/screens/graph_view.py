"""The map of one scenario: every node, branch and ending, and the details of the line under the cursor.

Opened from the start screen (for the highlighted scenario) and from the author preview (marking
where the conversation is). The tree is the same data ``trainer graph`` draws as Mermaid or DOT,
so the terminal map and the exported picture never disagree; the side panel adds what a picture
has no room for: every variant of the customer's line, the reference reply, why a branch is
taken, and the file line to edit.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Tree

from trainer.authoring.graph import ScenarioGraph, scenario_graph
from trainer.dialogue.scenario import Scenario
from trainer.tui.labels import KIND_NAMES, KIND_STYLES
from trainer.tui.widgets.map_words import MapWords
from trainer.tui.widgets.prose import Prose
from trainer.tui.widgets.scenario_map import (
    ANY_GROUP, ENDINGS_GROUP, UNREACHABLE_GROUP, MapEntry, ScenarioMap, edge_text,
)
from trainer.tui.widgets.title_bar import TitleBar
from trainer.tui.widgets.key_bar import KeyBar

GROUP_NOTES = {
    ANY_GROUP: "“任何时候”的分支在每个节点自己的分支之前先试;轮数用完和情绪到 100 在任何节点都会结束对话。",
    UNREACHABLE_GROUP: "从起点出发,沿着能被选中的分支永远走不到这些节点:检查指向它们的分支,或删掉它们。",
    ENDINGS_GROUP: "绿色成功、黄色部分达成、红色失败。",
}


class GraphViewScreen(Screen):
    CSS_PATH = "graph_view.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]
    BINDINGS = [
        Binding("escape", "back", "返回"),
        Binding("f7", "graph", "关闭情景图", show=False),
        Binding("home", "start", "回到起点"),
    ]

    def __init__(self, scenario: Scenario, current: str | None = None):
        super().__init__()
        self.scenario = scenario
        self.current = current
        self.graph: ScenarioGraph = scenario_graph(scenario)

    def compose(self) -> ComposeResult:
        self.words = MapWords(self.scenario, self.app.catalog.scorer)
        yield TitleBar()
        with Horizontal(id="graph-body"):
            yield ScenarioMap(self.graph, self.words, self.current, id="scenario-map")
            yield Prose(id="map-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        nodes = [n for n in self.graph.nodes if n.type == "node"]
        lost = sum(not n.reachable for n in nodes)
        self.title = f"情景图: {self.scenario.title}"
        self.sub_title = (f"{self.scenario.id} · {len(nodes)} 个节点 · {len(self.graph.nodes) - len(nodes)} 个结局"
                          + (f" · {lost} 个走不到" if lost else ""))
        self.query_one("#scenario-map").border_title = "节点与分支"
        self.query_one("#map-detail").border_title = "详情"
        tree = self.query_one(ScenarioMap)
        tree.focus()
        tree.jump(self.current or self.graph.start)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[MapEntry]) -> None:
        entry = event.node.data
        if entry is not None:
            self.query_one("#map-detail", Prose).update(self.details(entry))

    def details(self, entry: MapEntry) -> Text:
        if entry.target is None:
            return Text.assemble((f"{entry.group}\n", "bold"), GROUP_NOTES.get(entry.group, ""))
        text = Text()
        edge = entry.edge
        if edge is not None:
            text.append(f"{self.words.source(edge.source)} → {edge.target}\n", "bold")
            text.append_text(edge_text(edge, self.words))
            if edge.line:
                text.append(f"\n{self._where(edge.line)}", "dim")
            if edge.because:
                text.append(f"\n客户反应: {edge.because}")
            if edge.dead_reason:
                text.append(f"\n✗ 永远不会被选中: {edge.dead_reason}", "red")
            text.append("\n\n")
        if entry.target in self.scenario.nodes:
            self._node_details(text, entry.target)
        else:
            self._ending_details(text, entry.target)
        return text

    def _where(self, line: int) -> str:
        return f"{Path(self.scenario.file).name}:{line}" if self.scenario.file else f"第 {line} 行"

    def _node_details(self, text: Text, ident: str) -> None:
        node, shown = self.scenario.nodes[ident], self.graph.node(ident)
        text.append(f"节点 {ident}", "bold")
        marks = [m for m, on in (("起点", shown.start), ("走不到", not shown.reachable),
                                 ("有委屈,需要道歉", node.grievance), ("当前", ident == self.current)) if on]
        if marks:
            text.append(f"  [{' · '.join(marks)}]", "yellow")
        text.append(f"\n{self._where(node.line)}", "dim")
        for index, line in enumerate(node.say, 1):
            text.append(f"\n客户{f'({index})' if len(node.say) > 1 else ''}: {line}")
        if node.key_points:
            text.append("\n要点: " + self.words.key_points(node.key_points))
        text.append(f"\n参考话术: {node.reference}", "green")

    def _ending_details(self, text: Text, ident: str) -> None:
        ending, shown = self.scenario.endings[ident], self.graph.node(ident)
        style = KIND_STYLES.get(ending.kind, "")
        text.append(f"结局 {ident}({KIND_NAMES.get(ending.kind, ending.kind)})", f"bold {style}")
        if ident == self.current:
            text.append("  [当前]", "yellow")
        text.append(f"\n{self._where(ending.line)}", "dim")
        text.append(f"\n{ending.title}", style)
        for line in ending.say:
            text.append(f"\n客户: {line}")
        text.append(f"\n复盘: {ending.debrief}")
        arrivals = [f"{self.words.source(e.source)}·{self.words.title(e)}"
                    for e in self.graph.edges if e.target == ident]
        text.append("\n到达: " + ("、".join(arrivals) if arrivals else "没有分支通向这里"), "dim")
        if not shown.reachable:
            text.append("\n从起点出发永远走不到这个结局。", "red")

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_graph(self) -> None:
        """F7 opens the map and closes it again."""
        self.action_back()

    def action_start(self) -> None:
        self.query_one(ScenarioMap).jump(self.graph.start)

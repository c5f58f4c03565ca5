"""The scenario as a tree a terminal can show: nodes, the branches out of them, and where they lead.

A terminal cannot lay out a flowchart, but a tree reads well: the start node at the top, each
branch beneath its node with its condition, and the node it leads to opened right there. Every
node is opened once, as near the top as it can be (breadth-first along branches that can be
chosen); anywhere else it appears as a link (见上 / 见下) that Enter or a click follows, so loops
never recurse. ``always``, timeout and rage edges apply at every node and get their own group,
as do nodes the start can never reach; endings are listed last, coloured by kind.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from trainer.authoring.graph import ANY_NODE, GraphEdge, GraphNode, ScenarioGraph
from trainer.tui.labels import KIND_MARKS, KIND_NAMES, KIND_STYLES
from trainer.tui.widgets.map_words import MapWords

UNREACHABLE_STYLE = "grey50"
DEAD_STYLE = "dim strike"
ANY_GROUP, UNREACHABLE_GROUP, ENDINGS_GROUP = "任何节点", "走不到的节点", "结局"
CURRENT = " ◀ 当前"


@dataclass(frozen=True)
class MapEntry:
    """What one line of the map stands for.

    ``target`` is the node or ending the line is about (``None`` on a group heading, whose name is
    in ``group``); ``edge`` is the branch that leads there (``None`` on a top-level entry); ``home``
    marks the one line where the target is shown in full, which links jump to.
    """

    target: str | None
    edge: GraphEdge | None = None
    home: bool = False
    group: str = ""


def shorten(text: str, cells: int = 20) -> str:
    """A customer line cut to a width in cells: Chinese characters take two."""
    text = " ".join(text.split())
    if cell_len(text) <= cells:
        return text
    out, used = [], 1
    for char in text:
        used += cell_len(char)
        if used > cells:
            break
        out.append(char)
    return "".join(out) + "…"


def home_edges(graph: ScenarioGraph) -> dict[str, GraphEdge | None]:
    """Node id → the edge under which it is opened (``None`` for the start).

    Breadth-first from the start along live edges, then from the ``always`` edges, which apply at
    every node; nodes missing here are the ones no session can reach.
    """
    kinds = {n.id: n.type for n in graph.nodes}
    homes: dict[str, GraphEdge | None] = {graph.start: None}
    queue = deque([graph.start])

    def visit(edges: list[GraphEdge]) -> None:
        for edge in edges:
            if edge.live and kinds.get(edge.target) == "node" and edge.target not in homes:
                homes[edge.target] = edge
                queue.append(edge.target)

    def drain() -> None:
        while queue:
            visit(graph.outgoing(queue.popleft()))

    drain()
    visit(graph.outgoing(ANY_NODE))
    drain()
    return homes


def edge_text(edge: GraphEdge, words: MapWords, target: Text | None = None) -> Text:
    """``分支 2 → target · 做到「道歉」 · 情绪 -10``: where it leads comes before the condition,
    which the details panel repeats in full when a narrow terminal cuts it; a branch that can never
    be chosen is struck through."""
    text = Text(words.title(edge), "bold cyan")
    if target is not None:
        text.append(" → ")
        text.append_text(target)
    condition = words.condition(edge)
    if condition:
        text.append(f" · {condition}")
    if edge.mood:
        text.append(f" · 情绪 {edge.mood:+d}", "magenta")
    if not edge.live:
        text.stylize(DEAD_STYLE)
        text.append(" ⊘ 永远不会被选中", "red")
    return text


def ending_text(node: GraphNode) -> Text:
    style = KIND_STYLES.get(node.kind, "")
    text = Text(f"{KIND_MARKS.get(node.kind, '')} {node.id} ", f"bold {style}")
    text.append(f"{shorten(node.title)}({KIND_NAMES.get(node.kind, node.kind)})", style)
    if not node.reachable:
        text.append(" 走不到", UNREACHABLE_STYLE)
    return text


def node_text(node: GraphNode, current: bool = False, link: str = "") -> Text:
    """A node's id and first line; ``link`` (见上 / 见下) says it is opened elsewhere."""
    text = Text()
    if node.start:
        text.append("▶ 起点 ", "bold")
    text.append(node.id, "bold" if node.reachable else f"bold {UNREACHABLE_STYLE}")
    if link:
        text.append(f" ({link})", "italic")
    text.append(f"「{shorten(node.title)}」", "dim" if node.reachable else UNREACHABLE_STYLE)
    if current:
        text.append(CURRENT, "bold reverse")
    return text


class ScenarioMap(Tree[MapEntry]):
    """Built once from a ``ScenarioGraph``; ``homes`` maps each node and ending id to its full line."""

    BINDINGS = [Binding("enter", "select_cursor", "跟随链接 / 展开收起")]

    def __init__(self, graph: ScenarioGraph, words: MapWords, current: str | None = None, *, id: str | None = None):
        super().__init__(graph.title, id=id)
        self.words = words
        self.show_root = False
        self.guide_depth = 3
        self.graph = graph
        self.current = current
        self.homes: dict[str, TreeNode[MapEntry]] = {}
        self._by_id = {n.id: n for n in graph.nodes}
        self._home_edges = home_edges(graph)
        self._fill()

    def _fill(self) -> None:
        graph = self.graph
        self._open_node(self.root, self._by_id[graph.start])
        anywhere = graph.outgoing(ANY_NODE)
        if anywhere:
            group = self.root.add(Text(f"{ANY_GROUP}(每个节点都先试这些分支;轮数用完与情绪爆表随时发生)", "bold"),
                                  MapEntry(None, group=ANY_GROUP), expand=True)
            for edge in anywhere:
                self._open_edge(group, edge)
        lost = [n for n in graph.nodes if n.type == "node" and n.id not in self._home_edges]
        if lost:
            group = self.root.add(Text(f"{UNREACHABLE_GROUP}(从起点出发永远到不了)", f"bold {UNREACHABLE_STYLE}"),
                                  MapEntry(None, group=UNREACHABLE_GROUP), expand=True)
            for node in lost:
                self._open_node(group, node)
        group = self.root.add(Text(ENDINGS_GROUP, "bold"), MapEntry(None, group=ENDINGS_GROUP), expand=True)
        for node in graph.nodes:
            if node.type == "ending":
                label = ending_text(node)
                if node.id == self.current:
                    label.append(CURRENT, "bold reverse")
                self.homes[node.id] = group.add_leaf(label, MapEntry(node.id, home=True))

    def _open_node(self, parent: TreeNode[MapEntry], node: GraphNode) -> None:
        """A node opened at the top of its group, with its branches beneath."""
        item = parent.add(node_text(node, node.id == self.current), MapEntry(node.id, home=True), expand=True)
        self.homes[node.id] = item
        self._open_branches(item, node.id)

    def _open_branches(self, item: TreeNode[MapEntry], ident: str) -> None:
        for edge in self.graph.outgoing(ident):
            self._open_edge(item, edge)

    def _open_edge(self, parent: TreeNode[MapEntry], edge: GraphEdge) -> None:
        target = self._by_id[edge.target]
        home = target.type == "node" and self._home_edges.get(edge.target) == edge
        if target.type == "ending":
            shown = ending_text(target)
        elif edge.target == edge.source:
            shown = Text("↺ 留在原地", "dim")
        elif home:
            shown = node_text(target, edge.target == self.current)
        else:
            shown = node_text(target, link="见上" if edge.target in self.homes else "见下")
        label = edge_text(edge, self.words, shown)
        if not home:
            parent.add_leaf(label, MapEntry(edge.target, edge))
            return
        item = parent.add(label, MapEntry(edge.target, edge, home=True), expand=True)
        self.homes[edge.target] = item
        self._open_branches(item, edge.target)

    def jump(self, ident: str) -> None:
        """Put the cursor on the line where a node or ending is shown in full, opening what hides it."""
        item = self.homes.get(ident)
        if item is None:
            return
        parent = item.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        self.call_after_refresh(self.move_cursor, item)  # line numbers exist once the tree has been rebuilt

    def on_tree_node_selected(self, event: Tree.NodeSelected[MapEntry]) -> None:
        """Enter or a click on a link follows it; on a full line it opens or closes, as in any tree."""
        entry = event.node.data
        if entry is not None and entry.target is not None and not entry.home:
            self.jump(entry.target)

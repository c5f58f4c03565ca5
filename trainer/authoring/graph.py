"""A scenario as a graph: nodes, endings and the branches between them, with their conditions.

The data here is shared by ``trainer graph`` (Mermaid and Graphviz text), by lint (reachability,
dead ends) and by the TUI's map view, so it carries everything a renderer needs and nothing of
any renderer. Branch analysis also lives here: a branch that can never hold, or that an earlier
branch always beats, is a *dead* edge and does not count when deciding what can be reached.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from trainer.dialogue.scenario import Branch, Condition, Scenario

ANY_NODE = "*"          # source of the scenario's ``always`` branches and the timeout/rage edges
KIND_COLOURS = {"success": "#c8e6c9", "partial": "#fff3c4", "failure": "#ffcdd2"}
NODE_COLOUR, START_COLOUR, DEAD_COLOUR = "#e3f2fd", "#bbdefb", "#eeeeee"


# ------------------------------------------------------------------------------------------ analysis

def describe_condition(cond: Condition) -> str:
    """A short, readable form of a condition, in the YAML's own words: ``has: a, b · mood ≥ 60``."""
    parts = []
    if cond.forbidden:
        parts.append(f"forbidden: {cond.forbidden}")
    if cond.forbidden_ids:
        parts.append(f"forbidden: {', '.join(cond.forbidden_ids)}")
    if cond.has:
        parts.append(f"has: {', '.join(cond.has)}")
    if cond.any:
        need = min(cond.at_least, len(cond.any))
        parts.append(f"any {need}: {', '.join(cond.any)}")
    if cond.lacks:
        parts.append(f"lacks: {', '.join(cond.lacks)}")
    if cond.mood_at_least is not None:
        parts.append(f"mood ≥ {cond.mood_at_least}")
    if cond.mood_below is not None:
        parts.append(f"mood < {cond.mood_below}")
    parts.extend(f"{name} = {value}" for name, value in cond.vars)
    for label, value in (("visits", cond.visits_at_least), ("misses", cond.misses_at_least), ("turn", cond.turn_at_least)):
        if value is not None:
            parts.append(f"{label} ≥ {value}")
    return " · ".join(parts)


def _at_least(a: int | None, b: int | None) -> bool:
    """A lower bound ``a`` is guaranteed by ``b``: every value allowed by b passes a."""
    return a is None or (b is not None and b >= a)


def _below(a: int | None, b: int | None) -> bool:
    return a is None or (b is not None and b <= a)


def _forbidden_implied(a: Condition, b: Condition) -> bool:
    if a.forbidden is None:
        level_ok = True
    elif a.forbidden == b.forbidden:
        level_ok = True
    elif a.forbidden == "any":
        level_ok = b.forbidden in ("critical", "major") or bool(b.forbidden_ids)
    else:
        level_ok = False
    ids_ok = not a.forbidden_ids or (bool(b.forbidden_ids) and set(b.forbidden_ids) <= set(a.forbidden_ids))
    return level_ok and ids_ok


def subsumes(a: Condition, b: Condition) -> bool:
    """True when ``a`` holds whenever ``b`` holds: b's conditions include all of a's (or stricter)."""
    if not _forbidden_implied(a, b):
        return False
    if not set(a.has) <= set(b.has) or not set(a.lacks) <= set(b.lacks):
        return False
    if a.any:
        need = min(a.at_least, len(a.any))
        guaranteed = len(set(b.has) & set(a.any))
        rest = set(b.any) - set(b.has)
        if b.any and rest <= set(a.any):
            guaranteed += min(b.at_least, len(b.any)) - len(set(b.any) & set(b.has))
        if guaranteed < need:
            return False
    if not set(a.vars) <= set(b.vars):
        return False
    return (_at_least(a.mood_at_least, b.mood_at_least) and _below(a.mood_below, b.mood_below)
            and _at_least(a.visits_at_least, b.visits_at_least) and _at_least(a.misses_at_least, b.misses_at_least)
            and _at_least(a.turn_at_least, b.turn_at_least))


def variable_values(scenario: Scenario) -> dict[str, list | None]:
    """Every value each variable can take (``None`` when ``add`` makes it open-ended)."""
    values: dict[str, list | None] = {name: [value] for name, value in scenario.variables}
    for branch in all_branches(scenario):
        for name, value in branch.set:
            if values.get(name) is not None:
                values[name].append(value)
        for name, _ in branch.add:
            values[name] = None
    return values


def never_holds(cond: Condition, values: dict[str, list | None] | None = None) -> tuple[str, str]:
    """Why a condition can never hold, as (中文, English); ("", "") when it can (as far as can be told)."""
    clash = ", ".join(sorted(set(cond.has) & set(cond.lacks)))
    if clash:
        return f"has 和 lacks 同时写了 {clash}", f"has and lacks both name {clash}"
    if cond.any:
        need = min(cond.at_least, len(cond.any))
        if len(set(cond.any) - set(cond.lacks)) < need:
            return f"any 需要命中 {need} 个,但 lacks 排除了它们", f"needs {need} of any, but lacks excludes them"
    if cond.forbidden == "none" and cond.forbidden_ids:
        return "forbidden: none 又列了忌语 id", "forbidden: none together with forbidden ids"
    low, high = cond.mood_at_least, cond.mood_below
    if low is not None and high is not None and low >= high:
        return f"情绪既要 ≥ {low} 又要 < {high}", f"mood ≥ {low} and mood < {high}"
    if low is not None and low > 100:
        return f"情绪最高 100,不可能 ≥ {low}", f"mood ≥ {low}, but mood never exceeds 100"
    if high is not None and high <= 0:
        return f"情绪最低 0,不可能 < {high}", f"mood < {high}, but mood never goes below 0"
    for name, value in cond.vars:
        possible = (values or {}).get(name, [])
        if possible is not None and values is not None and value not in possible:
            shown = ", ".join(repr(v) for v in possible) or "-"
            return (f"变量 '{name}' 永远不会等于 {value!r}(只可能是 {shown})",
                    f"variable '{name}' is never {value!r}; it can only be {shown}")
    return "", ""


def all_branches(scenario: Scenario):
    yield from scenario.always
    for node in scenario.nodes.values():
        yield from node.branches
        yield from node.fallback


@dataclass(frozen=True)
class Dead:
    """Why a branch can never be chosen: it never holds, or an earlier branch always wins first."""

    reason: str            # "never" | "shadowed"
    detail: str            # the contradiction (English), or the label of the winning branch
    detail_zh: str = ""    # the contradiction in Chinese


def dead_branches(scenario: Scenario) -> dict[tuple[str, str, int], Dead]:
    """Keys are (node id or ANY_NODE, "always"|"branches"|"fallback", 1-based index)."""
    values = variable_values(scenario)
    dead: dict[tuple[str, str, int], Dead] = {}

    def scan(owner: str, via: str, branches: tuple[Branch, ...], earlier: list[tuple[str, Condition, bool]]) -> None:
        for index, branch in enumerate(branches, 1):
            reason_zh, reason = never_holds(branch.when, values)
            winner = None if reason else next(
                (label for label, cond, same in earlier
                 if (same or cond.misses_at_least is None) and subsumes(cond, branch.when)), None)
            if reason:
                dead[(owner, via, index)] = Dead("never", reason, reason_zh)
            elif winner:
                dead[(owner, via, index)] = Dead("shadowed", winner)
            else:
                earlier.append((f"{via}[{index}]", branch.when, True))

    live_always: list[tuple[str, Condition, bool]] = []
    scan(ANY_NODE, "always", scenario.always, live_always)
    for node in scenario.nodes.values():
        earlier = list(live_always)
        scan(node.id, "branches", node.branches, earlier)
        # fallbacks run only when no branch held, with one more miss counted than the branches saw
        earlier = [(label, cond, False) for label, cond, _ in earlier]
        scan(node.id, "fallback", node.fallback, earlier)
    return dead


# ------------------------------------------------------------------------------------------- graph

@dataclass(frozen=True)
class GraphNode:
    id: str
    type: str                 # "node" | "ending"
    title: str                # a node's first line, an ending's title
    kind: str = ""            # an ending's kind: success | partial | failure
    start: bool = False
    reachable: bool = True
    line: int = 0


@dataclass(frozen=True)
class GraphEdge:
    source: str               # a node id, or ANY_NODE for always / timeout / rage
    target: str
    via: str                  # "branches" | "fallback" | "always" | "timeout" | "rage"
    index: int = 0            # 1-based within its list; 0 for timeout / rage
    condition: str = ""
    mood: int = 0
    because: str = ""
    line: int = 0
    live: bool = True         # False: never holds, or an earlier branch always wins
    dead_reason: str = ""

    @property
    def label(self) -> str:
        """The same label the engine records in a turn's ``branch`` field."""
        return f"{self.via}[{self.index}]" if self.index else self.via


@dataclass
class ScenarioGraph:
    scenario: str
    title: str
    start: str
    nodes: list[GraphNode] = field(default_factory=list)
    edges: list[GraphEdge] = field(default_factory=list)

    def node(self, ident: str) -> GraphNode | None:
        return next((n for n in self.nodes if n.id == ident), None)

    def outgoing(self, ident: str) -> list[GraphEdge]:
        return [e for e in self.edges if e.source == ident]

    def to_json(self) -> dict:
        return {"scenario": self.scenario, "title": self.title, "start": self.start,
                "nodes": [asdict(n) for n in self.nodes],
                "edges": [asdict(e) | {"label": e.label} for e in self.edges]}


def reachable(scenario: Scenario, dead: dict | None = None) -> set[str]:
    """Node and ending ids a session can get to from the start, along live branches only."""
    dead = dead_branches(scenario) if dead is None else dead
    seen: set[str] = set()
    if scenario.start not in scenario.nodes:
        return seen
    seen.add(scenario.start)
    everywhere = [b.goto for i, b in enumerate(scenario.always, 1) if (ANY_NODE, "always", i) not in dead and b.goto]
    everywhere += [t for t in (scenario.on_timeout, scenario.on_rage, scenario.on_vague) if t]
    seen.update(t for t in everywhere if scenario.target_exists(t))
    todo = [scenario.start] + [t for t in everywhere if t in scenario.nodes]
    while todo:
        node = scenario.nodes[todo.pop()]
        for via, branches in (("branches", node.branches), ("fallback", node.fallback)):
            for index, branch in enumerate(branches, 1):
                target = branch.goto
                if target and (node.id, via, index) not in dead and scenario.target_exists(target) and target not in seen:
                    seen.add(target)
                    if target in scenario.nodes:
                        todo.append(target)
    return seen


def _needs_forbidden(cond: Condition) -> bool:
    return (cond.forbidden is not None and cond.forbidden != "none") or bool(cond.forbidden_ids)


def without_exit(scenario: Scenario, dead: dict | None = None) -> set[str]:
    """Nodes from which no ending can be reached by a trainee who never says a forbidden phrase.

    The turn limit and the ``on_rage`` ending always end a session eventually; a node counted
    here can end *only* that way (or by the trainee being rude), which is an authoring mistake.
    """
    dead = dead_branches(scenario) if dead is None else dead
    edges: dict[str, set[str]] = {ident: set() for ident in scenario.nodes}
    polite_always = [b.goto for i, b in enumerate(scenario.always, 1)
                     if (ANY_NODE, "always", i) not in dead and b.goto and not _needs_forbidden(b.when)]
    for node in scenario.nodes.values():
        edges[node.id].update(polite_always)
        for via, branches in (("branches", node.branches), ("fallback", node.fallback)):
            for index, branch in enumerate(branches, 1):
                if branch.goto and (node.id, via, index) not in dead and not _needs_forbidden(branch.when):
                    edges[node.id].add(branch.goto)
    can_end = set(scenario.endings)
    changed = True
    while changed:
        changed = False
        for ident, targets in edges.items():
            if ident not in can_end and targets & can_end:
                can_end.add(ident)
                changed = True
    return set(scenario.nodes) - can_end


def _edge(owner: str, via: str, index: int, branch: Branch, dead: dict) -> GraphEdge:
    why = dead.get((owner, via, index))
    return GraphEdge(owner, branch.goto or owner, via, index, describe_condition(branch.when), branch.mood,
                     branch.because, branch.line, why is None,
                     "" if why is None else (why.detail if why.reason == "never" else f"{why.detail} always wins"))


def scenario_graph(scenario: Scenario) -> ScenarioGraph:
    """Every node, ending and branch of a scenario; fallbacks without ``goto`` are self-loops."""
    dead = dead_branches(scenario)
    seen = reachable(scenario, dead)
    graph = ScenarioGraph(scenario.id, scenario.title, scenario.start)
    for node in scenario.nodes.values():
        graph.nodes.append(GraphNode(node.id, "node", node.say[0] if node.say else "", "", node.id == scenario.start,
                                     node.id in seen, node.line))
    for ending in scenario.endings.values():
        graph.nodes.append(GraphNode(ending.id, "ending", ending.title, ending.kind, False, ending.id in seen, ending.line))
    for index, branch in enumerate(scenario.always, 1):
        if branch.goto:
            graph.edges.append(_edge(ANY_NODE, "always", index, branch, dead))
    for node in scenario.nodes.values():
        for via, branches in (("branches", node.branches), ("fallback", node.fallback)):
            for index, branch in enumerate(branches, 1):
                graph.edges.append(_edge(node.id, via, index, branch, dead))
    for via, target in (("timeout", scenario.on_timeout), ("rage", scenario.on_rage)):
        if target:
            condition = f"turn ≥ {scenario.max_turns}" if via == "timeout" else "mood ≥ 100"
            graph.edges.append(GraphEdge(ANY_NODE, target, via, 0, condition))
    return graph


# ----------------------------------------------------------------------------------------- renderers

def _short(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _edge_text(edge: GraphEdge) -> str:
    text = edge.label
    if edge.condition:
        text += f" {edge.condition}"
    if edge.mood:
        text += f" (mood {edge.mood:+d})"
    if not edge.live:
        text += " ✗"
    return text


def to_mermaid(graph: ScenarioGraph) -> str:
    """Mermaid flowchart text: paste into a Markdown file, GitHub or mermaid.live to see it."""
    ids = {n.id: f"n{i}" for i, n in enumerate(graph.nodes)}
    ids[ANY_NODE] = "anynode"

    def esc(text: str) -> str:
        for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#60;"), (">", "#62;"), ("|", "#124;"), ("\n", " ")):
            text = text.replace(char, code)
        return text

    out = ["flowchart TD", f"  %% {graph.scenario}: {' '.join(graph.title.split())}"]
    for node in graph.nodes:
        label = f"{esc(node.id)}<br/>{esc(_short(node.title))}"
        if node.type == "ending":
            out.append(f'  {ids[node.id]}(["{label}"]):::{node.kind}')
        else:
            style = "startstep" if node.start else ("unreached" if not node.reachable else "step")
            out.append(f'  {ids[node.id]}["{label}"]:::{style}')
    if any(e.source == ANY_NODE for e in graph.edges):
        out.append('  anynode{{"任意节点 / any node"}}:::anystep')
    for edge in graph.edges:
        arrow = "-.->" if edge.source == ANY_NODE or not edge.live else "-->"
        out.append(f'  {ids[edge.source]} {arrow}|"{esc(_edge_text(edge))}"| {ids[edge.target]}')
    out += [
        f"  classDef success fill:{KIND_COLOURS['success']},stroke:#2e7d32",
        f"  classDef partial fill:{KIND_COLOURS['partial']},stroke:#f9a825",
        f"  classDef failure fill:{KIND_COLOURS['failure']},stroke:#c62828",
        f"  classDef step fill:{NODE_COLOUR},stroke:#1565c0",
        f"  classDef startstep fill:{START_COLOUR},stroke:#0d47a1,stroke-width:3px",
        f"  classDef unreached fill:{DEAD_COLOUR},stroke:#9e9e9e,stroke-dasharray:4",
        "  classDef anystep fill:#ffffff,stroke:#9e9e9e,stroke-dasharray:4",
    ]
    return "\n".join(out) + "\n"


def to_dot(graph: ScenarioGraph) -> str:
    """Graphviz DOT text: ``trainer graph ID --format dot | dot -Tsvg > map.svg``."""
    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")

    def q(text: str) -> str:
        return f'"{esc(text)}"'

    out = [f"digraph {q(graph.scenario)} {{", f"  label={q(graph.title)};", "  labelloc=t;", "  rankdir=TB;",
           '  node [fontname="sans-serif", style=filled];', '  edge [fontname="sans-serif", fontsize=10];']
    for node in graph.nodes:
        label = f'"{esc(node.id)}\\n{esc(_short(node.title))}"'
        if node.type == "ending":
            out.append(f"  {q(node.id)} [label={label}, shape=ellipse, fillcolor={q(KIND_COLOURS.get(node.kind, '#ffffff'))}];")
        else:
            colour = START_COLOUR if node.start else (NODE_COLOUR if node.reachable else DEAD_COLOUR)
            extra = ", penwidth=3" if node.start else ("" if node.reachable else ", style=\"filled,dashed\"")
            out.append(f"  {q(node.id)} [label={label}, shape=box, fillcolor={q(colour)}{extra}];")
    if any(e.source == ANY_NODE for e in graph.edges):
        out.append(f'  {q(ANY_NODE)} [label="任意节点 / any node", shape=hexagon, style=dashed];')
    for edge in graph.edges:
        style = "dashed" if edge.source == ANY_NODE or not edge.live else "solid"
        colour = "#c62828" if not edge.live else "#424242"
        out.append(f"  {q(edge.source)} -> {q(edge.target)} [label={q(_edge_text(edge))}, style={style}, color={q(colour)}];")
    out.append("}")
    return "\n".join(out) + "\n"


RENDERERS = {"mermaid": to_mermaid, "dot": to_dot}

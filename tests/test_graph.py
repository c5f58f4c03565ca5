"""The scenario graph (shared by ``trainer graph``, lint and the TUI map) and branch analysis."""

import json
from pathlib import Path

import pytest

from trainer.authoring.graph import (
    ANY_NODE, RENDERERS, dead_branches, describe_condition, never_holds, reachable, scenario_graph, subsumes,
    to_dot, to_mermaid, without_exit,
)
from trainer.dialogue.scenario import Condition
from trainer.dialogue.scenario_loader import load_scenario_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lint"
ROOT = Path(__file__).resolve().parent.parent


def load(name: str):
    return load_scenario_file(FIXTURES / f"{name}.yaml")


@pytest.mark.parametrize("earlier, later, wins", [
    (Condition(), Condition(has=("a",)), True),
    (Condition(has=("a",)), Condition(has=("a", "b")), True),
    (Condition(has=("a", "b")), Condition(has=("a",)), False),
    (Condition(forbidden="any"), Condition(forbidden="critical"), True),
    (Condition(forbidden="critical"), Condition(forbidden="any"), False),
    (Condition(forbidden="any"), Condition(forbidden_ids=("rule-excuse",)), True),
    (Condition(any=("a", "b")), Condition(has=("b",)), True),
    (Condition(any=("a", "b"), at_least=2), Condition(has=("b",)), False),
    (Condition(any=("a", "b", "c")), Condition(any=("a", "b")), True),
    (Condition(any=("a", "b")), Condition(any=("a", "z")), False),
    (Condition(mood_at_least=50), Condition(mood_at_least=70), True),
    (Condition(mood_at_least=70), Condition(mood_at_least=50), False),
    (Condition(mood_below=50), Condition(mood_below=30), True),
    (Condition(vars=(("x", 1),)), Condition(vars=(("x", 1), ("y", 2))), True),
    (Condition(misses_at_least=2), Condition(), False),
    (Condition(lacks=("a",)), Condition(lacks=("a", "b"), has=("c",)), True),
])
def test_subsumes(earlier, later, wins):
    assert subsumes(earlier, later) is wins


def test_never_holds_explains_in_both_languages():
    zh, en = never_holds(Condition(has=("a",), lacks=("a",)))
    assert "has" in en and "同时" in zh
    assert never_holds(Condition(mood_at_least=120))[1]
    assert never_holds(Condition(vars=(("x", 3),)), {"x": [1, 2]})[1].startswith("variable 'x' is never 3")
    assert never_holds(Condition(vars=(("x", 3),)), {"x": None}) == ("", "")   # `add` makes it open-ended
    assert never_holds(Condition(has=("a",))) == ("", "")


def test_dead_branches_of_the_shadowed_fixture():
    dead = dead_branches(load("shadowed"))
    assert {key: why.detail for key, why in dead.items()} == {
        ("opening", "branches", 2): "branches[1]",
        ("opening", "branches", 3): "always[1]",
        ("serving", "branches", 2): "branches[1]",
        ("serving", "fallback", 1): "branches[1]",
    }


def test_a_fallback_is_not_shadowed_by_a_branch_that_counts_misses():
    scenario = load("clean")
    assert not dead_branches(scenario)


def test_reachability_and_exits():
    assert "calm" not in reachable(load("unreachable"))
    assert "praised" not in reachable(load("unreached-ending"))
    assert without_exit(load("dead-end")) == {"stuck"}
    clean = load("clean")
    assert reachable(clean) == set(clean.nodes) | set(clean.endings)
    assert not without_exit(clean)


def test_shadowed_branches_do_not_count_for_reachability():
    scenario = load("shadowed")
    # serving's fallback to "left" is dead, but opening's fallback still reaches it
    assert {"opening", "serving", "done", "left"} <= reachable(scenario)


def test_graph_data():
    scenario = load("clean")
    graph = scenario_graph(scenario)
    assert [n.id for n in graph.nodes] == ["opening", "serving", "done", "done-cold", "left", "complaint"]
    assert graph.node("opening").start and graph.node("done").kind == "success"
    labels = {(e.source, e.label, e.target) for e in graph.edges}
    assert ("opening", "branches[1]", "serving") in labels
    assert ("opening", "fallback[2]", "opening") in labels          # a fallback without goto stays
    assert (ANY_NODE, "always[1]", "complaint") in labels
    assert (ANY_NODE, "timeout", "left") in labels and (ANY_NODE, "rage", "complaint") in labels
    edge = next(e for e in graph.outgoing("serving") if e.label == "branches[1]")
    assert edge.condition == "has: solution · greeted = True" and edge.live
    data = graph.to_json()
    json.dumps(data, ensure_ascii=False)
    assert data["edges"][0]["label"] == "always[1]"


def test_dead_edges_are_marked():
    graph = scenario_graph(load("shadowed"))
    dead = [e for e in graph.edges if not e.live]
    assert len(dead) == 4 and all("always wins" in e.dead_reason for e in dead)
    assert graph.node("opening").reachable


def test_unreachable_nodes_are_marked():
    graph = scenario_graph(load("unreachable"))
    assert not graph.node("calm").reachable and graph.node("opening").reachable


def test_mermaid():
    text = to_mermaid(scenario_graph(load("clean")))
    assert text.startswith("flowchart TD\n")
    assert ':::success' in text and ':::partial' in text and ':::failure' in text and ':::startstep' in text
    assert "classDef success fill:" in text
    assert '-->|"branches[1] has: greeting"|' in text
    assert "anynode -.->" in text


def test_mermaid_escapes_quotes_and_angle_brackets():
    scenario = load("never-holds")
    text = to_mermaid(scenario_graph(scenario))
    assert "mood #60; 50" in text and 'mood < 50' not in text


def test_dot():
    text = to_dot(scenario_graph(load("clean")))
    assert text.startswith('digraph "clean" {') and text.rstrip().endswith("}")
    assert '"done" [label="done\\n满意", shape=ellipse, fillcolor="#c8e6c9"]' in text
    assert '"opening" -> "serving"' in text
    assert set(RENDERERS) == {"mermaid", "dot"}


def test_describe_condition():
    cond = Condition(forbidden="any", has=("a",), any=("b", "c"), at_least=5, lacks=("d",), mood_below=30,
                     vars=(("v", 1),), misses_at_least=2)
    assert describe_condition(cond) == "forbidden: any · has: a · any 2: b, c · lacks: d · mood < 30 · v = 1 · misses ≥ 2"
    assert describe_condition(Condition()) == ""


def test_graph_of_the_reference_scenario():
    scenario = load_scenario_file(ROOT / "scenarios" / "one-yuan-loop.yaml")
    graph = scenario_graph(scenario)
    assert all(n.reachable for n in graph.nodes)
    assert {n.kind for n in graph.nodes if n.type == "ending"} == {"success", "partial", "failure"}

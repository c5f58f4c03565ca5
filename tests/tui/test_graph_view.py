"""The scenario map: every node, branch and ending in a tree, links that jump, lost nodes set apart."""

from __future__ import annotations

import re

from trainer.authoring.graph import scenario_graph
from trainer.dialogue.scenario_loader import load_scenario_file
from trainer.tui.labels import KIND_STYLES
from trainer.tui.screens.graph_view import GraphViewScreen
from trainer.tui.screens.start import StartScreen
from trainer.tui.widgets.scenario_map import UNREACHABLE_GROUP, UNREACHABLE_STYLE, ScenarioMap

from .conftest import SCENARIO, make_app, sign_in

UNREACHABLE = """\
id: lost-node
title: 取款
role: 柜员
difficulty: 初级
summary: 客户来取钱。
source: 测试
objectives: [问好并办理]
customer: {name: 王先生, need: 取钱}
on_timeout: left
on_rage: left
start: opening
nodes:
  opening:
    say: 我取钱。
    reference: 您好。
    branches:
      - {when: {has: [greeting]}, goto: done}
    fallback: [{goto: left}]
  calm:
    say: 好吧。
    reference: 谢谢您。
    branches:
      - {when: {has: [thanks]}, goto: done}
    fallback: [{goto: left}]
endings:
  done: {kind: success, title: 满意, debrief: 好。}
  left: {kind: partial, title: 走了, debrief: 没办成。}
"""


def lines(tree: ScenarioMap) -> list:
    """Every tree node, depth first, whether or not it is expanded."""
    out, todo = [], list(reversed(tree.root.children))
    while todo:
        node = todo.pop()
        out.append(node)
        todo.extend(reversed(node.children))
    return out


def styles(label) -> str:
    return " ".join([str(label.style)] + [str(span.style) for span in label.spans])


async def open_map(pilot, scenario, current=None) -> ScenarioMap:
    pilot.app.push_screen(GraphViewScreen(scenario, current))
    await pilot.pause()
    await pilot.pause()
    return pilot.app.screen.query_one(ScenarioMap)


async def test_every_node_branch_and_ending_is_on_the_map_with_endings_coloured_by_kind(store, catalog):
    scenario = catalog.library.get(SCENARIO)
    graph = scenario_graph(scenario)
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        tree = await open_map(pilot, scenario)
        assert set(tree.homes) == {n.id for n in graph.nodes}
        for node in graph.nodes:
            label = tree.homes[node.id].label
            assert node.id in label.plain
            if node.type == "ending":
                assert node.title[:4] in label.plain
                assert KIND_STYLES[node.kind] in styles(label)
        drawn = [n.data.edge for n in lines(tree) if n.data.edge is not None]
        assert sorted(drawn, key=repr) == sorted(graph.edges, key=repr), "each branch drawn exactly once"
        for node in lines(tree):
            edge = node.data.edge
            if edge is not None:
                words = tree.words
                assert words.title(edge) in node.label.plain and words.condition(edge) in node.label.plain
        assert not [n for n in lines(tree) if n.data.group == UNREACHABLE_GROUP]
        assert tree.cursor_node is tree.homes[graph.start]


async def test_a_link_jumps_to_the_node_with_enter_or_a_click(store, catalog):
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        tree = await open_map(pilot, catalog.library.get(SCENARIO))
        link = next(n for n in lines(tree) if not n.data.home and n.data.target in tree.homes
                    and n.data.edge.source != n.data.target and "(见下)" in n.label.plain)
        tree.move_cursor(link)
        await pilot.pause()
        details = app.screen.query_one("#map-detail").text.plain
        assert link.data.edge.because in details and f"节点 {link.data.target}" in details
        await pilot.press("enter")
        await pilot.pause()
        assert tree.cursor_node is tree.homes[link.data.target]

        await pilot.press("home")
        await pilot.pause()
        assert tree.cursor_node is tree.homes[tree.graph.start]
        assert 0 < link.line < tree.scrollable_content_region.height
        await pilot.click(ScenarioMap, offset=(12, link.line + 1))
        await pilot.pause()
        assert tree.cursor_node is tree.homes[link.data.target]


async def test_unreachable_nodes_are_listed_apart_in_grey(store, catalog, tmp_path):
    path = tmp_path / "lost-node.yaml"
    path.write_text(UNREACHABLE, encoding="utf-8")
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        tree = await open_map(pilot, load_scenario_file(path))
        [group] = [n for n in tree.root.children if n.data.group == UNREACHABLE_GROUP]
        assert [child.data.target for child in group.children] == ["calm"]
        assert UNREACHABLE_STYLE in styles(group.children[0].label)
        assert "1 个走不到" in app.screen.sub_title
        tree.move_cursor(group.children[0])
        await pilot.pause()
        assert "走不到" in app.screen.query_one("#map-detail").text.plain


async def test_f7_on_the_start_screen_maps_the_highlighted_scenario(store, catalog):
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        app.screen.query_one("#search").value = SCENARIO
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, GraphViewScreen) and app.screen.scenario.id == SCENARIO
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


INTERNAL = re.compile(r"branches\[|fallback\[|always\[|has:|\bany \d|lacks:|forbidden:|mood [≥<]|×")


async def test_the_map_speaks_chinese_not_the_yaml_words(store, catalog):
    app = make_app(store, catalog=catalog)
    async with app.run_test(size=(160, 50)) as pilot:
        for scenario in catalog.library.scenarios.values():
            tree = await open_map(pilot, scenario)
            screen = app.screen
            shown = [node.label.plain for node in lines(tree)]
            shown += [screen.details(node.data).plain for node in lines(tree) if node.data is not None]
            leaks = {word for text in shown for word in INTERNAL.findall(text)}
            assert leaks == set(), scenario.id
            key_point = next(iter(scenario.key_points.values()))
            assert any(key_point.name in text for text in shown), scenario.id
            await pilot.press("escape")

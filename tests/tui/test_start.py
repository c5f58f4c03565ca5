"""The start screen: interactive at once, honest about broken content, remembers the trainee."""

from __future__ import annotations

import shutil
import threading

import trainer.cache as cache_module
import trainer.dialogue.catalog as catalog_module
from trainer.tui.screens.content_error import ContentErrorScreen
from trainer.tui.screens.start import StartScreen
from trainer.tui.widgets.scenario_list import ROLE_PREFIX, ScenarioList

from .conftest import FROZEN, SCENARIO, catalog_loaded, make_app, sign_in

BROKEN_SCENARIO = "id: broken-one\ntitle: 坏掉的情景\nrole: 柜员\ndifficulty: 超难\nnodes: [\n"


def enabled_ids(screen) -> list[str]:
    return [o.id for o in screen.query_one(ScenarioList).options if not o.disabled]


def copy_content(tmp_path):
    scenarios, rubrics = tmp_path / "scenarios", tmp_path / "rubrics"
    shutil.copytree(FROZEN[0], scenarios)
    shutil.copytree(FROZEN[1], rubrics)
    return scenarios, rubrics


async def test_first_screen_takes_input_while_the_catalog_is_still_loading(store, monkeypatch):
    release = threading.Event()
    real = catalog_module.load_catalog

    def slow(*args, **kwargs):
        assert release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(catalog_module, "load_catalog", slow)
    app = make_app(store, FROZEN)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen) and app.catalog is None
        assert not app.screen.query(ScenarioList) and app.screen.query_one("#loading").display
        await pilot.press(*"王五")
        assert app.screen.query_one("#name").value == "王五"
        release.set()
        await catalog_loaded(pilot)
        assert SCENARIO in enabled_ids(app.screen)



async def test_the_heap_the_catalog_load_freed_is_handed_back_once_it_has_loaded(store, monkeypatch):
    calls = []
    real = catalog_module.load_catalog
    monkeypatch.setattr(catalog_module, "load_catalog", lambda *folders: calls.append("loaded") or real(*folders))
    monkeypatch.setattr(cache_module, "return_freed_memory", lambda: calls.append("handed back"))
    app = make_app(store, FROZEN)
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        assert calls == ["loaded", "handed back"]

async def test_a_broken_scenario_file_is_listed_with_its_line_and_hides_nothing_else(store, tmp_path):
    scenarios, rubrics = copy_content(tmp_path)
    (scenarios / "broken-one.yaml").write_text(BROKEN_SCENARIO, encoding="utf-8")
    app = make_app(store, (scenarios, rubrics))
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        problems = app.catalog.library.problems
        assert problems and all(p.file.endswith("broken-one.yaml") for p in problems)
        notice = app.screen.query_one("#problems")
        assert notice.display
        for problem in problems:
            assert f"broken-one.yaml:{problem.line}" in notice.text.plain
        assert sorted(enabled_ids(app.screen)) == sorted(p.stem for p in FROZEN[0].glob("*.yaml"))


async def test_broken_rubrics_show_an_error_screen_with_file_and_line_then_reload(store, tmp_path):
    scenarios, rubrics = copy_content(tmp_path)
    forbidden = rubrics / "forbidden.yaml"
    good = forbidden.read_text(encoding="utf-8")
    forbidden.write_text(good.replace("severity: major", "severity: terrible", 1), encoding="utf-8")
    app = make_app(store, (scenarios, rubrics))
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ContentErrorScreen) and app.catalog is None
        listing = screen.query_one("#error-list").text.plain
        assert "forbidden.yaml:" in listing and "terrible" in listing
        assert "Traceback" not in listing

        forbidden.write_text(good, encoding="utf-8")
        await pilot.press("f9")
        await catalog_loaded(pilot)
        assert isinstance(app.screen, StartScreen) and SCENARIO in enabled_ids(app.screen)


async def test_the_trainee_is_remembered_for_the_next_launch(store, frozen_catalog):
    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "李四", "2002")
        assert app.trainee.name == "李四"
    again = make_app(store, FROZEN, frozen_catalog)
    async with again.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        screen = again.screen
        assert screen.query_one("#name").value == "李四" and screen.query_one("#staff").value == "2002"
        assert "李四" in screen.sub_title
        assert isinstance(again.focused, ScenarioList), "a known trainee goes straight to the list"


async def test_nothing_is_recorded_without_a_name(store, frozen_catalog):
    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        app.screen.query_one(ScenarioList).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen) and app.focused.id == "name"
    assert store.list_sessions() == [] and store.list_trainees() == []


async def test_search_filters_the_grouped_list(store, frozen_catalog):
    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        screen = app.screen
        roles = [o.id for o in screen.query_one(ScenarioList).options if o.id.startswith(ROLE_PREFIX)]
        assert len(roles) == len({s.role for s in frozen_catalog.library.scenarios.values()}) > 1
        await pilot.press("ctrl+f", *"柜员 中级")
        await pilot.pause()
        assert enabled_ids(screen) == [SCENARIO]
        screen.query_one("#search").value = "没有这个情景"
        await pilot.pause()
        assert enabled_ids(screen) == []


async def test_mode_toggles_with_f2_and_with_the_mouse(store, frozen_catalog):
    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        screen = app.screen
        assert screen.mode == "practice"
        await pilot.press("f2")
        assert screen.mode == "exam"
        await pilot.click("#practice")
        await pilot.pause()
        assert screen.mode == "practice"


async def test_one_click_picks_a_scenario_and_a_double_click_starts_it(store, frozen_catalog):
    from trainer.tui.screens.play import PlayScreen

    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        screen = app.screen
        scenarios = screen.query_one(ScenarioList)
        first = scenarios.selected_id
        await pilot.click(ScenarioList, offset=(6, 4))
        await pilot.pause()
        assert app.screen is screen and scenarios.selected_id not in (None, first)
        picked = scenarios.selected_id
        assert picked in screen.query_one("#detail").text.plain or frozen_catalog.library.get(picked).title in \
            screen.query_one("#detail").text.plain
        await pilot.click(ScenarioList, offset=(6, 4), times=2)
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and app.screen.session.scenario.id == picked

"""The report screen: the four views of ``build_report`` as tables, and exports to a typed path."""

from __future__ import annotations

import csv

import pytest
from textual.widgets import DataTable, TabbedContent

from trainer.paths import data_dir
from trainer.reports import VIEWS, build_report, view_table
from trainer.tui.screens.report import ReportScreen, target_for

from .conftest import FROZEN, SCENARIO, make_app, seed_session
from .test_history import GOOD, RUDE, T0
from .test_layout import layout_problems


def seed(store, catalog) -> None:
    me = store.upsert_trainee("张三", "10086")
    other = store.upsert_trainee("赵六", "30003")
    seed_session(store, catalog, me.id, SCENARIO, RUDE, T0)
    seed_session(store, catalog, me.id, SCENARIO, GOOD, T0.replace(month=4))
    sid = store.start_session(other.id, SCENARIO, "exam", {}, team="一组", drill_id="d1", now=T0)
    store.abandon_session(sid, now=T0)


async def open_report(pilot) -> ReportScreen:
    await pilot.pause()
    await pilot.press("f6")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReportScreen)
    return pilot.app.screen


def shown(screen: ReportScreen, view: str) -> list[list[str]]:
    table = screen.query_one(f"#report-{view}", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_the_four_views_show_the_report_and_the_period_switches(store, frozen_catalog):
    seed(store, frozen_catalog)
    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_report(pilot)
        report = build_report(store)
        for number, view in enumerate(VIEWS, 1):
            await pilot.press(str(number))
            await pilot.pause()
            assert screen.query_one(TabbedContent).active == f"tab-{view}" and screen.view == view
            want = view_table(report, view, compact=True)
            table = screen.query_one(f"#report-{view}", DataTable)
            assert [str(c.label) for c in table.columns.values()] == list(want.headers)
            assert [row[: len(want.headers)][0] for row in shown(screen, view)] == [
                "-" if row[0] in (None, "") else str(row[0]) for row in want.rows]
        assert [row[1] for row in shown(screen, "trainee")] == ["张三", "赵六"]
        assert [row[0] for row in shown(screen, "team")] == ["一组", "(未分组)"]
        summary = screen.query_one("#report-summary").text.plain
        assert "练习 3 次, 完成 2, 放弃 1" in summary

        await pilot.press("w")
        await pilot.pause()
        assert [row[1] for row in shown(screen, "period")] == ["2025年3月", "2025年4月"]
        assert layout_problems(screen) == []


async def test_exports_write_the_typed_path_with_each_format(store, frozen_catalog, tmp_path):
    seed(store, frozen_catalog)
    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_report(pilot)
        await pilot.press("3")  # CSV carries the view on screen
        screen.query_one("#report-path").value = str(tmp_path / "out" / "周报.xlsx")
        await pilot.press("c")
        await pilot.pause()
        await pilot.click("#export-xlsx")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert "已导出" in str(screen.query_one("#report-status").content)

    rows = list(csv.reader((tmp_path / "out" / "周报.csv").open(encoding="utf-8-sig")))
    assert rows[0][:2] == ["情景编号", "情景"] and rows[1][0] == SCENARIO
    assert (tmp_path / "out" / "周报.xlsx").read_bytes()[:2] == b"PK"
    assert "<html" in (tmp_path / "out" / "周报.html").read_text(encoding="utf-8")


async def test_the_default_export_lands_in_the_user_data_dir_and_failures_are_shown(store, frozen_catalog, tmp_path):
    app = make_app(store, FROZEN, frozen_catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_report(pilot)
        assert "还没有练习记录" in screen.query_one("#report-summary").text.plain
        await pilot.press("h")
        await pilot.pause()
        written = list((data_dir() / "exports").glob("*.html"))
        assert len(written) == 1 and str(written[0]) in str(screen.query_one("#report-status").content)

        (tmp_path / "blocker").write_text("a file, not a folder")
        screen.query_one("#report-path").value = str(tmp_path / "blocker" / "x")
        await pilot.press("h")
        await pilot.pause()
        assert "导出失败" in str(screen.query_one("#report-status").content)


@pytest.mark.parametrize("typed, fmt, name", [("a/周报", "csv", "a/周报.csv"), ("a/周报.xlsx", "html", "a/周报.html"),
                                              ("a/v1.2", "xlsx", "a/v1.2.xlsx")])
def test_one_path_box_serves_every_format(typed, fmt, name):
    assert target_for(typed, fmt) == data_dir() / "exports" / name

"""Training reports: the counts a manager acts on must be exact, and every export must open."""

from __future__ import annotations

import csv
import json
import math
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from trainer.cli.group import main
from trainer.reports import build_report, render_text, trend
from trainer.reports.charts import RADAR_R, RADAR_H, RADAR_W, radar, trend_line
from trainer.reports.export_csv import write_csv
from trainer.reports.export_html import html_page, write_html
from trainer.reports.export_xlsx import write_xlsx
from trainer.store import Store, open_store

MONDAY = datetime(2024, 5, 6, 10, 0, tzinfo=timezone.utc)  # ISO week 19
EVIL = "<script>alert(1)</script>"
TITLES = {"one-yuan-loop": "存一块取一块", "coin-deposit-elder": "零钱老人", "complain-anywhere-inspector": "暗访客户"}
PHRASES = {"rule-excuse": "这是规定", "cannot-do": "这事儿没法办", "too-busy": "没看我正忙着吗"}
KEY_POINTS = {"ask-reason": "询问原因", "empathy": "认同客户感受", "greeting": "问候语"}
OUTCOME = {"success": 15, "partial": 7, "failure": 0}

# (staff no, scenario, day after MONDAY, team, ending or abandoned/open, score, forbidden ids, missed key point ids)
SESSIONS = [
    ("A001", "one-yuan-loop", 0, "一组", "failure", 30, ["rule-excuse", "rule-excuse"], ["ask-reason", "empathy", "empathy"]),
    ("A001", "one-yuan-loop", 1, "一组", "partial", 60, ["rule-excuse"], ["empathy"]),
    ("A002", "coin-deposit-elder", 2, "一组", "abandoned", None, [], []),
    ("A003", "complain-anywhere-inspector", 3, "二组", "success", 70, [], ["empathy"]),
    ("A001", "coin-deposit-elder", 8, "一组", "success", 80, [], []),
    ("A002", "coin-deposit-elder", 9, "一组", "failure", 20, ["too-busy", "cannot-do"], ["greeting"]),
    ("A003", "complain-anywhere-inspector", 10, "二组", "abandoned", None, [], []),
    ("A001", "one-yuan-loop", 15, "一组", "success", 90, [], []),
    ("A002", "complain-anywhere-inspector", 16, "一组", "partial", 50, ["rule-excuse"], ["empathy", "greeting"]),
    ("A003", "one-yuan-loop", 17, "二组", "failure", 40, ["cannot-do"], ["ask-reason"]),
    ("A002", "one-yuan-loop", 18, None, "success", 100, [], []),
    ("A001", "complain-anywhere-inspector", 19, "一组", "open", None, [], []),
]
NAMES = {"A001": "王芳", "A002": "李雷", "A003": EVIL}


def _summary(scenario: str, ending: str, score: int, forbidden: list[str], missed: list[str]) -> dict:
    return {
        "scenario": scenario, "title": TITLES[scenario], "ending": {"id": f"{ending}-end", "kind": ending},
        "score": score,
        "dimensions": {"key_points": {"points": score / 2, "max": 50}, "polite": {"points": 15, "max": 15},
                       "forbidden": {"points": max(0, 20 - 10 * len(forbidden)), "max": 20},
                       "outcome": {"points": OUTCOME[ending], "max": 15}},
        "forbidden": [{"id": f, "phrase": PHRASES[f], "turn": i + 1} for i, f in enumerate(forbidden)],
        "missed_key_points": [{"id": k, "name": KEY_POINTS[k], "node": "n"} for k in missed],
    }


def fill(store: Store, sessions: list[tuple], start: datetime = MONDAY) -> None:
    trainees = {no: store.upsert_trainee(name, no, now=start) for no, name in NAMES.items()}
    for no, scenario, day, team, ending, score, forbidden, missed in sessions:
        when = start + timedelta(days=day)
        sid = store.start_session(trainees[no].id, scenario, "practice", {}, team=team, now=when)
        if ending == "abandoned":
            store.abandon_session(sid, now=when + timedelta(minutes=3))
        elif ending != "open":
            store.finish_session(sid, f"{ending}-end", ending, score, _summary(scenario, ending, score, forbidden, missed),
                                 now=when + timedelta(minutes=3))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "records.sqlite3"
    with open_store(path) as store:
        fill(store, SESSIONS)
    return path


@pytest.fixture
def store(db: Path):
    with open_store(db) as opened:
        yield opened


@pytest.fixture
def report(store: Store):
    return build_report(store, tz=timezone.utc)


def _row(rows, key):
    return next(row for row in rows if row.key == key)


@pytest.mark.parametrize(
    ("scores", "slope"),
    [([], None), ([50], None), ([30, 60, 80, 90], 20), ([10, 10, 10], 0), ([100, 0], -100), ([20, 50, 100], 40)],
)
def test_trend_is_the_least_squares_slope_per_attempt(scores, slope):
    assert trend(scores) == (None if slope is None else pytest.approx(slope))


def test_overall_counts(report):
    o = report.overall
    assert (o.attempts, o.finished, o.abandoned) == (12, 9, 2)  # one session is still open
    assert (o.average, o.best) == (60, 100)
    assert o.scores == (30, 60, 70, 80, 20, 90, 50, 40, 100)
    assert [(c.id, c.text, c.count) for c in o.forbidden] == [
        ("rule-excuse", "这是规定", 4), ("cannot-do", "这事儿没法办", 2), ("too-busy", "没看我正忙着吗", 1)]
    # Once per session: the first session lists 认同客户感受 twice but forgot it once.
    assert [(c.id, c.count) for c in o.missed] == [("empathy", 4), ("ask-reason", 2), ("greeting", 2)]
    assert o.endings == {"success": 4, "partial": 2, "failure": 3}
    assert o.dimensions["key_points"] == pytest.approx(60)
    assert o.dimensions["polite"] == pytest.approx(100)
    assert o.dimensions["forbidden"] == pytest.approx(550 / 9)


@pytest.mark.parametrize(
    ("view", "key", "label", "attempts", "finished", "abandoned", "average", "best", "slope"),
    [
        ("trainee", "A001", "王芳", 5, 4, 0, 65, 90, 20),
        ("trainee", "A002", "李雷", 4, 3, 1, 170 / 3, 100, 40),
        ("trainee", "A003", EVIL, 3, 2, 1, 55, 70, -30),
        ("team", "一组", "一组", 8, 6, 1, 55, 90, 26 / 7),
        ("team", "", "(未分组)", 1, 1, 0, 100, 100, None),
        ("scenario", "one-yuan-loop", "存一块取一块", 5, 5, 0, 64, 100, 12),
        ("scenario", "coin-deposit-elder", "零钱老人", 3, 2, 1, 50, 80, -60),
        ("scenario", "complain-anywhere-inspector", "暗访客户", 4, 2, 1, 60, 70, -20),
        ("period", "2024-W19", "2024-05-06~05-12", 4, 3, 1, 160 / 3, 70, 20),
        ("period", "2024-W20", "2024-05-13~05-19", 3, 2, 1, 50, 80, -60),
        ("period", "2024-W21", "2024-05-20~05-26", 5, 4, 0, 70, 100, 2),
    ],
)
def test_view_rows(report, view, key, label, attempts, finished, abandoned, average, best, slope):
    row = _row(report.view(view), key)
    assert (row.label, row.attempts, row.finished, row.abandoned) == (label, attempts, finished, abandoned)
    assert row.average == pytest.approx(average)
    assert row.best == best
    assert row.trend == (None if slope is None else pytest.approx(slope))


@pytest.mark.parametrize(
    ("view", "keys"),
    [
        ("trainee", ["A001", "A002", "A003"]),  # registration order
        ("team", ["一组", "二组", ""]),  # sessions without a team come last
        ("scenario", ["coin-deposit-elder", "complain-anywhere-inspector", "one-yuan-loop"]),
        ("period", ["2024-W19", "2024-W20", "2024-W21"]),
    ],
)
def test_view_order(report, view, keys):
    assert [row.key for row in report.view(view)] == keys


def test_rows_carry_their_own_mistakes_and_endings(report):
    li = _row(report.by_trainee, "A002")
    assert [(c.id, c.count) for c in li.forbidden] == [("cannot-do", 1), ("rule-excuse", 1), ("too-busy", 1)]
    assert li.endings == {"success": 1, "partial": 1, "failure": 1}
    assert _row(report.by_trainee, "A001").endings == {"success": 2, "partial": 1, "failure": 1}


def test_month_buckets_and_bad_period(store):
    assert [(r.key, r.label, r.attempts) for r in build_report(store, period="month", tz=timezone.utc).by_period] == [
        ("2024-05", "2024年5月", 12)]
    with pytest.raises(ValueError):
        build_report(store, period="year")


@pytest.mark.parametrize(("tz", "week"), [(timezone.utc, "2024-W19"), (timezone(timedelta(hours=8)), "2024-W20")])
def test_weeks_follow_the_branch_clock(tmp_path, tz, week):
    """Sunday 23:00 UTC is Monday 07:00 in Beijing: a new week there."""
    with open_store(tmp_path / "tz.sqlite3") as store:
        fill(store, [("A001", "one-yuan-loop", 0, None, "success", 90, [], [])],
             start=datetime(2024, 5, 12, 22, 48, tzinfo=timezone.utc))
        assert [row.key for row in build_report(store, tz=tz).by_period] == [week]


@pytest.mark.parametrize(
    ("filters", "attempts", "average"),
    [
        ({"since": date(2024, 5, 13)}, 8, 190 / 3),
        ({"until": date(2024, 5, 16)}, 7, 52),
        ({"until": date(2024, 5, 6)}, 1, 30),  # the until date is inclusive
        ({"since": date(2024, 5, 25), "until": date(2024, 5, 25)}, 1, None),  # only the open session
        ({"team": "二组"}, 3, 55),
        ({"scenario_id": "one-yuan-loop"}, 5, 64),
        ({"scenario_id": "one-yuan-loop", "team": "一组"}, 3, 60),
    ],
)
def test_filters(store, filters, attempts, average):
    report = build_report(store, tz=timezone.utc, **filters)
    assert report.overall.attempts == attempts
    assert report.overall.average == (None if average is None else pytest.approx(average))


def test_trainee_filter(store):
    li = next(t for t in store.list_trainees() if t.staff_no == "A002")
    report = build_report(store, trainee_id=li.id, tz=timezone.utc)
    assert [row.key for row in report.by_trainee] == ["A002"]
    assert report.filters["trainee"] == "李雷"
    with pytest.raises(KeyError):
        build_report(store, trainee_id=999)


def test_series_is_in_time_order_with_scores_only(report):
    assert [p.score for p in report.series] == list(report.overall.scores)
    assert [p.at for p in report.series] == sorted(p.at for p in report.series)
    assert report.series[0].trainee == "王芳" and report.series[0].scenario == "one-yuan-loop"


def test_text_table(report):
    text = render_text(report, "team")
    assert "【按团队】" in text and "(未分组)" in text
    assert "平均分 60" in text and "趋势" in text


def test_text_drops_terminal_escapes(tmp_path):
    with open_store(tmp_path / "esc.sqlite3") as store:
        trainee = store.upsert_trainee("坏\x1b[2J人", "X1")
        sid = store.start_session(trainee.id, "one-yuan-loop", "practice", {})
        store.abandon_session(sid)
        text = render_text(build_report(store), "trainee")
    assert "\x1b" not in text and "坏[2J人" in text


def test_empty_store_says_so(tmp_path):
    with open_store(tmp_path / "empty.sqlite3") as store:
        report = build_report(store)
    assert report.overall.attempts == 0 and report.overall.average is None
    assert "没有符合条件的练习记录" in render_text(report, "trainee")
    assert "暂无已完成的练习" in html_page(report)


def _read_csv(path: Path) -> list[list[str]]:
    assert path.read_bytes().startswith("\ufeff".encode())  # Excel needs the BOM for Chinese
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_folder_gets_every_table(report, tmp_path):
    paths = write_csv(report, tmp_path / "out")
    assert sorted(p.name for p in paths) == sorted(f"{n}.csv" for n in ("summary", "trainee", "team", "scenario", "period",
                                                                      "sessions"))
    rows = _read_csv(tmp_path / "out" / "trainee.csv")
    assert rows[0][:7] == ["工号", "学员", "练习次数", "完成", "放弃", "平均分", "最高分"]
    assert rows[1][:7] == ["A001", "王芳", "5", "4", "0", "65", "90"]
    assert rows[3][1] == EVIL  # CSV is data, not markup: the name is kept as typed
    assert len(_read_csv(tmp_path / "out" / "sessions.csv")) == 1 + 9


@pytest.mark.parametrize(("view", "first"), [("team", ["一组", "8"]), ("period", ["2024-W19", "2024-05-06~05-12"])])
def test_csv_file_gets_one_view(report, tmp_path, view, first):
    (path,) = write_csv(report, tmp_path / "one.csv", view)
    assert _read_csv(path)[1][:2] == first


FORMULA = '=HYPERLINK("http://x","点我")'


@pytest.fixture
def formula_report(tmp_path):
    with open_store(tmp_path / "formula.sqlite3") as store:
        trainee = store.upsert_trainee(FORMULA, "F1")
        store.abandon_session(store.start_session(trainee.id, "one-yuan-loop", "practice", {}, team="\x07组"))
        return build_report(store)


def test_exports_keep_formulas_as_text(formula_report, tmp_path):
    (path,) = write_csv(formula_report, tmp_path / "f.csv")
    assert _read_csv(path)[1][1] == "'" + FORMULA
    sheet = load_workbook(write_xlsx(formula_report, tmp_path / "f.xlsx"))["按学员"]
    assert sheet["B2"].value == FORMULA and sheet["B2"].data_type == "s"
    assert load_workbook(tmp_path / "f.xlsx")["按团队"]["A2"].value == "组"  # a control character cannot break the file


def test_xlsx_reads_back(report, tmp_path):
    book = load_workbook(write_xlsx(report, tmp_path / "r.xlsx"))
    assert book.sheetnames == ["概览", "按学员", "按团队", "按情景", "按周", "成绩明细"]
    sheet = book["按学员"]
    headers = [cell.value for cell in sheet[1]]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.cell(2, headers.index("平均分") + 1).value == 65
    assert sheet.cell(4, 2).value == EVIL
    assert sheet.column_dimensions["B"].width > len(EVIL)
    summary = {row[0]: row[1] for row in book["概览"].iter_rows(min_row=2, values_only=True)}
    assert (summary["练习次数"], summary["平均分"]) == (12, 60)
    assert summary["常见忌语"] == "这是规定×4、这事儿没法办×2、没看我正忙着吗×1"
    assert book["成绩明细"].max_row == 1 + 9


def _svgs(page: str) -> dict[str, ET.Element]:
    found = re.findall(r"<svg .*?</svg>", page, flags=re.S)
    return {ET.fromstring(svg).get("aria-label"): ET.fromstring(svg) for svg in found}


def test_html_is_standalone_with_both_charts(report, tmp_path):
    page = write_html(report, tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'charset="utf-8"' in page
    charts = _svgs(page)  # each chart parses as XML, so a browser draws it
    assert {"各维度得分率", "成绩趋势", "成绩走势"} <= set(charts)
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"\b(src|href)=|@import|<link", page)  # nothing fetched: the machine is offline
    for title in ("按学员", "按团队", "按情景", "按周", "最常出现的服务忌语", "这是规定 × 4"):
        assert title in page


NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("shares", [{"key_points": 100, "polite": 50, "forbidden": 25, "outcome": 0},
                                    {"key_points": 60, "polite": 100, "forbidden": 61.1, "outcome": 54.8}])
def test_radar_draws_each_dimension_at_its_share(shares):
    polygon = next(p for p in ET.fromstring(radar(shares)).iter(f"{NS}polygon") if p.get("class") == "scores")
    corners = [tuple(map(float, xy.split(","))) for xy in polygon.get("points").split()]
    radii = [math.dist(corner, (RADAR_W / 2, RADAR_H / 2)) for corner in corners]
    assert radii == pytest.approx([RADAR_R * s / 100 for s in shares.values()], abs=0.2)


def test_trend_chart_has_a_point_per_attempt_and_slopes_with_the_trend(report):
    svg = ET.fromstring(trend_line([p for p in report.series if p.trainee == "王芳"]))
    assert len(list(svg.iter(f"{NS}circle"))) == 4
    dashed = next(line for line in svg.iter(f"{NS}line") if line.get("stroke-dasharray"))
    assert float(dashed.get("y2")) < float(dashed.get("y1"))  # rising scores: the line climbs (SVG y points down)


def run(*args: str):
    return CliRunner().invoke(main, ["report", *args])


def test_cli_json(db):
    result = run("--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["overall"]["attempts"] == 12 and data["overall"]["average"] == 60
    assert [row["label"] for row in data["by_trainee"]] == ["王芳", "李雷", EVIL]
    assert data["by_team"][0]["forbidden"][0] == {"id": "rule-excuse", "phrase": "这是规定", "count": 4}


@pytest.mark.parametrize(
    ("args", "attempts"),
    [(["--trainee", "A002"], 4), (["--trainee", "李雷"], 4), (["--team", "二组"], 3), (["--scenario", "one-yuan-loop"], 5),
     (["--since", "2024-05-13", "--until", "2024-05-19"], 3)],
)
def test_cli_filters(db, args, attempts):
    result = run("--db", str(db), "--json", *args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["overall"]["attempts"] == attempts


def test_cli_table_and_exports(db, tmp_path):
    out = tmp_path / "exports"
    result = run("--db", str(db), "--by", "scenario", "--csv", str(out / "csv"), "--xlsx", str(out / "r.xlsx"),
                 "--html", str(out / "r.html"))
    assert result.exit_code == 0, result.output
    assert "【按情景】" in result.stdout and "存一块取一块" in result.stdout
    assert (out / "csv" / "scenario.csv").is_file() and (out / "r.xlsx").is_file() and (out / "r.html").is_file()
    assert "已导出" in result.stderr and "已导出" not in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--trainee", "Z999"], 1, "no trainee"),
        (["--since", "2024-05-20", "--until", "2024-05-01"], 2, "--since is after --until"),
        (["--since", "5/20"], 2, "Invalid value"),
        (["--by", "branch"], 2, "Invalid value"),
    ],
)
def test_cli_rejects_bad_requests(db, args, code, message):
    result = run("--db", str(db), *args)
    assert result.exit_code == code
    assert message in result.stderr


def test_cli_missing_database(tmp_path):
    result = run("--db", str(tmp_path / "nope.sqlite3"))
    assert result.exit_code == 1 and "no such database" in result.stderr
    assert not (tmp_path / "nope.sqlite3").exists()


@pytest.mark.parametrize("path", sorted((Path(__file__).parent.parent / "trainer" / "reports").glob("*.py")),
                         ids=lambda p: p.name)
def test_reports_never_import_the_ui(path):
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import) (textual|trainer\.tui)", source, flags=re.M)


def _finish(store: Store, trainee_id: int, forbidden: list[dict], day: int = 0) -> None:
    when = MONDAY + timedelta(days=day)
    sid = store.start_session(trainee_id, "one-yuan-loop", "exam", {}, now=when)
    summary = _summary("one-yuan-loop", "success", 80, [], []) | {"forbidden": forbidden}
    store.finish_session(sid, "success-end", "success", 80, summary, now=when + timedelta(minutes=3))


def test_a_drill_typist_is_the_trainee_who_signed_in_with_that_name(tmp_path):
    from trainer.reports.people import trainee_named

    with open_store(tmp_path / "r.sqlite3") as store:
        signed_in = store.upsert_trainee("张小明", "A1024")
        _finish(store, signed_in.id, [])
        assert trainee_named(store, "张小明") == signed_in
        _finish(store, store.upsert_trainee("张小明").id, [], day=1)  # recorded by name only, before this fix
        report = build_report(store, tz=timezone.utc)
        assert [(row.key, row.label, row.attempts) for row in report.by_trainee] == [("A1024", "张小明", 2)]
        assert build_report(store, trainee_id=signed_in.id, tz=timezone.utc).overall.attempts == 2
        store.upsert_trainee("张小明", "B2048")
        assert trainee_named(store, "张小明").staff_no is None, "two people of one name: the typist is neither"


def test_common_forbidden_phrases_are_shown_as_typed(tmp_path):
    with open_store(tmp_path / "r.sqlite3") as store:
        trainee = store.upsert_trainee("王芳", "A001")
        typed = {"id": "powerless", "phrase": "这件事我无能为力", "match": "我们也没办法", "turn": 1}
        _finish(store, trainee.id, [typed, typed, typed | {"match": "爱莫能助"}])
        [count] = build_report(store, tz=timezone.utc).overall.forbidden
        assert (count.text, count.count) == ("我们也没办法(≈这件事我无能为力)", 3)


def test_a_session_summary_keeps_what_was_typed(catalog):
    from trainer.dialogue.engine import Session
    from trainer.dialogue.playback import session_summary

    session = Session(catalog.library.get("one-yuan-loop"), catalog.scorer)
    session.reply("这个我们也没办法")
    [hit] = session_summary(session)["forbidden"]
    assert hit["match"] in "这个我们也没办法" and hit["match"] != hit["phrase"]

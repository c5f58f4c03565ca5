"""``trainer report``: practice results by trainee, team, scenario or period, and their exports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from trainer.cli.group import main
from trainer.cli.output import shown
from trainer.cli.common import echo_json, fail, store_or_fail
from trainer.reports import PERIODS, VIEWS, Report, build_report, render_text
from trainer.store import Store, StoreUnavailable, is_server_url, sqlite_file

_date = click.DateTime(["%Y-%m-%d"])


def _trainee_id(store: Store, wanted: str) -> int:
    """A staff number identifies a trainee; a name is accepted too when it is unambiguous."""
    trainees = store.list_trainees()
    by_number = [t for t in trainees if t.staff_no == wanted]
    by_name = [t for t in trainees if t.name == wanted]
    if by_number:
        return by_number[0].id
    if len(by_name) == 1:
        return by_name[0].id
    if by_name:
        fail(f"{len(by_name)} trainees are called '{wanted}'; give the staff number", 1)
    fail(f"no trainee with staff number or name '{wanted}'", 1)


def _export(report: Report, view: str, csv_target: str | None, xlsx: str | None, html: str | None) -> None:
    # Exporters are imported on demand: every ``trainer`` command loads this module at start-up.
    written: list[Path] = []
    if csv_target:
        from trainer.reports.export_csv import write_csv

        written += write_csv(report, Path(csv_target), view)
    if xlsx:
        from trainer.reports.export_xlsx import write_xlsx

        written.append(write_xlsx(report, Path(xlsx)))
    if html:
        from trainer.reports.export_html import write_html

        written.append(write_html(report, Path(html)))
    for path in written:
        click.echo(f"已导出: {path}", err=True)


@main.command()
@click.option("--by", "view", type=click.Choice(tuple(VIEWS)), default="trainee", show_default=True,
              help="打印哪个视图(也用于单个 CSV 文件) / Which view to print (and to write to a single CSV file).")
@click.option("--period", type=click.Choice(tuple(PERIODS)), default="week", show_default=True,
              help="按时间视图的周期 / Bucket size of the period view.")
@click.option("--since", type=_date, metavar="DATE", help="只含此日期(含)之后开始的练习 / Only attempts started on or after this local date (YYYY-MM-DD).")
@click.option("--until", type=_date, metavar="DATE", help="只含此日期(含)之前开始的练习 / Only attempts started on or before this local date (YYYY-MM-DD).")
@click.option("--trainee", help="只看这位学员:工号(或不重名的姓名) / Only this trainee: staff number (or an unambiguous name).")
@click.option("--team", help="只看这个组的练习 / Only sessions played for this team.")
@click.option("--scenario", "scenario_id", metavar="ID", help="只看这个情景 / Only this scenario.")
@click.option("--csv", "csv_target", metavar="FILE|DIR", type=click.Path(),
              help="导出 CSV:FILE.csv 写 --by 视图,文件夹写全部表 / Write CSV: a FILE.csv gets the --by view, a folder gets every table.")
@click.option("--xlsx", metavar="FILE", type=click.Path(dir_okay=False), help="导出 XLSX 工作簿,每个视图一页 / Write an XLSX workbook, one sheet per view.")
@click.option("--html", metavar="FILE", type=click.Path(dir_okay=False), help="导出带图表的独立 HTML 页面 / Write a standalone HTML page with charts.")
@click.option("--json", "as_json", is_flag=True, help="以一个 JSON 对象输出整个报告 / Print the whole report as one JSON object instead of a table.")
@click.option("--db", metavar="PATH|URL", help="读取这个练习记录数据库(文件、sqlite:///FILE 或 postgresql://…) / Read this records database"
              " (a file, sqlite:///FILE or postgresql://…) instead of the user's (or TRAINER_DATABASE_URL).")
def report(view: str, period: str, since: datetime | None, until: datetime | None, trainee: str | None,
           team: str | None, scenario_id: str | None, csv_target: str | None, xlsx: str | None, html: str | None,
           as_json: bool, db: str | None) -> None:
    """培训报告 / Attempts, scores, trends and recurring mistakes, with CSV/XLSX/HTML export."""
    if since and until and since > until:
        fail("--since is after --until")
    if db is not None and not is_server_url(db) and not sqlite_file(db).is_file():
        fail(f"no such database: {db}", 1)
    try:
        # Read-only: a report never creates, migrates or writes the database it reads.
        with store_or_fail(db, read_only=True) as store:
            result = build_report(store, since.date() if since else None, until.date() if until else None,
                                  _trainee_id(store, trainee) if trainee else None, team, scenario_id, period=period)
            for problem in store.problems():
                click.echo(f"注意: {problem}", err=True)
    except StoreUnavailable as exc:
        fail(f"cannot read the records database: {exc}", 1)
    if as_json:
        echo_json(result.to_json())
    else:
        click.echo(shown(render_text(result, view)))
    try:
        _export(result, view, csv_target, xlsx, html)
    except OSError as exc:
        fail(f"cannot write the export: {exc}", 1)

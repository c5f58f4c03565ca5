"""The training report on screen: by trainee, by team, by scenario and by period, with exports.

Figures come from ``build_report`` and columns from ``view_table``, the same ones the ``trainer
report`` command prints and the exporters write, so the screen, the CSV, the workbook and the
HTML page never disagree. In the terminal a file goes where the trainer types, a bare name under
the data folder's ``exports``; in a browser tab the file is downloaded by the browser, and the
server's disk is never named: a served tab writes nothing outside the data folder.
"""

from __future__ import annotations

import io
import tempfile
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, DataTable, Label, Static, TabbedContent, TabPane

from trainer.classroom.access import REFUSED, Permission
from trainer.paths import exports_dir
from trainer.reports import PERIODS, VIEWS, Report, build_report, view_table
from trainer.reports.tables import number, scope_text
from trainer.reports.text import TREND
from trainer.tui.widgets.inputs import TrainerInput
from trainer.tui.widgets.prose import Prose
from trainer.tui.widgets.title_bar import TitleBar
from trainer.tui.widgets.key_bar import KeyBar

FORMATS = {"csv": ".csv", "xlsx": ".xlsx", "html": ".html"}
MIME_TYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "html": "text/html"}
KNOWN_SUFFIXES = {".csv", ".xlsx", ".html", ".htm"}


def default_name() -> str:
    return f"培训报告-{date.today():%Y%m%d}"


def target_for(typed: str, fmt: str) -> Path:
    """One path box serves three formats: a typed suffix is swapped for the button's format."""
    path = exports_dir() / (Path(typed.strip()).expanduser() if typed.strip() else default_name())
    if path.suffix.lower() in KNOWN_SUFFIXES:
        return path.with_suffix(FORMATS[fmt])
    return path.with_name(path.name + FORMATS[fmt])


def _cell(value, signed: bool) -> Text:
    """Every cell is a Text: DataTable reads a plain string as markup, and names come from trainees."""
    if value is None or value == "":
        return Text("-", justify="right")
    if isinstance(value, str):
        return Text(value)
    return Text(f"{value:+g}" if signed else f"{value:g}", justify="right")


class ReportScreen(Screen):
    CSS_PATH = "report.tcss"
    BINDINGS = [
        *(Binding(str(n), f"view('{view}')", label, show=False) for n, (view, label) in enumerate(VIEWS.items(), 1)),
        Binding("w", "toggle_period", "按周/按月"),
        Binding("f9", "reload", "刷新"),
        Binding("c", "export('csv')", "导出CSV"),
        Binding("x", "export('xlsx')", "导出XLSX"),
        Binding("h", "export('html')", "导出HTML"),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period = "week"
        self.report: Report | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Prose(id="report-summary")
        with TabbedContent(id="report-views"):
            for number_, (view, label) in enumerate(VIEWS.items(), 1):
                with TabPane(f"{label} {number_}", id=f"tab-{view}"):
                    yield DataTable(id=f"report-{view}", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="report-export"):
            if self.app.served:
                yield Label("导出后由浏览器下载", id="report-path-label")
            else:
                yield Label("导出到", id="report-path-label")
                yield TrainerInput(str(exports_dir() / default_name()), id="report-path", compact=True)
            for fmt, key in (("csv", "C"), ("xlsx", "X"), ("html", "H")):
                yield Button(f"{fmt.upper()} {key}", id=f"export-{fmt}", compact=True)
        yield Static(id="report-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "培训报告"
        self.action_reload()
        self.query_one("#report-trainee").focus()

    @property
    def view(self) -> str:
        return (self.query_one(TabbedContent).active or "tab-trainee").removeprefix("tab-")

    def action_reload(self) -> None:
        report = self.report = build_report(self.app.store, period=self.period)
        overall = report.overall
        self.sub_title = f"{scope_text(report)} · 周期按{PERIODS[self.period]}"
        summary = Text.assemble(("全部: ", "bold"), f"练习 {overall.attempts} 次, 完成 {overall.finished}, "
                                f"放弃 {overall.abandoned}; 平均分 {_cell(number(overall.average), False)}, "
                                f"最高分 {_cell(number(overall.best), False)}")
        self.query_one("#report-summary", Prose).update(summary if overall.attempts else "还没有练习记录。")
        for view in VIEWS:
            table, data = self.query_one(f"#report-{view}", DataTable), view_table(report, view, compact=True)
            table.clear(columns=True)
            signed = [header == TREND for header in data.headers]
            table.add_columns(*data.headers)
            for row in data.rows:
                table.add_row(*(_cell(cell, signed[i]) for i, cell in enumerate(row)))

    def action_view(self, view: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{view}"
        self.query_one(f"#report-{view}").focus()

    def action_toggle_period(self) -> None:
        self.period = "month" if self.period == "week" else "week"
        self.action_reload()
        self.notify(f"周期改为按{PERIODS[self.period]}统计")

    @on(Button.Pressed, "#export-csv,#export-xlsx,#export-html")
    def _export_clicked(self, event: Button.Pressed) -> None:
        self.action_export(event.button.id.removeprefix("export-"))

    def action_export(self, fmt: str) -> None:
        status = self.query_one("#report-status", Static)
        if not self.app.allows(Permission.EXPORTS):
            status.update(Text(REFUSED, "bold red"))
            return
        try:
            if self.app.served:
                self._deliver(fmt)
                return
            target = target_for(self.query_one("#report-path", TrainerInput).value, fmt)
            self._write(fmt, target)
        except OSError as error:
            status.update(Text(f"导出失败: {error}", "bold red"))
            return
        status.update(Text.assemble(("已导出: ", "bold green"), str(target)))

    def _deliver(self, fmt: str) -> None:
        """Written under the data folder for a moment, then handed to the browser as a download."""
        name = default_name() + FORMATS[fmt]
        exports_dir().mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=exports_dir()) as scratch:
            target = Path(scratch) / name
            self._write(fmt, target)
            data = target.read_bytes()
        self.app.deliver_binary(io.BytesIO(data), save_filename=name, mime_type=MIME_TYPES[fmt])
        self.query_one("#report-status", Static).update(Text.assemble(("已发送到浏览器下载: ", "bold green"), name))

    def _write(self, fmt: str, target: Path) -> None:
        """CSV carries the view on screen; the workbook and the page carry every view."""
        if fmt == "csv":
            from trainer.reports.export_csv import write_csv

            write_csv(self.report, target, self.view)
        elif fmt == "xlsx":
            from trainer.reports.export_xlsx import write_xlsx

            write_xlsx(self.report, target)
        else:
            from trainer.reports.export_html import write_html

            write_html(self.report, target)

    def action_back(self) -> None:
        self.app.pop_screen()

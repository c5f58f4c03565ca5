"""XLSX export: an overview sheet, one sheet per view and the scored sessions, for managers who
sort and filter in Excel or WPS."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from trainer.reports.model import Report
from trainer.reports.tables import Cell, Table, all_tables, display_width

MIN_WIDTH, MAX_WIDTH = 6, 60


def _clean(cell: Cell) -> Cell:
    """Control characters pasted into a name would make openpyxl refuse the whole workbook."""
    return ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell


def _sheet(book: Workbook, table: Table) -> None:
    sheet = book.create_sheet(table.title)
    sheet.append(table.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_clean(cell) for cell in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            # openpyxl takes text starting with "=" for a formula; a trainee's name never is one.
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for index, column in enumerate(zip(table.headers, *table.rows), start=1):
        width = max(display_width(str(value)) for value in column if value is not None)
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
    sheet.freeze_panes = "A2"


def write_xlsx(report: Report, path: Path) -> Path:
    book = Workbook()
    book.remove(book.active)
    for table in all_tables(report):
        _sheet(book, table)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path

"""CSV export: one file per table, UTF-8 with a BOM because Excel on Windows reads a BOM-less
file as the local code page and turns every Chinese name into mojibake."""

from __future__ import annotations

import csv
from pathlib import Path

from trainer.reports.model import Report
from trainer.reports.tables import Cell, Table, all_tables, view_table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(cell: Cell) -> Cell:
    """A trainee named ``=HYPERLINK(...)`` must stay text when a manager opens the file in Excel,
    so text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def write_table(table: Table, path: Path) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.headers)
        writer.writerows([safe(cell) for cell in row] for row in table.rows)
    return path


def write_csv(report: Report, target: Path, view: str = "trainee") -> list[Path]:
    """A ``.csv`` target gets the one view asked for; anything else is a folder that receives
    every table (``summary.csv``, ``trainee.csv``, …, ``sessions.csv``)."""
    if target.suffix.lower() == ".csv":
        target.parent.mkdir(parents=True, exist_ok=True)
        return [write_table(view_table(report, view), target)]
    target.mkdir(parents=True, exist_ok=True)
    return [write_table(table, target / f"{table.name}.csv") for table in all_tables(report)]

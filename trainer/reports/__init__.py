"""Training reports: who improved and which mistakes keep coming back.

``build_report`` counts the records store into a ``Report`` (plain values, no printing); the
``trainer report`` command and the report screen show it. The exporters live in
``export_csv``, ``export_xlsx`` and ``export_html`` and are not imported here, so showing a
report never loads openpyxl. Nothing in this package imports textual.
"""

from trainer.reports.aggregate import build_report, trend
from trainer.reports.model import DIMENSIONS, ENDING_KINDS, NO_TEAM, PERIODS, VIEWS, Count, Point, Report, Row
from trainer.reports.tables import Table, all_tables, view_table
from trainer.reports.text import render_text

__all__ = [
    "DIMENSIONS", "ENDING_KINDS", "NO_TEAM", "PERIODS", "VIEWS", "Count", "Point", "Report", "Row", "Table",
    "all_tables", "build_report", "render_text", "trend", "view_table",
]

"""What each forbidden-phrase severity is called in Chinese, for every front end.

The rubrics and the JSON contract speak in keys (``critical``, ``major``); the trainee reads one
name per key, whether in ``trainer score``, the app or a report.
"""

from __future__ import annotations

SEVERITY_LABELS = {"critical": "严重", "major": "较重", "minor": "轻微"}


def severity_label(severity: str) -> str:
    """An unknown key (a rubric written for a newer version) is shown as it is rather than hidden."""
    return SEVERITY_LABELS.get(severity, severity)

"""Display choices remembered between launches: a light theme for a projector stays light.

A missing, unreadable or hand-edited file falls back to the defaults; it never stops the app.
"""

from __future__ import annotations

import json

from trainer.paths import preferences_path

DARK, LIGHT = "textual-dark", "textual-light"
MAX_BYTES = 4096


def load_preferences() -> dict:
    path = preferences_path()
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def saved_theme() -> str:
    theme = load_preferences().get("theme")
    return theme if theme in (DARK, LIGHT) else DARK


def save_theme(theme: str) -> None:
    data = load_preferences()
    data["theme"] = theme
    try:
        preferences_path().write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass  # the choice still holds for this run

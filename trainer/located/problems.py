"""Problems found in content files, located by file, line and column.

Trainers fix their own YAML, so every message must say where to look, and loaders collect
problems instead of stopping at the first one.
"""

from __future__ import annotations

from typing import NamedTuple

ERROR = "error"
WARNING = "warning"


class Problem(NamedTuple):
    file: str
    line: int
    col: int
    severity: str
    message: str
    code: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def to_json(self) -> dict:
        return self._asdict()


class ContentError(Exception):
    """Raised when a content file cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

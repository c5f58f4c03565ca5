"""The lint problems of the file being previewed, in the same ``file:line:col: severity: message``
lines ``trainer lint`` prints, so an author can read the line number and jump there in the editor.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from trainer.located.problems import ERROR, Problem
from trainer.tui.widgets.prose import Prose

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow"}


def listing(problems: Sequence[Problem]) -> Text:
    if not problems:
        return Text("✓ 没有发现问题", "green")
    text = Text()
    for problem in problems:
        text.append(f"{problem.file}:{problem.line}:{problem.col}: ", "bold")
        text.append(problem.severity, SEVERITY_STYLES.get(problem.severity, ""))
        text.append(f": {problem.message}\n")
    text.rstrip()
    return text


class LintPanel(Prose):
    def show(self, problems: Sequence[Problem]) -> None:
        errors = sum(p.severity == ERROR for p in problems)
        warnings = len(problems) - errors
        self.border_title = f"检查: {errors} 个错误 · {warnings} 个警告" if problems else "检查"
        self.set_class(errors > 0, "-errors")
        self.update(listing(problems))

"""The command palette (Ctrl+P): every action the trainee can take here, named in Chinese.

Read from the bindings in force on the screen, so the palette can never drift from the keys,
and it lists the keys the key bar has no room for.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

PALETTE_PLACEHOLDER = "搜索命令…"


def _declared(node: object) -> set[tuple[str, str]]:
    """Actions this app declares; Textual's own (Tab to move focus, copy) are keys, not things to do."""
    return {(binding.action, binding.description) for cls in type(node).__mro__
            if cls.__module__.startswith("trainer.") for binding in vars(cls).get("BINDINGS", ())
            if isinstance(binding, Binding)}


def screen_commands(app: App, screen: Screen) -> Iterable[SystemCommand]:
    """The screen's and the app's bindings that are enabled now; a widget's editing keys are not actions."""
    seen: set[str] = set()
    declared = _declared(app) | _declared(screen)
    for node, binding, enabled, _tooltip in screen.active_bindings.values():
        if not enabled or (binding.action, binding.description) not in declared:
            continue
        if binding.action in seen or binding.action == "command_palette":
            continue
        seen.add(binding.action)
        keys = " 或 ".join(app.get_key_display(Binding(key, binding.action)) for key in binding.key.split(","))
        yield SystemCommand(binding.description, f"按键 {keys}", partial(app.run_action, binding.action, node))

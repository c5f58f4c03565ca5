"""Which screens a role may open, decided in one place for every way in.

Keys, the command palette, a mouse click on the key bar or a button all end in the app pushing a
screen, so ``TrainerApp`` asks ``permission_for`` there and screens only ask ``app.allows`` to
hide what the role cannot use. Every classroom-drill screen (``screens/drill_*``) and the report
screen are the trainer's; a new drill screen is covered without being listed.
"""

from __future__ import annotations

from textual.screen import Screen

from trainer.classroom.access import Permission

SCREEN_MODULES = "trainer.tui.screens."
PREFIXES = {"drill_": Permission.DRILLS, "report": Permission.REPORTS}


def permission_for(screen: Screen | type[Screen]) -> Permission | None:
    module = (screen if isinstance(screen, type) else type(screen)).__module__
    if not module.startswith(SCREEN_MODULES):
        return None
    name = module.removeprefix(SCREEN_MODULES)
    return next((p for prefix, p in PREFIXES.items() if name.startswith(prefix)), None)

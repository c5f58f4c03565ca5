"""The scenario picker: grouped by the role the trainee plays, filtered as they type.

A teller looks for their own counter's situations first, so roles head the groups; within a
role the easier scenarios come first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from trainer.tui.labels import DIFFICULTY_STYLES, minutes

if TYPE_CHECKING:
    from trainer.dialogue.scenario import Scenario

ROLE_PREFIX = "role:"


def matches(scenario: Scenario, query: str) -> bool:
    """Every space-separated word must appear somewhere a trainee would recognise."""
    haystack = " ".join((scenario.id, scenario.title, scenario.summary, scenario.role, scenario.difficulty,
                         scenario.channel, scenario.customer.name)).lower()
    return all(word in haystack for word in query.lower().split())


def _role_order(scenario: Scenario) -> tuple:
    from trainer.dialogue.scenario import DIFFICULTIES, ROLES

    role = ROLES.index(scenario.role) if scenario.role in ROLES else len(ROLES)
    level = DIFFICULTIES.index(scenario.difficulty) if scenario.difficulty in DIFFICULTIES else len(DIFFICULTIES)
    return role, scenario.role, level, scenario.title


def _prompt(scenario: Scenario) -> Text:
    text = Text()
    text.append(scenario.title, "bold")
    text.append("  ")
    text.append(scenario.difficulty, DIFFICULTY_STYLES.get(scenario.difficulty, ""))
    text.append(f"  {minutes(scenario.minutes)}\n", "dim")
    text.append(scenario.summary, "dim")
    return text


class ScenarioList(OptionList):
    async def _on_click(self, event: events.Click) -> None:
        """One click picks a scenario to read about; a double click (or Enter) starts it."""
        event.prevent_default()
        clicked = event.style.meta.get("option")
        if clicked is None or self.get_option_at_index(clicked).disabled:
            return
        self.highlighted = clicked
        if event.chain > 1:
            self.action_select()

    def show(self, scenarios: Iterable[Scenario], query: str = "") -> None:
        """Rebuild the list, keeping the highlighted scenario when it still matches."""
        keep = self.selected_id
        self.clear_options()
        role = None
        for scenario in sorted((s for s in scenarios if matches(s, query)), key=_role_order):
            if scenario.role != role:
                role = scenario.role
                self.add_option(Option(Text(role, "bold reverse"), id=ROLE_PREFIX + role, disabled=True))
            self.add_option(Option(_prompt(scenario), id=scenario.id))
        ids = [option.id for option in self.options if not option.disabled]
        if ids:
            self.highlighted = self.get_option_index(keep if keep in ids else ids[0])

    @property
    def selected_id(self) -> str | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return None if option.disabled else option.id

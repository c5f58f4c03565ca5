"""What a trainee reads before choosing: the situation, the customer and what they will learn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from trainer.tui.widgets.prose import Prose

from trainer.tui.labels import DIFFICULTY_STYLES, minutes

if TYPE_CHECKING:
    from trainer.dialogue.scenario import Scenario


def describe(scenario: Scenario) -> Text:
    customer = scenario.customer
    who = "、".join(part for part in (customer.name, f"{customer.age}岁" if customer.age else "", customer.temperament) if part)
    text = Text()
    text.append(f"{scenario.title}\n", "bold")
    text.append(f"{scenario.role}  {scenario.channel}  ")
    text.append(scenario.difficulty, DIFFICULTY_STYLES.get(scenario.difficulty, ""))
    text.append(f"  约 {minutes(scenario.minutes)}\n\n")
    text.append(f"{scenario.summary}\n\n")
    text.append("客户  ", "bold")
    text.append(f"{who}\n")
    if scenario.objectives:
        text.append("\n学习目标\n", "bold")
        for objective in scenario.objectives:
            text.append(f"・{objective}\n")
    text.append(f"\n出处: {scenario.source}", "dim")
    return text


class ScenarioDetail(Prose):
    def show(self, scenario: Scenario | None) -> None:
        self.update(describe(scenario) if scenario else "")

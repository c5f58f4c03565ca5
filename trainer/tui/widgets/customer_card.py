"""Who the trainee is talking to; the real need stays hidden, finding it is the exercise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from trainer.tui.widgets.prose import Prose

if TYPE_CHECKING:
    from trainer.dialogue.scenario import Customer


def card(customer: Customer) -> Text:
    text = Text.assemble((f"{customer.name}\n", "bold"))
    text.append("、".join(part for part in (f"{customer.age}岁" if customer.age else "", customer.temperament) if part))
    if customer.description:
        text.append(f"\n{customer.description}", "dim")
    return text


class CustomerCard(Prose):
    def __init__(self, customer: Customer, *, id: str | None = None) -> None:
        super().__init__(card(customer), id=id)

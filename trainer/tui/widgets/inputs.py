"""Text inputs that follow the app's cursor-blink setting.

Snapshot tests need a cursor that does not blink; a real terminal keeps the blink. Only the app
knows which, and inputs are created by screens deep below it.
"""

from __future__ import annotations

from textual.widgets import Input


class TrainerInput(Input):
    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)


class ReplyInput(TrainerInput):
    """A reply box that empties the moment Enter is pressed, before the screen sends the reply.

    The box handles keys ahead of the screen handling its ``Submitted`` message, so a reply typed
    while the previous one was still being sent used to join it in one turn.
    """

    async def action_submit(self) -> None:
        await super().action_submit()
        self.value = ""


class BoundedInput(ReplyInput):
    """Refuses text past ``max_length`` with a message the user reads, not only Textual's bell:
    a paste over the limit is refused whole, and silence would look like a broken box."""

    def __init__(self, *args, refusal: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.refusal = refusal

    def restricted(self) -> None:
        self.notify(self.refusal, severity="error")

"""A phase timer drawn big enough to read from the back of a classroom on a projector.

The widget only draws. The screen that owns the phase says how many seconds are left (its
app's clock against the core's ``Countdown``), so a test moves a fake clock instead of
waiting four minutes, and a redraw can never drift from the rule that decides "time is up".
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from trainer.classroom.drill import Countdown

TIME_UP = "时 间 到"
IDLE = "--:--"


class BigCountdown(Vertical):
    DEFAULT_CSS = """
    BigCountdown {
        width: auto;
        min-width: 19;
        height: auto;
        padding: 0 1;
        border: heavy $primary;
        align-horizontal: center;
    }
    BigCountdown > .caption {
        width: 100%;
        text-align: center;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    BigCountdown > Digits {
        width: 100%;
        text-align: center;
        color: $text;
        text-style: bold;
    }
    BigCountdown > .time-up {
        display: none;
        width: 100%;
        height: 3;
        content-align: center middle;
        text-style: bold;
        color: $text;
        background: $error;
    }
    BigCountdown.-over {
        border: heavy $error;
    }
    BigCountdown.-over > Digits {
        display: none;
    }
    BigCountdown.-over > .time-up {
        display: block;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(classes="caption")
        yield Digits(IDLE)
        yield Static(TIME_UP, classes="time-up")

    @property
    def caption(self) -> str:
        return str(self.query_one(".caption", Static).content)

    @property
    def value(self) -> str:
        """What the digits read, or 时间到 once the phase is over (what the class sees)."""
        return TIME_UP if self.has_class("-over") else self.query_one(Digits).value

    def show(self, caption: str, seconds: int | None, over: bool = False) -> None:
        """``seconds=None`` is a phase without a clock (not started, or finished); unchanged, nothing is redrawn."""
        shown = (caption, seconds, over)
        if shown == getattr(self, "_shown", None):
            return
        self._shown = shown
        self.query_one(".caption", Static).update(caption)
        self.query_one(Digits).update(IDLE if seconds is None else Countdown.label(seconds))
        self.set_class(over, "-over")

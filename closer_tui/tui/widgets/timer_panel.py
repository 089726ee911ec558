"""The close timer in big digits: the stage's time left (or overtime), and the total."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static

from .big_text import BigText
from .key_names import key_name

from ...timer import CloseTimer, format_clock, format_remaining


def set_text(static: Static, text: str) -> None:
    """Update a line only when it changes, and lay out again only when its length does.

    The timer ticks twice a second while the facilitator types; a layout of the
    whole screen on every tick would make keystrokes wait.
    """
    old = getattr(static, "shown_text", None)
    if text == old:
        return
    static.update(text, layout=old is None or len(text) != len(old))
    static.shown_text = text


class TimerPanel(Horizontal):
    """Readable from a video thumbnail: digits, the stage, running or paused."""

    _start_key: str | None = None  # the key that starts the timer, as the keymap set it

    @staticmethod
    def classes_for(timer: CloseTimer) -> str:
        """The classes :meth:`show` gives: passed when the panel is made, they cost no second styling."""
        return " ".join(name for name, on in (("overtime", timer.remaining() < 0), ("paused", not timer.running)) if on)

    def compose(self) -> ComposeResult:
        yield Digits("00:00", id="timer-digits")
        yield BigText(id="timer-big")  # shown instead of the digits in shared-screen mode
        yield BigText(id="timer-stage-big")  # and the stage's name in blocks too, in a wide window
        with Vertical(id="timer-text"):
            yield Static("", id="timer-stage", markup=False)
            yield Static("", id="timer-state", markup=False)
            yield Static("", id="timer-total", markup=False)

    def show(self, timer: CloseTimer, stage_title: str) -> None:
        remaining = timer.remaining()
        over = remaining < 0
        digits = self.query_one(Digits)
        text = format_remaining(remaining)
        if digits.value != text:
            digits.update(text)  # lays out only when the width changes
        big = self.query_one(BigText)
        if big.text != text:
            big.text = text
        self.set_class(over, "overtime")
        self.set_class(not timer.running, "paused")
        budget = format_clock(timer.budgets[timer.stage])
        if over:
            stage_line = f"{stage_title}: OVERTIME +{format_clock(-remaining)} (budget {budget})"
        else:
            stage_line = f"{stage_title}: {format_clock(remaining)} left of {budget}"
        set_text(self.query_one("#timer-stage", Static), stage_line)
        stage_big = self.query_one("#timer-stage-big", BigText)
        if stage_big.text != stage_title:
            stage_big.text = stage_title
        if not timer.running and self._start_key is None:
            self._start_key = key_name(self, "dashboard.toggle_timer")
        set_text(self.query_one("#timer-state", Static), "▶ RUNNING" if timer.running else f"■ PAUSED ({self._start_key} starts)")
        total_left = timer.total_budget - timer.total_used
        set_text(
            self.query_one("#timer-total", Static),
            f"Close: {format_clock(timer.total_used)} of {format_clock(timer.total_budget)}"
            + (f", {format_remaining(total_left)} over" if total_left < 0 else ""),
        )

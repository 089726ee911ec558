"""The close timer in big digits: the stage's time left (or overtime), and the total."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static

from ..timer import CloseTimer, format_clock, format_remaining


class TimerPanel(Horizontal):
    """Readable from a video thumbnail: digits, the stage, running or paused."""

    def compose(self) -> ComposeResult:
        yield Digits("00:00", id="timer-digits")
        with Vertical(id="timer-text"):
            yield Static("", id="timer-stage", markup=False)
            yield Static("", id="timer-state", markup=False)
            yield Static("", id="timer-total", markup=False)

    def show(self, timer: CloseTimer, stage_title: str) -> None:
        remaining = timer.remaining()
        over = remaining < 0
        self.query_one(Digits).update(format_remaining(remaining))
        self.set_class(over, "overtime")
        self.set_class(not timer.running, "paused")
        budget = format_clock(timer.budgets[timer.stage])
        if over:
            stage_line = f"{stage_title}: OVERTIME +{format_clock(-remaining)} (budget {budget})"
        else:
            stage_line = f"{stage_title}: {format_clock(remaining)} left of {budget}"
        self.query_one("#timer-stage", Static).update(stage_line)
        self.query_one("#timer-state", Static).update("▶ RUNNING" if timer.running else "■ PAUSED (ctrl+t starts)")
        total_left = timer.total_budget - timer.total_used
        self.query_one("#timer-total", Static).update(
            f"Close: {format_clock(timer.total_used)} of {format_clock(timer.total_budget)}"
            + (f", {format_remaining(total_left)} over" if total_left < 0 else "")
        )

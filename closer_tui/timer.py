"""The close timer: stage budgets, time booked to the stage being discussed, overtime.

Pure logic with an injected clock (``time.time`` by default, wall-clock so a
restart mid-close resumes correctly). Time is booked to a stage when the
facilitator moves away from it or pauses; while running, the open stretch
since ``running_since`` counts towards the current stage.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from .model import TimerState

Clock = Callable[[], float]


def format_clock(seconds: float) -> str:
    """``mm:ss`` (or ``h:mm:ss`` past an hour) for a non-negative duration."""
    whole = int(max(0.0, seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def format_remaining(seconds: float) -> str:
    """Time left, or ``+mm:ss`` of overtime once the budget is spent."""
    return format_clock(seconds) if seconds >= 0 else "+" + format_clock(-seconds)


def window_title(timer: CloseTimer, stage_title: str, app_name: str = "closer") -> str:
    """The terminal window's title during a close: what a video tool's window picker and a taskbar show."""
    remaining = timer.remaining()
    left = f"{format_clock(remaining)} left" if remaining >= 0 else f"+{format_clock(-remaining)} over"
    paused = "" if timer.running else " (paused)"
    return f"{left}{paused} · {stage_title} · {app_name}"


class CloseTimer:
    def __init__(
        self,
        state: TimerState,
        stages: Sequence[str],
        default_budgets: dict[str, int],
        clock: Clock = time.time,
    ) -> None:
        self.stages = tuple(stages)
        self.clock = clock
        self.budgets = {key: int(state.budgets.get(key, default_budgets[key])) for key in self.stages}
        self.booked = {key: float(state.used.get(key, 0.0)) for key in self.stages}
        self.stage = state.stage if state.stage in self.stages else self.stages[0]
        self.running_since = state.running_since
        self._warned_over: set[str] = {key for key in self.stages if self.remaining(key) < 0}

    # --- control ------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def start(self) -> None:
        if not self.running:
            self.running_since = self.clock()

    def pause(self) -> None:
        self._book()
        self.running_since = None

    def toggle(self) -> bool:
        """Start or pause; returns whether it now runs."""
        if self.running:
            self.pause()
        else:
            self.start()
        return self.running

    def switch_to(self, stage: str) -> None:
        """Move the discussion to ``stage``; time so far is booked to the old one."""
        if stage not in self.stages:
            raise KeyError(stage)
        if stage == self.stage:
            return
        running = self.running
        self._book()
        self.stage = stage
        if running:
            self.running_since = self.clock()

    def next_stage(self) -> str:
        index = self.stages.index(self.stage)
        self.switch_to(self.stages[min(index + 1, len(self.stages) - 1)])
        return self.stage

    def previous_stage(self) -> str:
        index = self.stages.index(self.stage)
        self.switch_to(self.stages[max(index - 1, 0)])
        return self.stage

    def reset(self) -> None:
        self.running_since = None
        self.booked = dict.fromkeys(self.stages, 0.0)
        self.stage = self.stages[0]
        self._warned_over.clear()

    def set_budget(self, stage: str, seconds: int) -> None:
        if seconds < 0:
            raise ValueError("a budget cannot be negative")
        self.budgets[stage] = int(seconds)
        if self.remaining(stage) >= 0:
            self._warned_over.discard(stage)

    def scale_budgets(self, total_seconds: int) -> None:
        """Spread a new total (say the whole 60-minute meeting) in the same proportions."""
        if total_seconds <= 0:
            raise ValueError("the close needs some time")
        old_total = sum(self.budgets.values()) or len(self.stages)
        shares = {key: (self.budgets[key] or 1) / old_total for key in self.stages}
        for key in self.stages:
            self.set_budget(key, round(total_seconds * shares[key]))
        drift = total_seconds - sum(self.budgets.values())
        self.set_budget(self.stages[0], self.budgets[self.stages[0]] + drift)

    # --- reading ------------------------------------------------------------

    def used(self, stage: str | None = None) -> float:
        stage = stage or self.stage
        extra = 0.0
        if stage == self.stage and self.running_since is not None:
            extra = max(0.0, self.clock() - self.running_since)
        return self.booked[stage] + extra

    def remaining(self, stage: str | None = None) -> float:
        """Budget left in ``stage``; negative means overtime."""
        stage = stage or self.stage
        return self.budgets[stage] - self.used(stage)

    def overtime(self, stage: str | None = None) -> float:
        return max(0.0, -self.remaining(stage))

    @property
    def total_used(self) -> float:
        return sum(self.used(key) for key in self.stages)

    @property
    def total_budget(self) -> int:
        return sum(self.budgets.values())

    def just_went_over(self) -> str | None:
        """The current stage, the first time it is found past its budget (for the bell)."""
        if self.remaining() < 0 and self.stage not in self._warned_over:
            self._warned_over.add(self.stage)
            return self.stage
        return None

    def state(self) -> TimerState:
        return TimerState(
            budgets=dict(self.budgets),
            used=dict(self.booked),
            stage=self.stage,
            running_since=self.running_since,
        )

    # --- internals ----------------------------------------------------------

    def _book(self) -> None:
        if self.running_since is not None:
            now = self.clock()
            self.booked[self.stage] += max(0.0, now - self.running_since)
            self.running_since = now

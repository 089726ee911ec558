"""The close timer, driven by a fake clock so every second is under the test's control."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from closer_tui.method import default_guide

STAGE_KEYS = default_guide().stage_keys
default_budgets = default_guide().default_budgets
from closer_tui.model import TimerState
from closer_tui.timer import CloseTimer, format_clock, format_remaining

EVALUATE, NEXT_STEPS, DEVELOPMENT = STAGE_KEYS


class FakeClock:
    """Wall-clock seconds that move only when the test says so."""

    def __init__(self, now: float = 1_750_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def new_timer(clock: FakeClock, state: TimerState | None = None) -> CloseTimer:
    return CloseTimer(state or TimerState(), STAGE_KEYS, default_budgets(), clock=clock)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# --- formatting ------------------------------------------------------------


@pytest.mark.parametrize(
    "seconds, shown",
    [(0, "00:00"), (59.9, "00:59"), (65, "01:05"), (20 * 60, "20:00"), (3661, "1:01:01"), (-3, "00:00")],
)
def test_format_clock_shows_minutes_and_seconds_or_hours_past_an_hour(seconds, shown):
    assert format_clock(seconds) == shown


@pytest.mark.parametrize("seconds, shown", [(90, "01:30"), (0, "00:00"), (-5, "+00:05"), (-125, "+02:05")])
def test_format_remaining_shows_overtime_with_a_plus(seconds, shown):
    assert format_remaining(seconds) == shown


# --- booking time to stages -------------------------------------------------


def test_a_new_timer_starts_paused_on_evaluate_with_the_default_budgets(clock):
    timer = new_timer(clock)
    assert not timer.running
    assert timer.stage == EVALUATE
    assert timer.budgets == default_budgets()
    assert timer.total_used == 0


def test_time_between_start_and_pause_is_booked_to_the_current_stage(clock):
    timer = new_timer(clock)
    timer.start()
    clock.advance(30)
    timer.pause()
    clock.advance(600)  # paused: this does not count
    assert timer.used(EVALUATE) == 30
    assert timer.used(NEXT_STEPS) == 0
    assert timer.remaining(EVALUATE) == 8 * 60 - 30


def test_while_running_the_open_stretch_already_counts(clock):
    timer = new_timer(clock)
    timer.start()
    clock.advance(45)
    assert timer.running
    assert timer.used() == 45
    assert timer.total_used == 45


def test_starting_twice_does_not_restart_the_stretch(clock):
    timer = new_timer(clock)
    timer.start()
    clock.advance(20)
    timer.start()
    clock.advance(10)
    assert timer.used() == 30


def test_toggle_starts_and_pauses(clock):
    timer = new_timer(clock)
    assert timer.toggle() is True
    clock.advance(12)
    assert timer.toggle() is False
    assert timer.used(EVALUATE) == 12


def test_moving_to_the_next_stage_books_the_time_so_far_to_the_old_one(clock):
    timer = new_timer(clock)
    timer.start()
    clock.advance(100)
    timer.switch_to(NEXT_STEPS)
    clock.advance(40)
    assert timer.running
    assert timer.stage == NEXT_STEPS
    assert timer.used(EVALUATE) == 100
    assert timer.used(NEXT_STEPS) == 40
    assert timer.total_used == 140


def test_moving_stage_while_paused_books_nothing_and_stays_paused(clock):
    timer = new_timer(clock)
    timer.switch_to(DEVELOPMENT)
    clock.advance(300)
    assert not timer.running
    assert timer.total_used == 0


def test_next_and_previous_stage_stop_at_the_ends(clock):
    timer = new_timer(clock)
    assert timer.previous_stage() == EVALUATE
    assert timer.next_stage() == NEXT_STEPS
    assert timer.next_stage() == DEVELOPMENT
    assert timer.next_stage() == DEVELOPMENT


def test_switching_to_an_unknown_stage_is_refused(clock):
    timer = new_timer(clock)
    with pytest.raises(KeyError):
        timer.switch_to("wrap_up")
    assert timer.stage == EVALUATE


# --- overtime --------------------------------------------------------------


def test_past_its_budget_a_stage_shows_overtime_as_plus_minutes(clock):
    timer = new_timer(clock)
    timer.start()
    clock.advance(8 * 60 + 75)
    assert timer.remaining() == -75
    assert timer.overtime() == 75
    assert format_remaining(timer.remaining()) == "+01:15"
    assert timer.overtime(NEXT_STEPS) == 0


def test_the_overtime_bell_rings_once_per_stage(clock):
    timer = new_timer(clock)
    timer.start()
    clock.advance(8 * 60 - 1)
    assert timer.just_went_over() is None
    clock.advance(2)
    assert timer.just_went_over() == EVALUATE
    clock.advance(60)
    assert timer.just_went_over() is None

    timer.switch_to(NEXT_STEPS)
    clock.advance(5 * 60 + 1)
    assert timer.just_went_over() == NEXT_STEPS
    assert timer.just_went_over() is None


def test_a_timer_restored_already_over_budget_does_not_ring_again(clock):
    timer = new_timer(clock)
    timer.start()
    clock.advance(9 * 60)
    assert timer.just_went_over() == EVALUATE
    timer.pause()
    restored = new_timer(clock, timer.state())
    assert restored.just_went_over() is None


def test_raising_the_budget_of_an_overrun_stage_lets_the_bell_ring_again_later(clock):
    timer = new_timer(clock)
    timer.start()
    clock.advance(8 * 60 + 1)
    assert timer.just_went_over() == EVALUATE
    timer.set_budget(EVALUATE, 10 * 60)
    assert timer.just_went_over() is None
    clock.advance(2 * 60)
    assert timer.just_went_over() == EVALUATE


def test_a_negative_budget_is_refused(clock):
    with pytest.raises(ValueError):
        new_timer(clock).set_budget(EVALUATE, -1)


# --- surviving a restart ----------------------------------------------------


def test_a_running_timer_resumes_after_a_restart_counting_the_time_away(clock):
    timer = new_timer(clock)
    timer.start()
    clock.advance(50)
    timer.switch_to(NEXT_STEPS)
    clock.advance(10)
    saved = TimerState.from_dict(timer.state().to_dict())  # as it goes through the store

    clock.advance(20)  # the app was closed and reopened meanwhile
    resumed = new_timer(clock, saved)
    assert resumed.running
    assert resumed.stage == NEXT_STEPS
    assert resumed.used(EVALUATE) == 50
    assert resumed.used(NEXT_STEPS) == 30


def test_a_paused_timer_resumes_paused_with_the_same_times(clock):
    timer = new_timer(clock)
    timer.start()
    clock.advance(70)
    timer.switch_to(DEVELOPMENT)
    clock.advance(15)
    timer.pause()
    timer.set_budget(DEVELOPMENT, 600)
    saved = TimerState.from_dict(timer.state().to_dict())

    clock.advance(3600)
    resumed = new_timer(clock, saved)
    assert not resumed.running
    assert resumed.stage == DEVELOPMENT
    assert resumed.used(EVALUATE) == 70
    assert resumed.used(DEVELOPMENT) == 15
    assert resumed.budgets[DEVELOPMENT] == 600


def test_a_saved_stage_the_method_no_longer_has_falls_back_to_the_first_stage(clock):
    resumed = new_timer(clock, TimerState(stage="retired_stage"))
    assert resumed.stage == EVALUATE


def test_reset_clears_all_time_and_returns_to_evaluate_paused(clock):
    timer = new_timer(clock)
    timer.start()
    clock.advance(9 * 60)
    timer.just_went_over()
    timer.switch_to(DEVELOPMENT)
    clock.advance(30)
    timer.reset()
    assert not timer.running
    assert timer.stage == EVALUATE
    assert timer.total_used == 0
    clock.advance(100)
    assert timer.total_used == 0
    timer.start()
    clock.advance(8 * 60 + 1)
    assert timer.just_went_over() == EVALUATE  # the bell works again after a reset


def test_reset_keeps_the_budgets(clock):
    timer = new_timer(clock)
    timer.scale_budgets(3600)
    timer.reset()
    assert timer.total_budget == 3600


# --- budgets for the whole final meeting ------------------------------------


def test_scaling_the_close_to_a_60_minute_meeting_keeps_the_8_5_7_split():
    timer = new_timer(FakeClock())
    timer.scale_budgets(60 * 60)
    assert timer.budgets == {EVALUATE: 24 * 60, NEXT_STEPS: 15 * 60, DEVELOPMENT: 21 * 60}
    assert timer.total_budget == 3600


@given(total=st.integers(min_value=1, max_value=6 * 3600))
def test_scaling_to_any_total_hits_that_total_exactly_and_keeps_proportions(total):
    timer = new_timer(FakeClock())
    timer.scale_budgets(total)
    assert timer.total_budget == total
    for key, seconds in default_budgets().items():
        share = total * seconds / 1200
        assert timer.budgets[key] >= 0
        assert abs(timer.budgets[key] - share) <= 2


def test_scaling_to_no_time_at_all_is_refused():
    timer = new_timer(FakeClock())
    with pytest.raises(ValueError):
        timer.scale_budgets(0)
    assert timer.total_budget == 20 * 60

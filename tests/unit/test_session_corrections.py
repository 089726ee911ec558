"""The pure side of issue 16: the timer paused for an exit, a minute more or less, the budgets
dialog's answer, and corrections to a partnership (details, a removed goal)."""

from __future__ import annotations

import pytest

from closer_tui.model import Goal, Partnership, StatusChange, ValidationError, correct_details, details_problems
from closer_tui.session import ClosingSession, budget_minutes
from closer_tui.timer import window_title


class Clock:
    now = 1_000.0

    def __call__(self) -> float:
        return self.now


def session_for() -> tuple[ClosingSession, Clock]:
    clock = Clock()
    partnership = Partnership.create("Ann Lee", "Bob Roe", start_date="2026-03-01", goals=[Goal("Lead a lab meeting"), Goal("Write weekly")])
    return ClosingSession(partnership, clock=clock), clock


def test_pausing_for_an_exit_books_the_time_so_far_and_nothing_after():
    session, clock = session_for()
    session.toggle_timer()
    clock.now += 70
    revision = session.revision
    assert session.pause_for_exit() is True
    assert session.revision > revision and not session.timer.running
    clock.now += 600
    restored = ClosingSession(Partnership.from_dict(session.snapshot()), clock=clock)
    assert restored.timer.used("evaluate") == 70
    assert session.pause_for_exit() is False  # already paused: nothing to save


def test_a_minute_more_or_less_changes_only_the_current_stage_and_never_goes_below_zero():
    session, _ = session_for()
    assert session.add_minutes(1) == 9 * 60
    assert session.timer.budgets["next_steps"] == 5 * 60
    for _ in range(20):
        session.add_minutes(-1)
    assert session.timer.budgets["evaluate"] == 0


@pytest.mark.parametrize("text,expected", [("60", [60.0]), ("8 5 7", [8.0, 5.0, 7.0]), ("8, 5, 7", [8.0, 5.0, 7.0])])
def test_the_budgets_dialog_takes_a_total_or_one_number_per_stage(text, expected):
    assert budget_minutes(text, 3) == expected


@pytest.mark.parametrize("text", ["", "abc", "8 5", "-3", "0", "2000", "nan"])
def test_the_budgets_dialog_refuses_anything_else_saying_what_to_write(text):
    with pytest.raises(ValidationError) as refused:
        budget_minutes(text, 3)
    assert "60" in refused.value.reason or "1,440" in refused.value.reason


def test_the_window_title_names_the_time_left_or_over_and_the_stage():
    session, clock = session_for()
    assert window_title(session.timer, "Evaluate") == "08:00 left (paused) · Evaluate · closer"
    session.toggle_timer()
    clock.now += 9 * 60
    assert window_title(session.timer, "Evaluate") == "+01:00 over · Evaluate · closer"


def test_every_problem_with_the_details_is_named_at_once():
    problems = details_problems({"mentor": " ", "mentee": "Bob", "start_date": "2026-05-01", "end_date": "2026-04-01"})
    assert problems == {"mentor": "must not be blank", "end_date": "is before the start date"}
    assert details_problems({"start_date": "someday"}) == {"start_date": "is not a date like 2026-03-01"}


def test_a_correction_is_all_or_nothing():
    session, _ = session_for()
    partnership = session.partnership
    with pytest.raises(ValidationError, match="Mentee must not be blank"):
        correct_details(partnership, {"mentor": "Anne Lee", "mentee": ""})
    assert partnership.mentor == "Ann Lee"
    correct_details(partnership, {"mentor": " Anne Lee ", "end_date": ""})
    assert partnership.mentor == "Anne Lee" and partnership.end_date is None
    with pytest.raises(ValidationError, match="cannot be corrected"):
        correct_details(partnership, {"status": "closed"})


def test_a_removed_goal_stays_in_the_history_as_it_was_and_survives_a_round_trip():
    session, _ = session_for()
    goal = session.partnership.goals[0]
    session.remove_goal(goal.id)
    assert [g.text for g in session.partnership.goals] == ["Write weekly"]
    again = Partnership.from_dict(session.snapshot())
    (removal,) = [h for h in again.history if h.removed_goal is not None]
    assert isinstance(removal, StatusChange) and removal.removed_goal == goal
    assert "removed_goal" not in again.history[0].to_dict()  # other entries are written as before


def test_the_desk_corrects_a_stored_partnership_and_the_open_one_in_place(tmp_path):
    from closer_tui.desk import Desk

    first, second = (Partnership.create("Ann Lee", "Bob Roe"), Partnership.create("Cy Dee", "Eve Fox"))
    with Desk.for_writing(tmp_path / "data") as desk:
        desk.new(first)
        desk.new(second)
        session = desk.open(first.id)
        desk.edit_details(first.id, mentee="Bob Rowe")
        assert session.partnership.mentee == "Bob Rowe" and desk.session is session
        desk.edit_details(second.id, programme="Riverside")
        with pytest.raises(ValidationError):
            desk.edit_details(second.id, start_date="2026-02-30")
    with Desk.for_reading(tmp_path / "data") as desk:
        assert desk.read(first.id).mentee == "Bob Rowe"
        assert desk.read(second.id).programme == "Riverside"
        assert {row["programme"] for row in desk.summaries()} == {"", "Riverside"}

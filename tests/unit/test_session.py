"""A close in progress, without Textual: the calls the dashboard makes."""

from __future__ import annotations

import pytest

from closer_tui.model import Extension, Goal, Partnership, ValidationError
from closer_tui.session import ClosingSession


class Clock:
    now = 1_000.0

    def __call__(self) -> float:
        return self.now


def session_for(*goals: Goal) -> tuple[ClosingSession, Clock]:
    clock = Clock()
    partnership = Partnership.create("Ann Lee", "Bob Roe", goals=list(goals) or [Goal("Lead a lab meeting")])
    return ClosingSession(partnership, clock=clock), clock


def test_the_first_edit_moves_an_active_partnership_to_closing():
    session, _ = session_for()
    session.set_notes("evaluate", "We began.")
    assert session.partnership.status == "closing"
    assert [h.status for h in session.partnership.history] == ["active", "closing"]


def test_a_goal_cannot_be_marked_not_achieved_without_a_reason():
    session, _ = session_for()
    goal_id = session.partnership.goals[0].id
    with pytest.raises(ValidationError, match="why"):
        session.set_goal_status(goal_id, "not_achieved")
    assert session.goal(goal_id).status == "open"
    session.set_goal_status(goal_id, "not_achieved", reason="No lab meetings ran in the summer")
    assert session.goal(goal_id).not_met_reason == "No lab meetings ran in the summer"


def test_an_extension_breaking_the_rule_changes_nothing():
    session, _ = session_for()
    before = session.revision
    with pytest.raises(ValidationError, match="both"):
        session.update_close(end_reason="duration", extension=Extension(1, mentor_agrees=True))
    assert session.close.end_reason is None and session.revision == before


def test_snapshot_carries_the_timer_and_the_notes():
    session, clock = session_for()
    session.toggle_timer()
    clock.now += 30
    session.next_stage()
    session.set_notes("next_steps", "Apply in January.")
    record = session.snapshot()
    assert record["timer"]["used"]["evaluate"] == 30
    assert record["timer"]["stage"] == "next_steps"
    assert record["close"]["stage_notes"]["next_steps"] == "Apply in January."
    assert Partnership.from_dict(record).to_dict() == record


def test_finishing_pauses_the_timer_and_closes_with_the_time():
    session, clock = session_for()
    session.toggle_timer()
    clock.now += 100
    session.finish()
    assert not session.timer.running and session.timer.used("evaluate") == 100
    assert session.partnership.status == "closed" and session.partnership.closed_at


def test_follow_on_carries_the_goals_left_open_as_new_open_goals():
    session, _ = session_for(
        Goal("Publish", status="achieved"),
        Goal("Teach a module", status="not_achieved", not_met_reason="No slot"),
        Goal("Build a network", status="partly"),
    )
    draft = session.follow_on()
    assert [g.text for g in draft.goals] == ["Teach a module", "Build a network"]
    assert all(g.status == "open" for g in draft.goals)
    assert draft.follows == session.partnership.id and draft.id != session.partnership.id


def test_a_new_total_is_shared_as_the_stages_were_and_nonsense_is_refused():
    session, _ = session_for()
    session.share_budget_minutes(60)
    assert session.timer.budgets == {"evaluate": 24 * 60, "next_steps": 15 * 60, "development": 21 * 60}
    for bad in (0, -5, float("nan"), float("inf"), 24 * 60 + 1):
        with pytest.raises(ValidationError):
            session.share_budget_minutes(bad)
    with pytest.raises(ValidationError):
        session.set_budgets_minutes({"evaluate": 5, "next_steps": float("nan")})
    assert session.timer.budgets["evaluate"] == 24 * 60

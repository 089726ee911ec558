"""Actions agreed in Next steps: the rules of the record, the session's edits, a follow-on, the report, every export."""

from __future__ import annotations

import json

import pytest

from closer_tui.actions import action_figures, actions_for_follow_on, actions_stage
from closer_tui.desk import Desk
from closer_tui.export import export_text, loads
from closer_tui.method import Guide, Stage
from closer_tui.model import MAX_ACTIONS, Action, Partnership, ValidationError
from closer_tui.report import build_report, report_text
from closer_tui.session import ClosingSession
from closer_tui.store import Store

from records import PRIVATE_NOTE, closed_partnership


def with_actions() -> Partnership:
    p = closed_partnership()
    first_goal = p.goals[0].id
    p.close.actions = [
        Action("Send the draft to the research office", owner="mentee", due="2026-06-30", goal_id=first_goal, id="aaaa"),
        Action("Introduce Tomás to the writing group", owner="mentor", id="bbbb"),
        Action("Meet once more to review the submission", owner="both", due="2026-05-15", done=True, id="cccc"),
    ]
    p.validate()
    return p


# --- the record -------------------------------------------------------------------------


def test_an_action_goes_through_the_record_and_back_unchanged():
    p = with_actions()
    again = Partnership.from_dict(json.loads(json.dumps(p.to_dict())))
    assert again.close.actions == p.close.actions


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"text": "  "}, "close.actions[0].text", "must not be blank"),
        ({"text": "two\x1b[2Jlines"}, "close.actions[0].text", "control character"),
        ({"owner": "team"}, "close.actions[0].owner", "is not one of: mentee, mentor, both"),
        ({"owner": ["mentee"]}, "close.actions[0].owner", "is not one of"),
        ({"due": "next week"}, "close.actions[0].due", "is not an ISO 8601 date"),
        ({"due": 20260630}, "close.actions[0].due", "must be an ISO 8601 date"),
        ({"done": "yes"}, "close.actions[0].done", "must be true or false"),
        ({"goal_id": 7}, "close.actions[0].goal_id", "must be text"),
        ({"id": "../x"}, "close.actions[0].id", "is not a closer id"),
        ({"carried_from": "O0"}, "close.actions[0].carried_from", "is not a closer id"),
    ],
)
def test_an_action_that_breaks_a_rule_is_refused_by_field(change, field, reason):
    record = with_actions().to_dict()
    record["close"]["actions"][0].update(change)
    with pytest.raises(ValidationError) as refused:
        Partnership.from_dict(record)
    assert refused.value.field == field and reason in refused.value.reason


def test_a_record_holds_at_most_so_many_actions_and_no_two_with_one_id():
    record = with_actions().to_dict()
    record["close"]["actions"] = [{"text": f"Action {i}"} for i in range(MAX_ACTIONS + 1)]
    with pytest.raises(ValidationError, match=f"holds {MAX_ACTIONS + 1} actions; the limit is {MAX_ACTIONS}"):
        Partnership.from_dict(record)
    record["close"]["actions"] = [{"text": "One", "id": "abcd"}, {"text": "Two", "id": "abcd"}]
    with pytest.raises(ValidationError, match="two actions share an id"):
        Partnership.from_dict(record)


# --- the session's edits ------------------------------------------------------------------


def test_the_session_adds_edits_ticks_and_removes_actions():
    session = ClosingSession(closed_partnership())
    goal = session.partnership.goals[0]
    action = session.add_action("  Apply for the travel fund ", owner="both", due="2026-06-01", goal_id=goal.id)
    assert (action.text, action.owner, action.due, action.goal_id, action.done) == ("Apply for the travel fund", "both", "2026-06-01", goal.id, False)
    edited = session.edit_action(action.id, "Apply for the fund", "mentee", None, None)
    assert (edited.text, edited.owner, edited.due, edited.goal_id) == ("Apply for the fund", "mentee", None, None)
    assert session.toggle_action_done(action.id) is True
    assert session.close.actions[0].done
    assert session.toggle_action_done(action.id) is False
    session.remove_action(action.id)
    assert session.close.actions == []


def test_the_session_refuses_an_action_with_no_text_a_wrong_owner_or_a_goal_of_another_partnership():
    session = ClosingSession(closed_partnership())
    for kwargs, message in [
        ({"text": " "}, "must not be blank"),
        ({"text": "x", "owner": "everyone"}, "is not one of"),
        ({"text": "x", "goal_id": "zzzz"}, "is not one of this partnership's goals"),
        ({"text": "x", "due": "2026-02-30"}, "is not an ISO 8601 date"),
    ]:
        with pytest.raises(ValidationError, match=message):
            session.add_action(**kwargs)
    assert session.close.actions == []
    action = session.add_action("Keep this")
    with pytest.raises(ValidationError):
        session.edit_action(action.id, "", "mentee", None, None)
    assert session.action(action.id).text == "Keep this"


def test_removing_a_goal_keeps_its_actions_without_the_link():
    session = ClosingSession(closed_partnership())
    goal = session.partnership.goals[0]
    action = session.add_action("Finish the draft", goal_id=goal.id)
    session.remove_goal(goal.id)
    assert session.action(action.id).goal_id is None
    session.partnership.validate()


def test_the_actions_stage_is_next_steps_or_the_one_after_the_first():
    assert actions_stage(closed_partnership().guide) == "next_steps"

    def guide(*keys: str) -> Guide:
        return Guide("own", "Own guide", tuple(Stage(k, k.title(), "", 60, ()) for k in keys))

    assert actions_stage(guide("look_back", "look_ahead")) == "look_ahead"
    assert actions_stage(guide("one")) == "one"


# --- a follow-on ----------------------------------------------------------------------------


def test_a_follow_on_gets_the_open_actions_only_with_fresh_ids_and_their_goals_where_carried():
    p = with_actions()
    draft = ClosingSession(p).follow_on()
    carried = actions_for_follow_on(p, draft)
    assert [a.text for a in carried] == ["Send the draft to the research office", "Introduce Tomás to the writing group"]
    assert [a.carried_from for a in carried] == ["aaaa", "bbbb"]
    assert not {a.id for a in carried} & {"aaaa", "bbbb", "cccc"}
    assert len({a.id for a in carried}) == 2
    assert not any(a.done for a in carried)
    # The first action served an achieved goal, which a follow-on does not carry: its link goes.
    assert carried[0].goal_id is None
    partly = next(g for g in p.goals if g.status == "partly")
    p.close.actions[1].goal_id = partly.id
    moved = actions_for_follow_on(p, draft)[1]
    assert moved.goal_id == next(g.id for g in draft.goals if g.text == partly.text)


def test_the_follow_on_workflow_stores_the_open_actions(filled_db):
    p = with_actions()
    with Desk.for_writing(filled_db) as desk:
        desk.store.add(p)
        draft = desk.follow_on(p.id).partnership
        stored = desk.read(draft.id)
    assert [a.carried_from for a in stored.close.actions] == ["aaaa", "bbbb"]
    assert stored.follows == p.id


# --- the report ------------------------------------------------------------------------------


def test_the_report_counts_actions_set_dated_and_done_even_when_done_in_the_follow_on():
    p = with_actions()
    follow_on = ClosingSession(p).follow_on()
    follow_on.close.actions = actions_for_follow_on(p, follow_on)
    follow_on.close.actions[1].done = True  # the writing-group introduction, done after the close
    figures = build_report([p, follow_on])
    assert {k: figures["actions"][k] for k in ("set", "with_due_date", "done", "done_in_follow_on", "closes")} == {
        "set": 3,
        "with_due_date": 2,
        "done": 2,
        "done_in_follow_on": 1,
        "closes": 1,
    }
    assert figures["actions"]["per_close"][0]["partnership"] == p.id
    text = report_text(figures)
    assert "3 set in 1 close (3.0 per close)" in text
    assert "2 with a due date (67%)" in text and "2 done (67%, 1 of them in a follow-on)" in text


def test_action_figures_without_actions_are_zero():
    figures = action_figures([closed_partnership()], [])
    assert figures["set"] == figures["done"] == 0 and figures["closes"] == 1


# --- every export ------------------------------------------------------------------------------


def test_the_actions_are_in_every_export_and_the_private_notes_in_none():
    p = with_actions()
    p.story.variant = "full"
    markdown = export_text(p, "md")
    assert "## Actions agreed (1 of 3 done)" in markdown
    assert "- [ ] Send the draft to the research office (the mentee; by 30 June 2026; for the goal: Submit the first grant application)" in markdown
    assert "- [x] Meet once more to review the submission (both; by 15 May 2026)" in markdown
    html = export_text(p, "html")
    assert "Introduce Tomás to the writing group" in html and "Actions agreed" in html
    (from_json,) = loads(export_text(p, "json"))
    assert from_json.close.actions == p.close.actions
    story = export_text(p, "story", without_consent=True)
    assert "- Send the draft to the research office (Tomás Ngata, by 30 June 2026)" in story
    assert "- Meet once more to review the submission (both, by 15 May 2026) (done)" in story
    calendar = export_text(p, "ics")
    assert "Due: Send the draft to the research office" in calendar.replace("\r\n ", "")
    for fmt in ("md", "html", "json", "story", "ics"):
        assert PRIVATE_NOTE not in export_text(p, fmt, without_consent=True)


def test_actions_saved_through_the_store_read_back_as_they_were(db):
    p = with_actions()
    with Store.open_writer(db) as store:
        store.add(p)
    with Store.open_reader(db) as store:
        assert store.get(p.id).close.actions == p.close.actions

"""After the close, through the desk as the app and the CLI drive it: follow-ons, the session log, the trash."""

from __future__ import annotations

import os
import stat

import pytest

from closer_tui.errors import CloserError
from closer_tui.model import Goal, Meeting, Partnership, ValidationError
from closer_tui.store import DuplicateIdError, Store, StoreWriteError
from closer_tui.store.trash import TRASH_FOLDER

from conftest import stored


def listed(db) -> set[str]:
    with Store.open_reader(db) as store:
        return {row["id"] for row in store.summaries()}


@pytest.fixture
def closed_with_every_outcome(desk) -> Partnership:
    """A closed partnership with one goal of each outcome."""
    p = Partnership.create(
        "Ann Lee",
        "Kofi Mensah",
        "Research Leaders 2026",
        start_date="2026-01-05",
        goals=[
            Goal("Lead a grant", status="achieved", id="ach1"),
            Goal("Publish twice", status="exceeded", id="exc1"),
            Goal("Write daily", status="partly", id="prt1"),
            Goal("Teach a module", status="not_achieved", not_met_reason="No slot", id="not1"),
            Goal("Move into policy", status="changed", id="chg1", owner="mentor"),
            Goal("Build a network", id="opn1"),
        ],
    )
    p.set_status("closed")
    return desk.new(p)


# --- follow-on partnerships -----------------------------------------------------------


def test_a_follow_on_carries_open_partly_not_achieved_and_changed_goals_and_links_both_ways(desk, filled_db, closed_with_every_outcome):
    old = closed_with_every_outcome
    follow_on = desk.follow_on(old.id)
    assert follow_on.created
    draft = stored(filled_db, follow_on.partnership.id)
    assert [g.text for g in draft.goals] == ["Write daily", "Teach a module", "Move into policy", "Build a network"]
    assert [g.owner for g in draft.goals] == ["mentee", "mentee", "mentor", "mentee"]
    assert all(g.status == "open" and not g.not_met_reason for g in draft.goals)
    assert draft.follows == old.id and draft.status == "active"
    assert (draft.mentor, draft.mentee, draft.programme) == (old.mentor, old.mentee, old.programme)
    assert stored(filled_db, old.id).followed_by == draft.id


def test_asking_for_a_follow_on_twice_gives_the_same_one(desk, filled_db, closed_with_every_outcome):
    first = desk.follow_on(closed_with_every_outcome.id, ["opn1"])
    second = desk.follow_on(closed_with_every_outcome.id, ["prt1", "chg1"])
    assert not second.created and second.partnership.id == first.partnership.id
    assert [g.text for g in second.partnership.goals] == ["Build a network"]  # the first one's, unchanged
    followers = [pid for pid in listed(filled_db) if stored(filled_db, pid).follows == closed_with_every_outcome.id]
    assert followers == [first.partnership.id]
    assert desk.follow_on_plan(closed_with_every_outcome.id).existing == first.partnership.id


def test_only_the_goals_ticked_are_carried(desk, filled_db, closed_with_every_outcome):
    plan = desk.follow_on_plan(closed_with_every_outcome.id)
    assert plan.existing is None and [g.id for g in plan.goals] == ["prt1", "not1", "chg1", "opn1"]
    draft = desk.follow_on(closed_with_every_outcome.id, ["chg1", "prt1"]).partnership
    assert [g.text for g in stored(filled_db, draft.id).goals] == ["Write daily", "Move into policy"]


def test_a_follow_on_may_carry_no_goal(desk, filled_db, closed_with_every_outcome):
    draft = desk.follow_on(closed_with_every_outcome.id, []).partnership
    assert stored(filled_db, draft.id).goals == []


def test_a_goal_that_is_not_left_to_carry_is_refused_and_nothing_is_stored(desk, filled_db, closed_with_every_outcome):
    before = listed(filled_db)
    with pytest.raises(ValidationError, match="ach1"):
        desk.follow_on(closed_with_every_outcome.id, ["ach1"])
    assert listed(filled_db) == before
    assert stored(filled_db, closed_with_every_outcome.id).followed_by is None


def test_a_follow_on_waits_for_the_close_to_be_finished(desk, filled_db, partnerships):
    before = listed(filled_db)
    with pytest.raises(CloserError, match="not closed yet"):
        desk.follow_on(partnerships[0].id)
    assert listed(filled_db) == before


def test_a_follow_on_that_could_not_be_stored_is_started_afresh_next_time(desk, filled_db, closed_with_every_outcome, monkeypatch):
    real_add = desk.store.add

    def disk_full(partnership):
        raise StoreWriteError(filled_db / "x.json", OSError(28, "No space left on device"))

    monkeypatch.setattr(desk.store, "add", disk_full)
    with pytest.raises(StoreWriteError):
        desk.follow_on(closed_with_every_outcome.id)
    dangling = stored(filled_db, closed_with_every_outcome.id).followed_by
    assert dangling is not None and dangling not in listed(filled_db)
    assert desk.follow_on_plan(closed_with_every_outcome.id).existing is None  # a link to nothing is no follow-on
    monkeypatch.setattr(desk.store, "add", real_add)
    follow_on = desk.follow_on(closed_with_every_outcome.id)
    assert follow_on.created and follow_on.partnership.id in listed(filled_db)
    assert stored(filled_db, closed_with_every_outcome.id).followed_by == follow_on.partnership.id


def test_a_deleted_follow_on_no_longer_counts(desk, filled_db, closed_with_every_outcome):
    first = desk.follow_on(closed_with_every_outcome.id).partnership
    desk.delete(first.id)
    assert desk.summary(closed_with_every_outcome.id).follow_on is None
    second = desk.follow_on(closed_with_every_outcome.id)
    assert second.created and second.partnership.id != first.id


def test_the_summary_names_the_follow_on_once_there_is_one(desk, closed_with_every_outcome):
    summary = desk.summary(closed_with_every_outcome.id)
    assert summary.follow_on is None and summary.goals_left == 4
    draft = desk.follow_on(closed_with_every_outcome.id).partnership
    assert desk.summary(closed_with_every_outcome.id).follow_on == draft.id
    assert f"**Follow-on**: `{draft.id}`" in desk.summary(closed_with_every_outcome.id).markdown


def test_open_follow_on_opens_the_new_draft_as_the_session(desk, closed_with_every_outcome):
    follow_on, opened = desk.open_follow_on(closed_with_every_outcome.id)
    assert desk.session is opened and opened.partnership.id == follow_on.partnership.id


# --- the session log ---------------------------------------------------------------------


def test_the_session_log_is_added_to_edited_and_removed_from_in_the_store(desk, filled_db, partnerships):
    pid = partnerships[1].id
    desk.log(pid, "Kick-off", date="2026-01-12", milestone=True)
    desk.log(pid, "Lab visit", date="2026-02-03")
    desk.edit_meeting(pid, 1, "Lab visit, with the team", date="2026-01-20", milestone=False)
    assert stored(filled_db, pid).meetings == [
        Meeting("2026-01-12", "Kick-off", True),
        Meeting("2026-01-20", "Lab visit, with the team", False),
    ]
    _, removed = desk.remove_meeting(pid, 0)
    assert removed.notes == "Kick-off"
    assert [m.notes for m in stored(filled_db, pid).meetings] == ["Lab visit, with the team"]


def test_an_edit_that_moves_a_meeting_keeps_the_log_in_date_order(desk, filled_db, partnerships):
    pid = partnerships[1].id
    for day in ("2026-01-10", "2026-02-10", "2026-03-10"):
        desk.log(pid, f"meeting of {day}", date=day)
    desk.edit_meeting(pid, 0, "moved", date="2026-04-01")
    assert [m.date for m in stored(filled_db, pid).meetings] == ["2026-02-10", "2026-03-10", "2026-04-01"]


@pytest.mark.parametrize(
    ("date", "notes", "problem"),
    [
        ("2026-02-30", "fine", "not an ISO 8601 date"),
        ("next tuesday", "fine", "not an ISO 8601 date"),
        ("2026-03-01", "a bell\x07 in it", "control character"),
        ("2026-03-01", "x" * 5_000_001, "the limit is"),
    ],
    ids=["no such day", "words", "control character", "too long"],
)
def test_a_bad_meeting_is_refused_with_nothing_changed_in_the_store_or_the_open_session(desk, filled_db, partnerships, date, notes, problem):
    pid = partnerships[0].id
    before = stored(filled_db, pid).meetings
    for attempt in (
        lambda: desk.log(pid, notes, date=date),
        lambda: desk.edit_meeting(pid, 0, notes, date=date),
    ):
        with pytest.raises(ValidationError, match=problem):
            attempt()
    session = desk.open(pid)
    revision = session.revision
    with pytest.raises(ValidationError, match=problem):
        desk.log(pid, notes, date=date)
    assert session.partnership.meetings == before and session.revision == revision
    assert stored(filled_db, pid).meetings == before


def test_a_meeting_that_is_not_there_is_refused(desk, partnerships):
    for index in (1, -1, 99):
        with pytest.raises(ValidationError, match="no meeting"):
            desk.remove_meeting(partnerships[0].id, index)


def test_the_open_sessions_log_changes_in_memory_and_is_saved_with_the_session(desk, filled_db, partnerships):
    pid = partnerships[0].id
    session = desk.open(pid)
    session.set_notes("evaluate", "typed before the log changed")
    partnership, meeting = desk.log(pid, "Mid-point review", date="2026-04-01", milestone=True)
    assert partnership is session.partnership and meeting in session.partnership.meetings
    assert desk.unsaved()
    desk.save()
    again = stored(filled_db, pid)
    assert again.meetings[-1] == Meeting("2026-04-01", "Mid-point review", True)
    assert again.close.stage_notes["evaluate"] == "typed before the log changed"


def test_logging_a_meeting_leaves_an_active_partnership_active(desk, filled_db, partnerships):
    session = desk.open(partnerships[0].id)
    desk.log(partnerships[0].id, "A meeting", date="2026-03-20")
    assert session.partnership.status == "active"


# --- the trash ---------------------------------------------------------------------------


def test_delete_moves_the_record_unchanged_to_a_private_trash_and_off_the_list(desk, filled_db, partnerships):
    pid = partnerships[1].id
    record_file = filled_db / "partnerships" / f"{pid}.json"
    before = record_file.read_bytes()
    desk.delete(pid)
    assert not record_file.exists()
    (entry,) = desk.trash()
    assert entry.id == pid and entry.summary["mentee"] == partnerships[1].mentee
    assert entry.path.parent == filled_db / TRASH_FOLDER and entry.path.read_bytes() == before
    assert stat.S_IMODE(os.stat(filled_db / TRASH_FOLDER).st_mode) == 0o700
    assert stat.S_IMODE(entry.path.stat().st_mode) == 0o600
    assert pid not in {row["id"] for row in desk.summaries()}
    assert pid not in listed(filled_db)  # the index on disk too
    assert not (filled_db / ".index-stale").exists()


def test_restore_brings_the_record_back_as_it_was(desk, filled_db, partnerships):
    pid = partnerships[2].id
    before = stored(filled_db, pid).to_dict()
    desk.delete(pid)
    restored = desk.restore(pid[:3])
    assert restored.partnership.id == pid and restored.copies_left == 0
    assert stored(filled_db, pid).to_dict() == before
    assert pid in listed(filled_db) and desk.trash() == []


def test_restore_refuses_an_id_in_use_and_keeps_the_copy_in_the_trash(desk, filled_db, partnerships):
    pid = partnerships[1].id
    desk.delete(pid)
    desk.store.import_partnerships([Partnership.from_dict(partnerships[1].to_dict() | {"mentee": "From a backup"})])
    with pytest.raises(DuplicateIdError, match="already in the store"):
        desk.restore(pid)
    assert len(desk.trash()) == 1
    assert stored(filled_db, pid).mentee == "From a backup"


def test_one_id_deleted_twice_keeps_both_copies_and_restore_takes_the_last(desk, partnerships):
    pid = partnerships[1].id
    desk.delete(pid)
    second = Partnership.from_dict(partnerships[1].to_dict() | {"mentee": "Renamed"})
    desk.store.import_partnerships([second])
    desk.delete(pid)
    entries = desk.trash()
    assert [e.id for e in entries] == [pid, pid] and len({e.path for e in entries}) == 2
    restored = desk.restore(pid)
    assert restored.partnership.mentee == "Renamed" and restored.copies_left == 1


def test_the_open_partnership_is_not_deleted(desk, filled_db, partnerships):
    desk.open(partnerships[0].id)
    with pytest.raises(CloserError, match="open"):
        desk.delete(partnerships[0].id)
    assert partnerships[0].id in listed(filled_db)


def test_an_unknown_id_in_the_trash_is_named(desk):
    with pytest.raises(CloserError, match="no partnership 'zzz' in the trash"):
        desk.restore("zzz")

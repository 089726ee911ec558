"""The workflow layer, driven as the app and the CLI drive it, without Textual."""

from __future__ import annotations

import time

import pytest

from closer_tui.desk import Desk, write_export_file
from closer_tui.errors import CloserError, ExportTargetError
from closer_tui.export import dumps, export_text
from closer_tui.model import Partnership
from closer_tui.session import ClosingSession
from closer_tui.store import DuplicateIdError, StoreReadOnlyError, StoreWriteError
from closer_tui.summary import Summary

from conftest import stored


def test_opening_an_active_partnership_gives_its_session_and_a_closed_one_its_summary(desk, partnerships):
    active, _, closed = partnerships
    session = desk.open(active.id)
    assert isinstance(session, ClosingSession) and desk.session is session
    summary = desk.open(closed.id)
    assert isinstance(summary, Summary) and summary.closed and summary.title == "Bob Roe and Ann Lee"


def test_notes_typed_in_the_session_are_saved_by_the_desk(desk, filled_db, partnerships):
    session = desk.open(partnerships[0].id)
    session.set_notes("evaluate", "Zoë: 研究 done")
    assert desk.unsaved()
    desk.save()
    assert not desk.unsaved() and desk.saved_at
    assert stored(filled_db, partnerships[0].id).close.stage_notes["evaluate"] == "Zoë: 研究 done"


def test_an_older_snapshot_never_overwrites_a_newer_one(desk, filled_db, partnerships):
    session = desk.open(partnerships[0].id)
    session.set_notes("evaluate", "first")
    older = desk.snapshot()
    session.set_notes("evaluate", "second")
    desk.write(desk.snapshot())
    desk.write(older)  # a slow worker, late
    assert stored(filled_db, partnerships[0].id).close.stage_notes["evaluate"] == "second"


def test_an_autosave_validates_the_record_once_and_converts_it_once(desk, partnerships, monkeypatch):
    session = desk.open(partnerships[0].id)
    session.set_notes("evaluate", "counted")
    calls = {"validate": 0, "to_dict": 0}
    validate, to_dict = Partnership.validate, Partnership.to_dict

    def counting_validate(self):
        calls["validate"] += 1
        return validate(self)

    def counting_to_dict(self):
        calls["to_dict"] += 1
        return to_dict(self)

    monkeypatch.setattr(Partnership, "validate", counting_validate)
    monkeypatch.setattr(Partnership, "to_dict", counting_to_dict)
    desk.write(desk.snapshot())
    assert calls == {"validate": 1, "to_dict": 1}


def test_a_session_is_put_away_only_once_everything_typed_is_saved(desk, filled_db, partnerships):
    session = desk.open(partnerships[0].id)
    session.set_notes("evaluate", "saved")
    desk.save()
    session.set_notes("evaluate", "saved, then typed while the save ran")
    assert not desk.put_away() and desk.session is session
    desk.save()
    assert desk.put_away() and desk.session is None
    assert stored(filled_db, partnerships[0].id).close.stage_notes["evaluate"].endswith("while the save ran")


def test_finishing_closes_saves_and_returns_the_summary(desk, filled_db, partnerships):
    desk.open(partnerships[0].id)
    summary = desk.finish()
    assert summary.closed and summary.goals_left == 2
    assert desk.session is None
    assert stored(filled_db, partnerships[0].id).status == "closed"


def test_a_finish_that_cannot_be_saved_leaves_the_close_open(desk, filled_db, partnerships, monkeypatch):
    session = desk.open(partnerships[0].id)

    def disk_full(record):
        raise StoreWriteError(filled_db / "x.json", OSError(28, "No space left on device"))

    monkeypatch.setattr(desk.store, "save_record", disk_full)
    with pytest.raises(StoreWriteError):
        desk.finish()
    assert desk.session is session and session.partnership.status == "closing"


def test_reopening_a_closed_partnership_saves_it_as_closing_and_opens_it(desk, filled_db, partnerships):
    session = desk.reopen(partnerships[2].id)
    assert desk.session is session and session.partnership.status == "closing"
    assert stored(filled_db, partnerships[2].id).status == "closing"


def test_a_follow_on_carries_the_goals_left_open_into_a_new_partnership(desk, filled_db, partnerships):
    desk.open(partnerships[0].id)
    desk.finish()
    draft = desk.follow_on(partnerships[0].id).partnership
    again = stored(filled_db, draft.id)
    assert again.follows == partnerships[0].id
    assert [g.text for g in again.goals] == ["Submit a first grant as lead", "Build a writing habit"]
    assert all(g.status == "open" for g in again.goals)


def test_a_new_partnership_is_stored_and_listed(desk, partnerships):
    new = desk.new(Partnership.create("Mentor M", "Mentee N", start_date="2026-11-01"))
    assert new.id in {row["id"] for row in desk.summaries()}


def test_the_list_puts_active_partnerships_first(desk):
    assert [row["status"] for row in desk.summaries()] == ["active", "closing", "closed"]


def test_export_to_a_file_writes_what_export_text_gives_privately(desk, partnerships, tmp_path):
    target = desk.export_to_file(partnerships[0].id, "md", tmp_path / "out.md")
    assert target.read_text(encoding="utf-8") == desk.export_text(partnerships[0].id, "md")
    assert target.stat().st_mode & 0o777 == 0o600


def test_export_without_a_target_goes_to_the_exports_folder_under_a_readable_name(desk, partnerships, private_home):
    target = desk.export_to_file(partnerships[2].id, "story", without_consent=True)
    assert target.name == f"closer-bob-roe-{partnerships[2].id}.story.md"
    assert private_home in target.parents


@pytest.mark.parametrize(
    ("where", "message"),
    [("inside", "inside the data folder"), ("folder", "is a folder"), ("missing", "does not exist")],
)
def test_an_export_is_refused_where_it_cannot_go(desk, filled_db, partnerships, tmp_path, where, message):
    target = {"inside": filled_db / "x.md", "folder": tmp_path, "missing": tmp_path / "nope" / "x.md"}[where]
    with pytest.raises(ExportTargetError, match=message):
        desk.export_to_file(partnerships[0].id, "md", target)


def test_private_notes_reach_an_export_only_when_asked_and_never_the_story(desk, partnerships):
    session = desk.open(partnerships[0].id)
    session.set_private_notes("only for me")
    desk.save()
    assert "only for me" not in desk.export_text(partnerships[0].id, "json")
    assert "only for me" in desk.export_text(partnerships[0].id, "json", include_private=True)
    assert "only for me" not in desk.export_text(partnerships[0].id, "story", include_private=True, without_consent=True)


def test_importing_adds_all_or_nothing(tmp_path, partnerships):
    with Desk.for_writing(tmp_path / "data") as desk:
        assert desk.import_text(dumps(partnerships[:2]), "file.json") == [p.id for p in partnerships[:2]]
        with pytest.raises(DuplicateIdError):
            desk.import_text(dumps(partnerships[1:]), "file.json")
        assert len(desk.summaries()) == 2


def test_logging_a_meeting_saves_it_in_the_session_log(desk, filled_db, partnerships):
    desk.log(partnerships[1].id, "Agreed the close", date="2026-11-20", milestone=True)
    (meeting,) = stored(filled_db, partnerships[1].id).meetings
    assert (meeting.date, meeting.notes, meeting.milestone) == ("2026-11-20", "Agreed the close", True)


def test_the_report_counts_closed_partnerships(desk):
    assert desk.report()["partnerships"]["closed"] == 1


def test_review_rows_come_from_the_index_and_search_text_never_holds_private_notes(desk, partnerships):
    session = desk.open(partnerships[0].id)
    session.set_private_notes("secretword")
    session.set_notes("evaluate", "publicword")
    desk.save()
    assert {row.id for row in desk.review_rows()} == {p.id for p in partnerships}
    text = desk.search_text_of(partnerships[0].id)
    assert "publicword" in text and "secretword" not in text


def test_a_reading_desk_refuses_every_write_with_a_closer_error(filled_db, partnerships):
    with Desk.for_reading(filled_db) as desk:
        for write in (lambda: desk.reopen(partnerships[2].id), lambda: desk.follow_on(partnerships[2].id),
                      lambda: desk.log(partnerships[0].id, "x")):
            with pytest.raises(StoreReadOnlyError) as refused:
                write()
            assert isinstance(refused.value, CloserError)


def test_a_second_app_gets_a_desk_that_says_why_it_cannot_save(filled_db):
    with Desk.for_app(filled_db) as first, Desk.for_app(filled_db) as second:
        assert not first.read_only
        assert second.read_only and "in use by another closer" in second.read_only_reason


def test_the_one_export_file_rule_is_shared(tmp_path, partnerships):
    write_export_file(tmp_path / "x.md", export_text(partnerships[0], "md"), data_folder=tmp_path / "data")
    assert (tmp_path / "x.md").read_text(encoding="utf-8") == export_text(partnerships[0], "md")


def test_the_time_of_the_last_save_comes_from_the_desks_clock(filled_db, partnerships):
    """What the dashboard shows as "✓ saved HH:MM:SS" follows the clock the desk was given."""
    at = time.mktime((2026, 3, 2, 14, 5, 9, 0, 0, -1))
    with Desk.for_writing(filled_db, clock=lambda: at) as desk:
        session = desk.open(partnerships[0].id)
        session.set_notes("evaluate", "noted")
        desk.save()
        assert desk.saved_at == "14:05:09"

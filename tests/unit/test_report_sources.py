"""A report across facilitators: export and backup files read (never imported), each partnership once."""

from __future__ import annotations

import os

import pytest

from closer_tui.desk import Desk, report_from
from closer_tui.errors import CloserError
from closer_tui.export import dumps
from closer_tui.model import Goal, Partnership
from closer_tui.report import report_markdown, report_text
from closer_tui.report_sources import latest_of
from closer_tui.store import Store


def closed(mentee: str, *statuses: str, updated_at: str = "2026-06-01T10:00:00+00:00", pid: str | None = None) -> Partnership:
    goals = [Goal(f"goal {i}", status=s, not_met_reason="no time" if s == "not_achieved" else "") for i, s in enumerate(statuses)]
    p = Partnership.create("A Mentor", mentee, "Leaders 2026", start_date="2026-01-05", goals=goals)
    p.set_status("closed")
    p.updated_at = updated_at
    if pid:
        p.id = pid
    return p


@pytest.fixture
def three_files(tmp_path):
    """Three facilitators' exports; "shared" is in the first two, closed later with a better outcome in the second."""
    older = closed("Shared Mentee", "not_achieved", updated_at="2026-06-01T10:00:00+00:00", pid="shared")
    newer = closed("Shared Mentee", "achieved", updated_at="2026-06-02T09:00:00+02:00", pid="shared")
    files = {
        "alice.json": [older, closed("Only Alice", "achieved", "partly")],
        "bob.json": [newer, closed("Only Bob", "exceeded")],
        "carol.json": [closed("Only Carol", "changed")],
    }
    folder = tmp_path / "exports"
    folder.mkdir()
    for name, records in files.items():
        (folder / name).write_text(dumps(records, include_private=True), encoding="utf-8")
    return folder


def test_three_files_with_an_overlapping_partnership_count_it_once_as_last_updated(three_files):
    report = report_from(sorted(three_files.iterdir()))
    assert report["partnerships"]["closed"] == 4
    assert report["goals"]["by_status"] | {} == {
        "achieved": 2,  # Alice's own, and the shared one as Bob saved it last
        "exceeded": 1,
        "partly": 1,
        "changed": 1,
        "not_achieved": 0,  # the shared one's older copy does not count
        "open": 0,
    }
    assert report["sources"]["duplicates_dropped"] == 1
    assert len(report["sources"]["files"]) == 3 and report["sources"]["store"] is False
    text = report_text(report)
    assert "Read from 3 export files; 1 duplicate dropped" in text
    assert "Read from 3 export files; 1 duplicate dropped" in report_markdown(report)


def test_a_folder_is_read_as_its_json_files_and_a_file_named_twice_is_read_once(three_files):
    (three_files / "notes.txt").write_text("not an export")
    report = report_from([three_files, three_files / "alice.json"])
    assert len(report["sources"]["files"]) == 3
    assert report["sources"]["duplicates_dropped"] == 1  # only the shared partnership
    assert report["sources"]["unreadable_files"] == []


def test_a_file_that_cannot_be_read_is_named_and_the_rest_reported(three_files):
    (three_files / "broken.json").write_text('{"format": "closer.partnerships", "version": 1, "partnerships": [{"id": "abc"}]}')
    os.mkfifo(three_files / "pipe.json")  # never blocks the report
    report = report_from([three_files, three_files / "missing.json"])
    problems = {os.path.basename(entry["file"]): entry["problem"] for entry in report["sources"]["unreadable_files"]}
    assert set(problems) == {"broken.json", "pipe.json", "missing.json"}
    assert "mentor: is required" in problems["broken.json"]
    assert "FIFO" in problems["pipe.json"]
    assert report["partnerships"]["closed"] == 4
    assert "Could not be read, not counted: " in report_text(report)


def test_when_no_file_can_be_read_the_report_is_refused(tmp_path):
    (tmp_path / "bad.json").write_text("not json")
    with pytest.raises(CloserError, match="no file could be read; .*bad.json: not valid JSON"):
        report_from([tmp_path / "bad.json"])


def test_the_local_data_joins_the_files_and_its_copy_counts_when_it_is_the_latest(three_files, db):
    local = closed("Shared Mentee", "exceeded", updated_at="2026-07-01T08:00:00+00:00", pid="shared")
    with Store.open_writer(db) as store:
        store.import_partnerships([local])
    with Desk.for_reading(db) as desk:
        report = report_from([three_files], desk=desk)
    assert report["sources"]["store"] is True and report["sources"]["duplicates_dropped"] == 2
    assert report["goals"]["by_status"]["exceeded"] == 2 and report["goals"]["by_status"]["achieved"] == 1
    assert "3 export files and this computer's data" in report_text(report)


def test_the_filters_apply_across_the_files(three_files):
    report = report_from([three_files], programme="Someone else's programme")
    assert report["partnerships"]["closed"] == 0


def test_latest_of_compares_times_across_zones():
    early = closed("X", "open", updated_at="2026-06-01T12:00:00+00:00", pid="same")
    later_in_another_zone = closed("X", "achieved", updated_at="2026-06-01T13:30:00+01:00", pid="same")
    kept, dropped = latest_of([later_in_another_zone, early])
    assert dropped == 1 and kept[0].goals[0].status == "achieved"

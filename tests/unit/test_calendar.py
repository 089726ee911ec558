"""The follow-ups as an iCalendar file: read back with icalendar, as a calendar would read it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar

from closer_tui.desk import Desk
from closer_tui.export import export_format, export_text
from closer_tui.export.ics import calendar_ics, local_time_zone
from closer_tui.model import Action

from records import PRIVATE_NOTE, closed_partnership

LONDON = ZoneInfo("Europe/London")


def with_follow_ups():
    p = closed_partnership()
    p.close.extension.meeting_dates = ["2026-08-03T10:00"]
    p.close.check_ins = ["2026-09-01", "2026-12-01T14:30"]
    p.close.celebration_date = "2026-07-10"
    p.close.celebration_plan = "Lunch at the harbour, with the whole lab; then a walk along the sea front to the lighthouse"
    p.close.actions = [
        Action("Send the draft to the research office", owner="mentee", due="2026-06-30", id="send"),
        Action("An action with no date", id="ndt2"),
    ]
    p.close.stage_notes["next_steps"] = "STAGE NOTE that stays in the record"
    p.validate()
    return p


def events(text: str) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_every_dated_follow_up_is_an_event_whole_days_for_dates_and_local_times_for_times():
    p = with_follow_ups()
    found = events(calendar_ics(p, LONDON))
    assert sorted(found) == sorted(
        f"{p.id}-{key}@closer" for key in ("extension-1", "check-in-1", "check-in-2", "celebration", "action-send")
    )
    check_in = found[f"{p.id}-check-in-1@closer"]
    assert check_in.decoded("DTSTART") == dt.date(2026, 9, 1) and check_in.decoded("DTEND") == dt.date(2026, 9, 2)
    assert "VALUE=DATE" in check_in.to_ical().decode()
    timed = found[f"{p.id}-check-in-2@closer"]
    assert timed.decoded("DTSTART") == dt.datetime(2026, 12, 1, 14, 30, tzinfo=LONDON)
    assert timed.decoded("DTEND") - timed.decoded("DTSTART") == dt.timedelta(hours=1)
    meeting = found[f"{p.id}-extension-1@closer"]
    assert str(meeting["SUMMARY"]) == "Extra meeting 1 of 1: Tomás Ngata and Ana Lima"
    assert meeting.decoded("DTSTART").utcoffset() == dt.timedelta(hours=1)  # summer time in London
    action = found[f"{p.id}-action-send@closer"]
    assert str(action["SUMMARY"]) == "Due: Send the draft to the research office"
    assert action.decoded("DTSTART") == dt.date(2026, 6, 30)
    celebration = found[f"{p.id}-celebration@closer"]
    assert str(celebration["DESCRIPTION"]) == p.close.celebration_plan  # commas and all, unfolded
    calendar = icalendar.Calendar.from_ical(calendar_ics(p, LONDON))
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_the_file_never_holds_a_private_or_a_stage_note():
    text = calendar_ics(with_follow_ups(), LONDON)
    unfolded = text.replace("\r\n ", "")
    assert PRIVATE_NOTE not in unfolded and "STAGE NOTE" not in unfolded
    assert PRIVATE_NOTE not in export_text(with_follow_ups(), "ics", include_private=True).replace("\r\n ", "")


def test_lines_end_in_crlf_and_are_folded_at_75_octets():
    p = with_follow_ups()
    p.close.actions[0].text = "Ωmega " * 40  # long, and two octets a letter: folding must count octets
    text = calendar_ics(p, LONDON)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)  # something was folded
    assert str(events(text)[f"{p.id}-action-send@closer"]["SUMMARY"]) == "Due: " + p.close.actions[0].text


def test_two_exports_give_the_same_uids_and_a_changed_date_keeps_its_uid_with_a_higher_sequence():
    p = with_follow_ups()
    first, second = events(calendar_ics(p, LONDON)), events(calendar_ics(p, LONDON))
    assert first.keys() == second.keys()
    assert calendar_ics(p, LONDON) == calendar_ics(p, LONDON)  # nothing changes between two exports of one record
    p.close.check_ins[0] = "2026-09-15"
    p.updated_at = (dt.datetime.fromisoformat(p.updated_at) + dt.timedelta(minutes=5)).isoformat()
    moved = events(calendar_ics(p, LONDON))
    uid = f"{p.id}-check-in-1@closer"
    assert moved.keys() == first.keys()
    assert moved[uid].decoded("DTSTART") == dt.date(2026, 9, 15)
    assert int(moved[uid]["SEQUENCE"]) > int(first[uid]["SEQUENCE"])


def test_a_zone_without_a_name_gives_times_in_utc():
    p = with_follow_ups()
    text = calendar_ics(p, dt.timezone(dt.timedelta(hours=2)))
    timed = events(text)[f"{p.id}-check-in-2@closer"]
    assert timed.decoded("DTSTART") == dt.datetime(2026, 12, 1, 12, 30, tzinfo=dt.timezone.utc)
    assert "VTIMEZONE" not in text


def test_the_users_time_zone_comes_from_tz(monkeypatch):
    monkeypatch.setenv("TZ", "America/Chicago")
    assert local_time_zone() == ZoneInfo("America/Chicago")
    monkeypatch.setenv("TZ", "Not/AZone")
    assert local_time_zone() is not None


def test_a_partnership_without_follow_ups_is_an_empty_calendar():
    p = closed_partnership()
    calendar = icalendar.Calendar.from_ical(calendar_ics(p, LONDON))
    assert calendar.walk("VEVENT") == [] and str(calendar["PRODID"]).startswith("-//closer//")


def test_the_calendar_export_is_written_as_a_file_with_its_crlf(filled_db, tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/London")
    p = with_follow_ups()
    with Desk.for_writing(filled_db) as desk:
        desk.store.add(p)
        target = desk.export_to_file(p.id, "ics", tmp_path / "follow-ups.ics")
        named = desk.export_to_file(p.id, "ics")
    data = target.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert named.name == f"closer-tomás-ngata-{p.id}.ics"
    assert len(events(data.decode())) == 5


def test_the_registry_never_lets_private_notes_into_the_calendar():
    assert export_format("ics").may_include_private is False
    assert export_format("ics").extension == "ics"

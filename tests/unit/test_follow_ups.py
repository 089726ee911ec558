"""Follow-up dates: what people type for them, what the record keeps, and the list a calendar is made from."""

from __future__ import annotations

import datetime as dt

import pytest

from closer_tui.export import record_markdown
from closer_tui.follow_ups import add_months, follow_ups, parse_when, parse_when_list, when_text
from closer_tui.model import Action, Extension, Partnership, ValidationError, check_when

from records import PRIVATE_NOTE, closed_partnership

TODAY = dt.date(2026, 1, 31)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2026-09-01", "2026-09-01"),
        (" 2026-09-01 14:30 ", "2026-09-01T14:30"),
        ("2026-09-01T09:05", "2026-09-01T09:05"),
        ("in 10 days", "2026-02-10"),
        ("in 2 weeks", "2026-02-14"),
        ("In 1 month", "2026-02-28"),  # 31 January and a month: the last day of February
        ("in 3 months", "2026-04-30"),
        ("in six months", "2026-07-31"),
        ("in a year", "2027-01-31"),
        ("in  12   months", "2027-01-31"),
    ],
)
def test_a_date_is_typed_as_a_date_a_date_and_time_or_from_today(typed, stored):
    assert parse_when(typed, TODAY) == stored


@pytest.mark.parametrize("typed", ["next week", "in 3 fortnights", "in seventeen months", "2026-13-01", "2026-09-01 25:00", "01/09/2026", "2026-09-01T14:00+02:00", "in 3"])
def test_anything_else_is_refused_saying_what_is_taken(typed):
    with pytest.raises(ValidationError) as refused:
        parse_when(typed, TODAY, "check_ins")
    assert refused.value.field == "check_ins"
    assert "2026-09-01" in refused.value.reason or "digits" in refused.value.reason


def test_a_due_date_takes_no_time():
    with pytest.raises(ValidationError, match="give a date only"):
        parse_when("2026-06-30 10:00", TODAY, "due", time_allowed=False)
    assert parse_when("in 2 weeks", TODAY, "due", time_allowed=False) == "2026-02-14"


def test_several_dates_are_separated_by_commas_and_limited():
    assert parse_when_list("in 3 months, in 6 months; 2026-12-24 18:00", TODAY) == ["2026-04-30", "2026-07-31", "2026-12-24T18:00"]
    assert parse_when_list("  ,  ", TODAY) == []
    with pytest.raises(ValidationError, match="holds 3 dates; the limit is 2"):
        parse_when_list("in 1 week, in 2 weeks, in 3 weeks", TODAY, "extension.meeting_dates", 2)


def test_months_end_on_the_last_day_when_shorter():
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


def test_the_record_refuses_a_follow_up_date_it_cannot_read():
    for bad in ("soon", "2026-09-01T14", "2026-09-01T14:00Z", 20260901, None):
        with pytest.raises(ValidationError):
            check_when(bad, "when")
    p = closed_partnership()
    record = p.to_dict()
    record["close"]["check_ins"] = ["2026-09-01", "in 3 months"]
    with pytest.raises(ValidationError) as refused:
        Partnership.from_dict(record)
    assert refused.value.field == "close.check_ins[1]"


def test_an_extension_has_no_more_dates_than_meetings():
    with pytest.raises(ValidationError, match="gives 2 dates for 1 extra meeting"):
        Extension(1, True, True, ["2026-09-01", "2026-10-01"]).validate()
    with pytest.raises(ValidationError, match="gives 1 date for no extra meeting"):
        Extension(0, False, False, ["2026-09-01"]).validate()


def test_the_follow_ups_are_listed_soonest_first_with_stable_keys_and_nothing_private():
    p = closed_partnership()
    p.close.extension.meeting_dates = ["2026-08-03T10:00"]
    p.close.check_ins = ["2026-12-01", "2026-09-01"]
    p.close.celebration_date = "2026-07-10"
    p.close.actions = [Action("Apply for the fund", owner="both", due="2026-06-01", id="fund"), Action("No date", id="none")]
    items = follow_ups(p)
    assert [(i.key, i.when) for i in items] == [
        ("action-fund", "2026-06-01"),
        ("celebration", "2026-07-10"),
        ("extension-1", "2026-08-03T10:00"),
        ("check-in-2", "2026-09-01"),
        ("check-in-1", "2026-12-01"),
    ]
    assert items[1].details == "Lunch at the harbour"
    assert "coffee every quarter" in items[3].details
    assert not any(PRIVATE_NOTE in i.title + i.details for i in items)
    markdown = record_markdown(p)
    assert "## Follow-up dates" in markdown
    assert "- 3 August 2026, 10:00: Extra meeting 1 of 1: Tomás Ngata and Ana Lima" in markdown


def test_dates_read_as_people_say_them():
    assert when_text("2026-09-01") == "1 September 2026"
    assert when_text("2026-09-01T14:05") == "1 September 2026, 14:05"

"""What comes after the close, with a date: extra meetings, check-ins, the celebration, actions due.

Pure: reads what people type for a date ("in 3 months", "2026-09-01", "2026-09-01 14:00")
and lists a partnership's dated follow-ups, which the record shows and the calendar
export (export/ics.py) turns into events.
"""

from __future__ import annotations

from typing import NamedTuple
import datetime as dt
import re

from .actions import OWNER_WORDS
from .model import MAX_CHECK_INS, Partnership, ValidationError, check_when

_UNITS = ("day", "week", "month", "year")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "nine": 9, "twelve": 12}
_RELATIVE = re.compile(r"^in\s+(\d{1,3}|[a-z]+)\s+(day|week|month|year)s?$")
WHEN_HINT = "a date (2026-09-01), a date and time (2026-09-01 14:00), or from today (in 2 weeks, in 3 months)"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it is shorter (31 January + 1 month: 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month_first = dt.date(year + month // 12, month % 12 + 1, 1)  # no calendar module: it loads locale at start-up
    return day.replace(year=year, month=month, day=min(day.day, (next_month_first - dt.timedelta(days=1)).day))


def parse_when(text: str, today: dt.date, field_name: str = "date", *, time_allowed: bool = True) -> str:
    """What was typed for a follow-up's date, as stored (see model.check_when): a date, a date and
    time, or "in N days|weeks|months|years" counted from ``today``."""
    typed = " ".join(text.split()).casefold()
    relative = _RELATIVE.match(typed)
    if relative:
        count_text, unit = relative.groups()
        count = int(count_text) if count_text.isdigit() else _NUMBER_WORDS.get(count_text)
        if count is None:
            raise ValidationError(field_name, f"{text.strip()!r}: write the number in digits, like 'in 3 months'")
        if unit == "day":
            when = today + dt.timedelta(days=count)
        elif unit == "week":
            when = today + dt.timedelta(weeks=count)
        else:
            when = add_months(today, count * (12 if unit == "year" else 1))
        return when.isoformat()
    try:
        when = check_when(typed.upper(), field_name)
    except ValidationError:
        raise ValidationError(field_name, f"{text.strip()!r} is not {WHEN_HINT}") from None
    if not time_allowed and len(when) > 10:
        raise ValidationError(field_name, f"{text.strip()!r}: give a date only, like 2026-09-01")
    return when


def parse_when_list(text: str, today: dt.date, field_name: str = "dates", maximum: int = MAX_CHECK_INS) -> list[str]:
    """Several dates separated by commas or semicolons ("in 3 months, in 6 months"); none when blank."""
    parts = [part for part in re.split(r"[,;]", text) if part.strip()]
    if len(parts) > maximum:
        raise ValidationError(field_name, f"holds {len(parts)} dates; the limit is {maximum}")
    return [parse_when(part, today, field_name) for part in parts]


def when_text(when: str) -> str:
    """A stored date as people say it: "1 September 2026", or "1 September 2026, 14:00"."""
    moment = dt.datetime.fromisoformat(when)
    day = f"{moment.day} {moment:%B %Y}"
    return day if len(when) == 10 else f"{day}, {moment:%H:%M}"


class FollowUp(NamedTuple):
    """One dated thing after the close, as a calendar shows it."""

    key: str  # unique and stable within the partnership ("check-in-2", "action-k7m2"): the event's UID
    kind: str  # extension, check_in, celebration or action
    when: str  # a date, or a date and time (model.check_when)
    title: str
    details: str


def follow_ups(p: Partnership) -> list[FollowUp]:
    """Every dated follow-up of a partnership, soonest first: never a private note."""
    pair = f"{p.mentee} and {p.mentor}"
    close = p.close
    found: list[FollowUp] = []
    meetings = close.extension.meeting_dates
    for i, when in enumerate(meetings, 1):
        found.append(
            FollowUp(f"extension-{i}", "extension", when, f"Extra meeting {i} of {len(meetings)}: {pair}", "An extension meeting both agreed to at the close.")
        )
    for i, when in enumerate(close.check_ins, 1):
        how = f" ({close.stay_in_touch_how.strip()})" if close.stay_in_touch_how.strip() else ""
        found.append(FollowUp(f"check-in-{i}", "check_in", when, f"Check-in: {pair}", f"Staying in touch after the partnership{how}."))
    if close.celebration_date:
        plan = close.celebration_plan.strip() or "Celebrate the partnership."
        found.append(FollowUp("celebration", "celebration", close.celebration_date, f"Celebration: {pair}", plan))
    goals = {g.id: g.text for g in p.goals}
    for action in close.actions:
        if not action.due:
            continue
        serves = f" It serves the goal: {goals[action.goal_id]}." if action.goal_id in goals else ""
        found.append(
            FollowUp(
                f"action-{action.id}",
                "action",
                action.due,
                f"{'Done' if action.done else 'Due'}: {action.text}",
                f"An action for {OWNER_WORDS[action.owner]}, agreed at the close of {pair}.{serves}",
            )
        )
    return sorted(found, key=lambda item: item.when)


def readable_date(timestamp: str) -> str:
    """A stored timestamp ("2026-11-29T08:32:52+00:00") as a reader says the day: "29 November 2026"."""
    try:
        moment = dt.datetime.fromisoformat(timestamp)
    except ValueError:
        return timestamp
    return f"{moment.day} {moment:%B %Y}"

"""A partnership's follow-ups as one iCalendar file, built with the ``icalendar`` library.

Each dated follow-up (follow_ups.py) becomes an event: a whole-day event for a date,
an hour in the user's time zone for a date with a time. UIDs come from the
partnership's id and the follow-up's key, so importing an updated file updates the
events instead of adding them again; SEQUENCE grows with the record's last save, so a
calendar takes the newer file's version. The library writes CRLF line ends and folds
lines at 75 octets. Only what the follow-ups hold goes in: never a private note.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .. import __version__
from ..follow_ups import FollowUp, follow_ups
from ..model import Partnership

PRODID = f"-//closer//closer {__version__}//EN"
TIMED_EVENT = dt.timedelta(hours=1)  # a follow-up with a time of day: an hour's meeting
#: SEQUENCE counts minutes from here to the record's last save: a later file always has a higher one.
SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
LOCALTIME = Path("/etc/localtime")


def local_time_zone() -> dt.tzinfo:
    """The user's time zone by its name (TZ, else the system's /etc/localtime), so calendars follow
    its summer time; else the offset of now (a file then gives times in UTC)."""
    names = [os.environ.get("TZ", "").lstrip(":")]
    try:
        names.append(str(LOCALTIME.resolve()).partition("zoneinfo/")[2])
    except OSError:
        pass
    for name in filter(None, names):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return dt.datetime.now().astimezone().tzinfo or dt.timezone.utc


def _start(when: str, zone: dt.tzinfo) -> dt.date | dt.datetime:
    if len(when) == 10:
        return dt.date.fromisoformat(when)
    moment = dt.datetime.fromisoformat(when).replace(tzinfo=zone)
    # A zone without a name (only an offset) cannot be written as a TZID a calendar knows: UTC instead.
    return moment if isinstance(zone, ZoneInfo) else moment.astimezone(dt.timezone.utc)


def event_uid(partnership: Partnership, item: FollowUp) -> str:
    return f"{partnership.id}-{item.key}@closer"


def calendar_ics(partnership: Partnership, zone: dt.tzinfo | None = None) -> str:
    """The iCalendar text (CRLF line ends) of a partnership's follow-ups; ``zone``: the user's time zone."""
    from icalendar import Calendar, Event  # loaded when a calendar is asked for, not at start-up

    zone = zone or local_time_zone()
    saved = dt.datetime.fromisoformat(partnership.updated_at).astimezone(dt.timezone.utc)
    sequence = max(0, int((saved - SEQUENCE_EPOCH).total_seconds() // 60))
    pair = f"{partnership.mentee} and {partnership.mentor}"
    calendar = Calendar.new(prodid=PRODID, name=f"{pair}: follow-ups", uid=f"closer-{partnership.id}")
    days: list[dt.date] = []
    for item in follow_ups(partnership):
        start = _start(item.when, zone)
        timed = isinstance(start, dt.datetime)
        end = start + (TIMED_EVENT if timed else dt.timedelta(days=1))
        calendar.add_component(
            Event.new(
                uid=event_uid(partnership, item),
                summary=item.title,
                description=item.details,
                start=start,
                end=end,
                stamp=saved,
                sequence=sequence,
                categories=[item.kind.replace("_", "-")],
            )
        )
        days.append(start.date() if timed else start)
    if days:
        # Only the years the events fall in: the whole default span would add a page of rules.
        calendar.add_missing_timezones(first_date=min(days) - dt.timedelta(days=366), last_date=max(days) + dt.timedelta(days=366))
    return calendar.to_ical().decode("utf-8")

"""Limits on what one record may hold (issue 11, item 9): refused with the limit named, before anything is built.

A partnership of 50,000 goals took 20 s to open and 10 s to export as HTML. Now a file
holding more than MAX_GOALS goals or MAX_MEETINGS meetings is refused before any of them
is built, and a record at the limits opens, saves and exports. (How fast is a benchmark's
question, not a unit test's: these tests time nothing.)
"""

from __future__ import annotations

import json

import pytest

from closer_tui.desk import Desk
from closer_tui.export import ImportFormatError, dumps, export_text
from closer_tui.model import ID_ALPHABET, MAX_GOALS, MAX_MEETINGS, Goal, Meeting, Partnership, ValidationError

from records import partnership


def at_the_limits() -> Partnership:
    p = partnership()
    # Ids of their own: 200 random four-character ids would clash now and then.
    p.goals = [Goal(f"Goal number {n}", what_changed="x" * 200, id=f"g{ID_ALPHABET[n // 31]}{ID_ALPHABET[n % 31]}") for n in range(MAX_GOALS)]
    p.meetings = [Meeting(f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}", f"Meeting {n}: " + "notes " * 20) for n in range(MAX_MEETINGS)]
    return p


@pytest.mark.parametrize(
    ("key", "count", "limit"),
    [("goals", 50_000, MAX_GOALS), ("meetings", MAX_MEETINGS + 1, MAX_MEETINGS)],
)
def test_an_import_over_a_limit_is_refused_before_any_item_is_built_naming_the_limit(tmp_path, key, count, limit, monkeypatch):
    document = json.loads(dumps([partnership()]))
    item = document["partnerships"][0][key][0]
    document["partnerships"][0][key] = [dict(item, id=f"g{n}") if key == "goals" else item for n in range(count)]
    text = json.dumps(document)
    built = []
    for kind in (Goal, Meeting):
        monkeypatch.setattr(kind, "from_dict", classmethod(lambda cls, *args, **kwargs: built.append(cls)))
    with Desk.for_writing(tmp_path / "db") as desk:
        with pytest.raises(ImportFormatError) as refused:
            desk.import_text(text, "big.json")
        assert built == []  # refused on the count alone
        assert desk.summaries() == []
    message = str(refused.value)
    assert message.startswith(f"big.json: partnerships[0].{key}: holds {count:,} {key}") and f"the limit is {limit:,}" in message


def test_a_meeting_past_the_limit_is_refused_and_not_saved(tmp_path):
    p = partnership()
    p.meetings = [Meeting("2026-02-02", f"Meeting {n}") for n in range(MAX_MEETINGS)]
    with Desk.for_writing(tmp_path / "db") as desk:
        desk.new(p)
        with pytest.raises(ValidationError, match=f"the limit is {MAX_MEETINGS:,}"):
            desk.log(p.id, "One too many")
        assert len(desk.read(p.id).meetings) == MAX_MEETINGS


def test_a_goal_past_the_limit_is_refused():
    p = partnership()
    p.goals = [Goal(f"Goal {n}") for n in range(MAX_GOALS + 1)]
    with pytest.raises(ValidationError) as refused:
        p.validate()
    assert refused.value.field == "goals" and f"{MAX_GOALS:,}" in str(refused.value)


def test_a_record_at_the_limits_opens_saves_and_exports(tmp_path):
    p = at_the_limits()
    with Desk.for_writing(tmp_path / "db") as desk:
        desk.new(p)
        session = desk.open(p.id)
        session.set_notes("evaluate", "at the limits")
        desk.save()
        again = desk.read(p.id)
        assert (len(again.goals), len(again.meetings)) == (MAX_GOALS, MAX_MEETINGS)
        for fmt in ("html", "md", "json"):
            assert "Goal number 199" in export_text(again, fmt, include_private=True), fmt

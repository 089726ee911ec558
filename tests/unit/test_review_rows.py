"""Review rows: what the filter searches, how it narrows as you type, and sorting."""

from __future__ import annotations

from closer_tui.model import Goal, Partnership
from closer_tui.review import ReviewRow, RowFilter, rows_from_summaries, search_text, sort_rows


def rows() -> list[ReviewRow]:
    made = []
    for mentee, goal, note in [
        ("Zoë Whitfield", "Lead a lab meeting", "Bridge deck survey in March"),
        ("Ben Okafor", "Publish the thesis chapter", "Grant drafts every Friday"),
        ("李明", "Submit a grant as lead", "Nervous about the panel"),
    ]:
        p = Partnership.create("Ann Lee", mentee, goals=[Goal(goal)])
        p.close.stage_notes["evaluate"] = note
        p.close.private_notes = "confidential remark"
        row = ReviewRow(p.summary())
        row.haystack = search_text(p)
        made.append(row)
    return made


def names(found) -> list[str]:
    return [row.summary["mentee"] for row in found]


def test_search_text_holds_goals_and_notes_but_never_private_notes():
    (first, *_) = rows()
    assert "bridge" in first.haystack and "lab" in first.haystack
    assert "confidential" not in first.haystack


def test_every_word_must_match_in_any_order_and_case():
    assert names(RowFilter(rows()).find("GRANT lead")) == ["李明"]
    assert names(RowFilter(rows()).find("deck zoë")) == ["Zoë Whitfield"]
    assert len(RowFilter(rows()).find("  ")) == 3


def test_the_filter_narrows_as_you_type_and_widens_when_you_delete():
    finder = RowFilter(rows())
    assert names(finder.find("g")) == ["Zoë Whitfield", "Ben Okafor", "李明"]
    assert names(finder.find("gra")) == ["Ben Okafor", "李明"]
    assert names(finder.find("grant lead")) == ["李明"]
    assert names(finder.find("gra")) == ["Ben Okafor", "李明"]


def test_new_search_text_is_seen_after_changed():
    table = rows()
    finder = RowFilter(table)
    assert finder.find("panel") == [table[2]]
    table[0].haystack += "\npanel"
    finder.changed()
    assert names(finder.find("panel")) == ["Zoë Whitfield", "李明"]


def test_a_cancelled_filter_stops_and_says_so():
    many = rows() * 600
    assert RowFilter(many).find("a", should_stop=lambda: True) is None


def test_sorting_by_goals_met_puts_the_best_last():
    table = rows_from_summaries([row.summary for row in rows()])
    table[1].summary["goals_met"] = 1
    assert sort_rows(table, "goals")[-1] is table[1]

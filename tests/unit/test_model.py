"""The partnership record: what is refused, how the refusal reads, and what survives a round trip.

A ``ValidationError`` carries ``field`` (where) and ``reason`` (why); its text is
``"<field>: <reason>"``, which is what the user sees on the command line.
"""

from __future__ import annotations

import copy
import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from closer_tui.model import (
    CLOSE_TEXT_FIELDS,
    GOAL_STATUSES,
    Close,
    Extension,
    Goal,
    Partnership,
    ValidationError,
    yes_no,
)

from records import closed_partnership, partnership


def refusal(make) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        make()
    return caught.value


# --- who -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["mentor", "mentee"])
@pytest.mark.parametrize("blank", ["", "   ", "\t "])
def test_a_partnership_needs_both_a_mentor_and_a_mentee(who, blank):
    names = {"mentor": "Dana Okafor", "mentee": "Sam Rivera", who: blank}
    error = refusal(lambda: Partnership.create(**names))
    assert error.field == who
    assert "blank" in error.reason
    assert str(error).startswith(f"{who}: ")


def test_names_are_trimmed_of_surrounding_spaces():
    p = Partnership.create(mentor="  Dana Okafor ", mentee="Sam Rivera\u3000", programme=" WiR ")
    assert (p.mentor, p.mentee, p.programme) == ("Dana Okafor", "Sam Rivera", "WiR")


def test_a_name_spanning_two_lines_is_refused():
    error = refusal(lambda: Partnership.create(mentor="Dana\nOkafor", mentee="Sam"))
    assert error.field == "mentor"
    assert "single line" in error.reason


def test_the_programme_may_be_left_empty():
    assert Partnership.create(mentor="Dana", mentee="Sam").programme == ""


# --- goals -----------------------------------------------------------------


def test_the_goal_statuses_are_the_six_the_product_names():
    assert GOAL_STATUSES == ("open", "achieved", "exceeded", "partly", "changed", "not_achieved")


@pytest.mark.parametrize("status", ["done", "Achieved", "", "not achieved", None])
def test_a_goal_status_outside_the_fixed_set_is_refused_naming_the_goal(status):
    goals = [Goal(text="Finish the thesis"), Goal(text="Publish a paper", status=status)]
    error = refusal(lambda: Partnership.create(mentor="Dana", mentee="Sam", goals=goals))
    assert error.field == "goals[1].status"
    assert "open, achieved, exceeded, partly, changed, not_achieved" in error.reason


def test_a_goal_not_achieved_must_say_why():
    goal = Goal(text="Publish a paper", status="not_achieved", not_met_reason="  ")
    error = refusal(lambda: Partnership.create(mentor="Dana", mentee="Sam", goals=[goal]))
    assert error.field == "goals[0].not_met_reason"


def test_a_goal_not_achieved_with_a_reason_is_accepted():
    goal = Goal(text="Publish a paper", status="not_achieved", not_met_reason="The journal closed")
    p = Partnership.create(mentor="Dana", mentee="Sam", goals=[goal])
    assert p.goals[0].not_met_reason == "The journal closed"


def test_a_blank_goal_is_refused():
    error = refusal(lambda: Partnership.create(mentor="Dana", mentee="Sam", goals=[Goal(text="  ")]))
    assert error.field == "goals[0].text"


def test_a_goal_belongs_to_the_mentee_or_the_mentor_only():
    error = refusal(lambda: Partnership.create(mentor="Dana", mentee="Sam", goals=[Goal(text="x", owner="coordinator")]))
    assert error.field == "goals[0].owner"


# --- the close: extension and end reason ------------------------------------


@pytest.mark.parametrize("extra", [3, 10])
def test_an_extension_is_at_most_two_extra_meetings(extra):
    p = partnership()
    p.close.extension = Extension(extra_meetings=extra, mentor_agrees=True, mentee_agrees=True)
    error = refusal(p.validate)
    assert error.field == "close.extension.extra_meetings"
    assert "at most 2" in error.reason


@pytest.mark.parametrize("mentor_agrees, mentee_agrees", [(True, False), (False, True), (False, False)])
def test_an_extension_needs_both_partners_to_agree(mentor_agrees, mentee_agrees):
    p = partnership()
    p.close.extension = Extension(extra_meetings=1, mentor_agrees=mentor_agrees, mentee_agrees=mentee_agrees)
    error = refusal(p.validate)
    assert error.field == "close.extension"
    assert "both" in error.reason


@pytest.mark.parametrize("extra", [0, 1, 2])
def test_no_extension_or_up_to_two_agreed_meetings_is_fine(extra):
    p = partnership()
    p.close.extension = Extension(extra_meetings=extra, mentor_agrees=bool(extra), mentee_agrees=bool(extra))
    p.validate()
    assert p.close.extension.extra_meetings == extra


def test_ending_for_another_reason_needs_that_reason_written_down():
    p = partnership()
    p.close = Close(end_reason="other", end_reason_text=" ")
    error = refusal(p.validate)
    assert error.field == "close.end_reason_text"

    p.close.end_reason_text = "The mentor moved abroad"
    p.validate()


def test_an_unknown_end_reason_is_refused():
    p = partnership()
    p.close = Close(end_reason="bored")
    assert refusal(p.validate).field == "close.end_reason"


def test_only_time_vision_and_advice_can_be_acknowledged_as_gifts():
    p = partnership()
    p.close.gifts_acknowledged = ["time", "money"]
    assert refusal(p.validate).field == "close.gifts_acknowledged[1]"


# --- dates -----------------------------------------------------------------


@pytest.mark.parametrize("date", ["01/03/2026", "March 1st", "2026-3-1", "2026-02-30", "2026-13-01"])
def test_a_start_date_that_is_not_an_iso_date_is_refused(date):
    error = refusal(lambda: Partnership.create(mentor="Dana", mentee="Sam", start_date=date))
    assert error.field == "start_date"
    assert "ISO 8601" in error.reason
    assert date in error.reason


def test_an_agreed_end_date_that_is_not_an_iso_date_is_refused():
    error = refusal(lambda: Partnership.create(mentor="Dana", mentee="Sam", end_date="next June"))
    assert error.field == "end_date"


def test_an_agreed_end_before_the_start_is_refused():
    error = refusal(
        lambda: Partnership.create(mentor="Dana", mentee="Sam", start_date="2026-05-01", end_date="2026-04-30")
    )
    assert error.field == "end_date"


def test_logging_a_meeting_on_a_date_that_is_not_iso_is_refused_and_nothing_is_logged():
    p = partnership()
    before = len(p.meetings)
    error = refusal(lambda: p.add_meeting("Talked about the poster", date="yesterday"))
    assert error.field == "date"
    assert len(p.meetings) == before


def test_meetings_are_kept_in_date_order():
    p = partnership()
    p.add_meeting("Later one", date="2026-04-01")
    p.add_meeting("Earlier one", date="2026-01-20")
    assert [m.date for m in p.meetings] == sorted(m.date for m in p.meetings)


# --- status ----------------------------------------------------------------


def test_closing_a_partnership_records_when_in_its_history():
    p = partnership()
    p.set_status("closing")
    p.set_status("closed")
    assert [h.status for h in p.history] == ["active", "closing", "closed"]
    assert p.closed_at == p.history[-1].at


def test_an_unknown_partnership_status_is_refused():
    p = partnership()
    assert refusal(lambda: p.set_status("finished")).field == "status"
    assert p.status == "active"


# --- from_dict: the import format ------------------------------------------


def test_from_dict_names_the_nested_field_that_is_wrong():
    data = partnership().to_dict()
    data["goals"][0]["status"] = "done"
    assert refusal(lambda: Partnership.from_dict(data)).field == "goals[0].status"


def test_from_dict_prefixes_the_field_with_where_the_record_sits_in_a_file():
    data = partnership().to_dict()
    data["goals"][1]["status"] = "done"
    error = refusal(lambda: Partnership.from_dict(data, "partnerships[3]"))
    assert error.field == "partnerships[3].goals[1].status"
    assert str(error).startswith("partnerships[3].goals[1].status: ")


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda d: d.update(mentor="  "), "partnerships[0].mentor"),
        (lambda d: d.pop("mentee"), "partnerships[0].mentee"),
        (lambda d: d.update(start_date="12/01/2026"), "partnerships[0].start_date"),
        (lambda d: d.update(id="NOT AN ID"), "partnerships[0].id"),
        (lambda d: d.update(status="archived"), "partnerships[0].status"),
        (lambda d: d["meetings"][0].update(date="Feb 2"), "partnerships[0].meetings[0].date"),
        (lambda d: d["meetings"][0].update(milestone="yes"), "partnerships[0].meetings[0].milestone"),
        (lambda d: d["close"]["extension"].update(extra_meetings=3), "partnerships[0].close.extension.extra_meetings"),
        (lambda d: d["close"]["extension"].update(extra_meetings=-1), "partnerships[0].close.extension.extra_meetings"),
        (lambda d: d["close"]["extension"].update(extra_meetings=2, mentee_agrees=False), "partnerships[0].close.extension"),
        (lambda d: d["close"].update(end_reason="other", end_reason_text=""), "partnerships[0].close.end_reason_text"),
        (lambda d: d["close"].update(stay_in_touch="maybe"), "partnerships[0].close.stay_in_touch"),
        (lambda d: d["close"]["stage_notes"].update(evaluate=42), "partnerships[0].close.stage_notes.evaluate"),
        (lambda d: d["goals"][0].update(status="not_achieved", not_met_reason=""), "partnerships[0].goals[0].not_met_reason"),
        (lambda d: d["goals"][0].update(text=None), "partnerships[0].goals[0].text"),
        (lambda d: d["timer"].update(used={"evaluate": -5}), "partnerships[0].timer.used.evaluate"),
        (lambda d: d["history"][0].update(at="last tuesday"), "partnerships[0].history[0].at"),
        (lambda d: d.update(goals="finish thesis"), "partnerships[0].goals"),
    ],
)
def test_each_kind_of_bad_field_in_an_imported_record_is_named(change, field):
    data = closed_partnership().to_dict()
    change(data)
    assert refusal(lambda: Partnership.from_dict(data, "partnerships[0]")).field == field


def test_from_dict_refuses_something_that_is_not_a_record():
    error = refusal(lambda: Partnership.from_dict(["not", "a", "record"], "partnerships[2]"))
    assert error.field == "partnerships[2]"


def test_from_dict_does_not_change_the_dict_it_was_given():
    data = closed_partnership().to_dict()
    original = copy.deepcopy(data)
    Partnership.from_dict(data)
    assert data == original


# --- round trips and text in any script ------------------------------------


def test_a_fully_recorded_partnership_survives_to_dict_and_from_dict_unchanged():
    p = closed_partnership()
    again = Partnership.from_dict(p.to_dict())
    assert again == p
    assert again.to_dict() == p.to_dict()


def test_names_and_notes_with_accents_emoji_and_wide_characters_are_kept_exactly():
    p = Partnership.create(
        mentor="Zoë Ångström-Øvergaard",
        mentee="山田 太郎",
        programme="Programa de Mentoría 🌱",
        goals=[Goal(text="Écrire l'article 📄 — en français", mentee_view="👩🏽‍🔬 feels proud")],
    )
    p.close.stage_notes["evaluate"] = "Ça s'est bien passé 🎉\n\n- 한국어 노트\n- नमस्ते"
    again = Partnership.from_dict(p.to_dict())
    assert again.mentor == "Zoë Ångström-Øvergaard"
    assert again.mentee == "山田 太郎"
    assert again.programme == "Programa de Mentoría 🌱"
    assert again.goals[0].text == "Écrire l'article 📄 — en français"
    assert again.goals[0].mentee_view == "👩🏽‍🔬 feels proud"
    assert again.close.stage_notes["evaluate"] == p.close.stage_notes["evaluate"]


# Any printable text (letters, marks, symbols, emoji in any script) that is a valid name.
printable = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
names = st.text(printable, min_size=1, max_size=40).map(str.strip).filter(bool)
# Notes keep tabs and line breaks; other control characters (ESC...) are refused, see below.
notes = st.text(st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from("\t\n\r")), max_size=200)


@given(mentor=names, mentee=names, note=notes)
def test_any_printable_name_and_any_note_round_trip(mentor, mentee, note):
    p = Partnership.create(mentor=mentor, mentee=mentee)
    p.close.stage_notes["next_steps"] = note
    again = Partnership.from_dict(p.to_dict())
    assert (again.mentor, again.mentee) == (mentor, mentee)
    assert again.close.stage_notes["next_steps"] == note


@pytest.mark.parametrize("control", ["\x1b]0;pwned\x07", "\x1b[2J", "\x9b31m", "\x7f"])
def test_a_note_holding_a_terminal_control_character_is_refused_naming_the_field(control):
    p = Partnership.create(mentor="Ann", mentee="Sam")
    p.close.stage_notes["evaluate"] = f"fine {control} text"
    error = refusal(p.validate)
    assert error.field == "close.stage_notes.evaluate"
    assert "control character" in error.reason and "position 6" in error.reason


def test_a_name_holding_a_byte_that_is_not_valid_utf8_is_refused_naming_the_field():
    """A shell hands Python an invalid UTF-8 byte (0xff) as a lone surrogate; it could never be saved."""
    error = refusal(lambda: Partnership.create(mentor="caf\udcff", mentee="Sam"))
    assert error.field == "mentor"


def test_the_close_text_fields_describe_every_text_field_of_the_close_and_only_the_private_notes_are_private():
    text_fields = [f.name for f in dataclasses.fields(Close) if f.type == "str"]
    assert [f.name for f in CLOSE_TEXT_FIELDS] == text_fields
    assert [f.name for f in CLOSE_TEXT_FIELDS if f.private] == ["private_notes"]


def test_a_close_text_field_holding_a_control_character_is_refused_naming_it():
    for text_field in CLOSE_TEXT_FIELDS:
        error = refusal(lambda: Close(**{text_field.name: "ok\x1b[2J"}).validate())
        assert error.field == f"close.{text_field.name}"
        assert error.reason == "contains a control character (U+001B) at position 3"


def test_yes_no_says_yes_no_or_what_stands_for_no_answer():
    assert [yes_no(True), yes_no(False), yes_no(None)] == ["yes", "no", "not discussed"]
    assert yes_no(None, unknown="?") == "?" and yes_no(True, unknown="?") == "yes"

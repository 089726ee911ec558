"""Exports people keep: the JSON interchange format (also the import format) and the Markdown record.

Also: text printed to a terminal can never carry escape sequences.
"""

from __future__ import annotations

import json

import pytest

from closer_tui.export import FORMAT_NAME, FORMAT_VERSION, ImportFormatError, dumps, loads, record_markdown
from closer_tui.export.markdown import session_log_markdown
from closer_tui.model import GOAL_STATUS_LABELS, Meeting
from closer_tui.terminal_text import safe_for_terminal

from records import PRIVATE_NOTE, closed_partnership, partnership


def document(*partnerships, **top) -> str:
    doc = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "partnerships": [p.to_dict() for p in partnerships]}
    doc.update(top)
    return json.dumps(doc)


def import_error(text: str) -> str:
    with pytest.raises(ImportFormatError) as caught:
        loads(text)
    return str(caught.value)


# --- JSON interchange ------------------------------------------------------


def test_exporting_with_private_notes_and_importing_gives_back_the_same_records():
    originals = [closed_partnership("Ana Lima", "Tomás Ngata 🌱"), partnership("Dana Okafor", "山田 太郎")]
    again = loads(dumps(originals, include_private=True))
    assert [p.to_dict() for p in again] == [p.to_dict() for p in originals]
    assert again[0].close.private_notes == PRIVATE_NOTE


def test_private_notes_are_left_out_of_an_export_by_default():
    p = closed_partnership()
    text = dumps([p])
    assert PRIVATE_NOTE not in text
    (again,) = loads(text)
    assert again.close.private_notes == ""
    assert again.close.stage_notes == p.close.stage_notes  # everything else is kept


def test_exporting_does_not_strip_the_private_notes_from_the_record_itself():
    p = closed_partnership()
    dumps([p])
    assert p.close.private_notes == PRIVATE_NOTE


def test_an_export_says_what_it_is_and_which_version():
    doc = json.loads(dumps([partnership()]))
    assert doc["format"] == "closer.partnerships"
    assert doc["version"] == FORMAT_VERSION == 2
    assert "exported_at" in doc
    assert len(doc["partnerships"]) == 1


def test_an_export_keeps_non_ascii_text_readable():
    text = dumps([partnership("Zoë Ångström", "山田 太郎")])
    assert "Zoë Ångström" in text
    assert "山田 太郎" in text


def test_a_bad_goal_status_is_named_with_its_place_in_the_file():
    bad = closed_partnership().to_dict()
    bad["goals"][2]["status"] = "almost"
    text = json.dumps({"format": FORMAT_NAME, "version": 1, "partnerships": [partnership().to_dict(), bad]})
    message = import_error(text)
    assert message.startswith("partnerships[1].goals[2].status: ")
    assert "'almost'" in message


@pytest.mark.parametrize(
    "text, named",
    [
        ("{not json", "not valid JSON"),
        ("[]", "partnerships"),
        (json.dumps({"version": 1, "partnerships": []}), "format"),
        (json.dumps({"format": "trello.board", "version": 1, "partnerships": []}), "format"),
        (json.dumps({"format": FORMAT_NAME, "partnerships": []}), "version"),
        (json.dumps({"format": FORMAT_NAME, "version": "1", "partnerships": []}), "version"),
        (json.dumps({"format": FORMAT_NAME, "version": True, "partnerships": []}), "version"),
        (json.dumps({"format": FORMAT_NAME, "version": 1, "partnerships": {}}), "partnerships"),
        (json.dumps({"format": FORMAT_NAME, "version": 1, "partnerships": ["x"]}), "partnerships[0]"),
    ],
    ids=[
        "not-json",
        "not-an-object",
        "no-format",
        "another-apps-format",
        "no-version",
        "version-as-text",
        "version-as-bool",
        "partnerships-not-a-list",
        "record-not-an-object",
    ],
)
def test_a_file_that_is_not_a_closer_export_is_refused_saying_what_is_wrong(text, named):
    assert named in import_error(text)


def test_a_file_from_a_newer_closer_is_refused_asking_for_an_upgrade():
    message = import_error(document(partnership(), version=FORMAT_VERSION + 1))
    assert message.startswith("version:")
    assert "Upgrade" in message


def test_an_empty_export_imports_as_nothing():
    assert loads(document()) == []


def test_text_with_a_broken_unicode_escape_is_refused_naming_the_field():
    """JSON may spell a lone surrogate (\\ud800); it cannot be saved as UTF-8, so it must be refused on import."""
    record = partnership().to_dict()
    record["close"]["stage_notes"]["evaluate"] = "before \ud800 after"
    text = json.dumps({"format": FORMAT_NAME, "version": 1, "partnerships": [record]})  # ensure_ascii spells \ud800
    assert "partnerships[0].close.stage_notes.evaluate" in import_error(text)


# --- the Markdown record ---------------------------------------------------


def line_with(markdown: str, text: str) -> str:
    lines = [line for line in markdown.splitlines() if text in line]
    assert lines, f"{text!r} is not in the record"
    return lines[0]


def test_the_record_names_both_people_and_the_programme():
    md = record_markdown(closed_partnership("Ana Lima", "Tomás Ngata"))
    assert md.splitlines()[0].startswith("# ")
    assert "Ana Lima" in md.splitlines()[0] and "Tomás Ngata" in md.splitlines()[0]
    assert "Early Career Researchers" in md


def test_the_record_shows_every_goal_with_its_status_and_why_one_was_missed():
    p = closed_partnership()
    md = record_markdown(p)
    for goal in p.goals:
        assert GOAL_STATUS_LABELS[goal.status] in line_with(md, goal.text)
    assert "No second mentee joined the programme" in md
    assert "1 of 3 met" in md


def test_the_record_holds_the_notes_of_each_stage_under_its_title():
    p = closed_partnership()
    md = record_markdown(p)
    positions = [md.index(f"### {title}") for title in ("Evaluate", "Next steps", "Development")]
    assert positions == sorted(positions)
    for key, title in (("evaluate", "Evaluate"), ("next_steps", "Next steps"), ("development", "Development")):
        assert md.index(p.close.stage_notes[key]) > md.index(f"### {title}")


def test_the_record_shows_the_session_log_with_milestones():
    md = record_markdown(partnership())
    assert "milestone" in line_with(md, "Drafted the aims page")
    assert "2026-02-02" in line_with(md, "Drafted the aims page")


def test_the_session_log_reads_as_a_section_in_the_record_and_as_a_panel_beside_the_close():
    meetings = [Meeting("2026-01-05", "Set *the*\n goals", milestone=True), Meeting("2026-02-02", "  ")]
    assert session_log_markdown(meetings, in_record=True) == (
        "## Session log\n\n- 2026-01-05 (milestone): Set \\*the\\* goals\n- 2026-02-02: (no notes)"
    )
    assert session_log_markdown(meetings) == (
        "**Session log**\n\n- **2026-01-05** ★ milestone: Set *the* goals\n- **2026-02-02**: (no notes)"
    )
    assert session_log_markdown([]) == "**Session log**\n\nNo meetings logged. Add them with `closer log ID TEXT`."


def test_the_record_shows_the_close_decisions_and_impact_statements():
    md = record_markdown(closed_partnership())
    assert "objectives reached" in md.lower()
    assert "1 extra meeting" in md
    assert "coffee every quarter" in md
    assert "Taught me to ask for help early." in md
    assert "Grew from hesitant to confident in meetings." in md


def test_the_record_leaves_out_private_notes_unless_asked():
    p = closed_partnership()
    assert PRIVATE_NOTE not in record_markdown(p)
    assert "Private" not in record_markdown(p)
    assert PRIVATE_NOTE in record_markdown(p, include_private=True)


def test_a_record_with_nothing_closed_yet_still_renders():
    p = partnership()
    p.goals.clear()
    p.meetings.clear()
    md = record_markdown(p)
    assert "No goals recorded." in md
    assert "Not recorded yet." in md


def test_markdown_characters_in_names_and_goals_are_shown_literally_not_as_formatting():
    p = partnership(mentor="Dana *Star* Okafor", mentee="Sam [link](http://x.example)")
    p.goals[0].text = "Ship `v2` # soon"
    md = record_markdown(p)
    assert "*Star*" not in md
    assert r"\*Star\*" in md
    assert r"\[link\](http" in md  # brackets escaped: no link is made
    assert r"\`v2\`" in md


# --- printing to a terminal ------------------------------------------------


@pytest.mark.parametrize(
    "hostile",
    [
        "\x1b[2J\x1b[31mred",  # CSI: clear screen, colour
        "\x1b]0;pwned title\x07",  # OSC: set the window title
        "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x1b\\",  # OSC 52: write the clipboard
        "\x9b31m",  # the one-byte C1 CSI
        "\x9d0;title\x9c",  # C1 OSC ... ST
        "carriage\rreturn overwrite",
        "\x08\x08\x08backspaces",
    ],
)
def test_escape_sequences_in_user_text_are_made_visible_not_obeyed(hostile):
    shown = safe_for_terminal(hostile)
    assert not any(ord(ch) < 0x20 and ch not in "\n\t" for ch in shown)
    assert not any(0x7F <= ord(ch) <= 0x9F for ch in shown)
    assert len(shown) >= len(hostile) - 1  # every character is still accounted for


def test_esc_is_shown_as_the_escape_symbol():
    assert safe_for_terminal("\x1b[31m") == "␛[31m"


def test_ordinary_text_newlines_tabs_and_emoji_pass_through_untouched():
    text = "Zoë 山田 🎉\n\t- next steps"
    assert safe_for_terminal(text) == text

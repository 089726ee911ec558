"""The one control-character policy: what notes and names may hold, what a terminal and a JSON file receive."""

from __future__ import annotations

import json

import pytest

from closer_tui.control_characters import (
    escape_invisible_in_json,
    first_control_character,
    safe_for_terminal,
    without_control_characters,
)

ORDINARY = "Zoë 山田 🎉 — «quoted» \u00a0non-breaking, \u2028 and \ufffd"
"""Printable text, including the first character after C1 (U+00A0): never refused, never changed."""

LAST_C0, DEL, FIRST_C1, LAST_C1 = "\x1f", "\x7f", "\x80", "\x9f"


@pytest.mark.parametrize("text", [ORDINARY, "tab\there", "line\nbreak", "windows\r\nline", "", "~ \xa0"])
def test_notes_may_hold_printable_text_tab_newline_and_carriage_return(text):
    assert first_control_character(text) is None


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("\x00", 0),
        ("bell\x07", 4),
        ("vertical\x0btab", 8),
        ("form\x0cfeed", 4),
        ("ok\n\x1b[31m", 3),
        (f"unit{LAST_C0}separator", 4),
        (f"del{DEL}", 3),
        (f"{FIRST_C1}", 0),
        ("csi\x9b31m", 3),
        (f"x{LAST_C1}", 1),
        ("\x1b first \x07 second", 0),
    ],
)
def test_notes_refuse_every_other_control_character_and_say_where_the_first_is(text, at):
    assert first_control_character(text) == at


@pytest.mark.parametrize("text", [ORDINARY, "Dr. Ada O'Neil-Lovelace", ""])
def test_names_may_hold_printable_text(text):
    assert first_control_character(text, one_line=True) is None


@pytest.mark.parametrize("character", ["\t", "\n", "\r", "\x00", "\x1b", DEL, FIRST_C1, LAST_C1])
def test_names_are_one_line_so_they_refuse_tab_newline_and_carriage_return_too(character):
    assert first_control_character(f"Ada{character}Lovelace", one_line=True) == 3


def test_pasted_text_keeps_layout_and_shows_c0_as_symbols_and_del_and_c1_as_replacement():
    assert without_control_characters(ORDINARY + "\t\n\r") == ORDINARY + "\t\n\r"
    assert without_control_characters("\x1b[31mred\x07") == "␛[31mred␇"
    assert without_control_characters(f"a{DEL}b{FIRST_C1}c{LAST_C1}") == "a\ufffdb\ufffdc\ufffd"
    assert first_control_character(without_control_characters("".join(map(chr, range(0xA0))))) is None


def test_a_terminal_receives_printable_text_tab_and_newline_unchanged():
    assert safe_for_terminal(ORDINARY + "\t\n") == ORDINARY + "\t\n"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]0;title\x07", "␛]0;title␇"),  # OSC: would retitle the window
        ("over\rwrite", "over␍write"),  # a carriage return would print over the line's start
        ("\x00", "␀"),
        (LAST_C0, "␟"),
        (DEL, "␡"),
        ("\x9b31m", "<U+009B>31m"),  # the one-character CSI
        (FIRST_C1 + LAST_C1, "<U+0080><U+009F>"),
    ],
)
def test_a_terminal_never_receives_other_control_characters(text, shown):
    assert safe_for_terminal(text) == shown


def test_json_escapes_del_and_c1_which_json_dumps_leaves_raw():
    value = f"ok é{DEL}{FIRST_C1}\x9b{LAST_C1}\xa0"
    raw = json.dumps(value, ensure_ascii=False)
    assert DEL in raw and "\x9b" in raw  # why the helper exists
    escaped = escape_invisible_in_json(raw)
    assert escaped == '"ok é\\u007f\\u0080\\u009b\\u009f\xa0"'
    assert json.loads(escaped) == value
    assert escape_invisible_in_json(json.dumps(ORDINARY + "\x1b\t", ensure_ascii=False)) == json.dumps(
        ORDINARY + "\x1b\t", ensure_ascii=False
    )


@pytest.mark.parametrize("override", ["\u202a", "\u202e", "\u2066", "\u2069"])
def test_a_direction_override_is_refused_in_text_and_names_and_shown_as_a_code_point(override):
    assert first_control_character(f"ab{override}c") == 2
    assert first_control_character(f"ab{override}c", one_line=True) == 2
    assert without_control_characters(f"a{override}b") == "a\ufffdb"
    assert safe_for_terminal(f"a{override}b") == f"a<U+{ord(override):04X}>b"
    assert escape_invisible_in_json(json.dumps(f"a{override}", ensure_ascii=False)) == json.dumps(f"a{override}")


def test_right_to_left_writing_itself_is_text_like_any_other():
    assert first_control_character("שלום مرحبا \u200f", one_line=True) is None

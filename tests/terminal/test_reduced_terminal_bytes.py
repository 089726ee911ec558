"""A dumb terminal and NO_COLOR, checked in the bytes closer writes to a pty: a dumb terminal gets no
alternate screen, and neither gets a colour sequence (24-bit, 256 or the 16 named colours)."""

from __future__ import annotations

import re
import sys

import pytest
from pty_session import run_in_pty

ALTERNATE_SCREEN = b"\x1b[?1049h"
# An SGR sequence setting a colour: 30-37/40-47/90-97/100-107, or 38;5;n / 38;2;r;g;b (and 48...).
SGR = re.compile(rb"\x1b\[([0-9;]*)m")


def colours_set(output: bytes) -> list[str]:
    """Every colour an SGR sequence in ``output`` sets (39 and 49, "the terminal's default", are none)."""
    found = []
    for params in SGR.findall(output):
        codes = params.decode().split(";")
        i = 0
        while i < len(codes):
            code = codes[i]
            if code in ("38", "48"):
                found.append(";".join(codes[i : i + (5 if codes[i + 1 : i + 2] == ["2"] else 3)]))
                i += 5 if codes[i + 1 : i + 2] == ["2"] else 3
                continue
            if code.isdigit() and (30 <= int(code) <= 37 or 40 <= int(code) <= 47 or 90 <= int(code) <= 107):
                found.append(code)
            i += 1
    return found


def run_closer(filled_db, env: dict[str, str | None]) -> bytes:
    # The list's heading is drawn once the rows are in; ctrl+q then quits.
    output, code = run_in_pty(
        [sys.executable, "-m", "closer_tui", "--db", str(filled_db)], until=b"partnerships, ", then=b"\x11", env=env
    )
    assert code == 0, output[-2000:]
    assert b"partnerships, " in output
    return output


def test_a_dumb_terminal_gets_no_alternate_screen_and_no_colour(filled_db):
    output = run_closer(filled_db, {"TERM": "dumb", "NO_COLOR": None})
    assert ALTERNATE_SCREEN not in output
    assert colours_set(output) == []
    assert b"Zo\xc3\xab Martin" in output  # the list was drawn all the same


def test_no_color_gets_no_colour_sequences(filled_db):
    output = run_closer(filled_db, {"TERM": "xterm-256color", "NO_COLOR": "1"})
    assert colours_set(output) == []
    assert ALTERNATE_SCREEN in output  # a capable terminal keeps the alternate screen


def test_a_colour_terminal_gets_colours_on_the_alternate_screen(filled_db):
    """The check above can fail: the same run without NO_COLOR writes 24-bit colours."""
    output = run_closer(filled_db, {"TERM": "xterm-256color", "NO_COLOR": None, "COLORTERM": "truecolor"})
    assert ALTERNATE_SCREEN in output
    assert any(colour.startswith(("38;2;", "48;2;")) for colour in colours_set(output))


@pytest.mark.parametrize(
    "sequence, colours",
    [(b"\x1b[1;38;2;1;2;3;48;5;17m", ["38;2;1;2;3", "48;5;17"]), (b"\x1b[39;49;1;7m", []), (b"\x1b[0;31m\x1b[94m", ["31", "94"])],
)
def test_the_colour_finder_reads_sgr_sequences(sequence, colours):
    assert colours_set(sequence) == colours

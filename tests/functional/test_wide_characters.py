"""Names in Devanagari, with a combining accent or in Chinese line up with the rest of their table, as a
terminal draws them, and a name too long for its column is cut with … at the column's edge.

"As a terminal draws them" is measured here by ``terminal_width``, the rule of the C library's wcwidth
that tmux, screen, xterm and GNOME's terminal follow: non-spacing marks take no cell, wide (East Asian)
characters two, everything else, spacing marks (the Devanagari vowel sign "ा") included, one.
"""

from __future__ import annotations

import unicodedata

import pytest
from rich.cells import cell_len

from closer_tui.model import Goal, Partnership
from closer_tui.store import Store
from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.review import ReviewScreen
from closer_tui.tui.widgets.review_table import ReviewTable

DEVANAGARI = "अनुष्का शर्मा"
COMBINING = "Zoe\u0301 Lefe\u0300vre"  # e + U+0301, e + U+0300: as some keyboards and macOS file names give them
CHINESE = "李明"
LONG_DEVANAGARI = "अनुष्का शर्मा वर्मा चतुर्वेदी"


def terminal_width(text: str) -> int:
    width = 0
    for character in text:
        if unicodedata.category(character) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width


def test_the_reference_rule_is_what_the_c_library_says(monkeypatch):
    """The rule above, checked against the C library's own wcwidth where a UTF-8 locale is there."""
    ctypes = pytest.importorskip("ctypes")
    import locale

    try:
        locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
        libc = ctypes.CDLL("libc.so.6")
    except (locale.Error, OSError):
        pytest.skip("no C library with a UTF-8 locale here")
    try:
        for name in (DEVANAGARI, COMBINING, CHINESE, LONG_DEVANAGARI, "தமிழ்", "ক্ষমা"):
            assert libc.wcswidth(ctypes.c_wchar_p(name), len(name)) == terminal_width(name), name
    finally:
        locale.setlocale(locale.LC_CTYPE, "")


def test_the_app_measures_names_as_the_terminal_does():
    CloserApp  # importing is not enough: the app corrects Rich's measure when it starts
    from closer_tui.tui.cell_widths import measure_as_terminals_do

    measure_as_terminals_do()
    for name in (DEVANAGARI, COMBINING, CHINESE, LONG_DEVANAGARI):
        assert cell_len(name) == terminal_width(name), name


def test_no_spacing_mark_lies_beyond_the_planes_the_correction_looks_through():
    """The correction skips the zero-width ranges past LAST_CODE_POINT_OF_SCRIPTS: checked against this Python's Unicode data."""
    from closer_tui.tui.cell_widths import LAST_CODE_POINT_OF_SCRIPTS, SPACING_MARK

    beyond = [cp for cp in range(LAST_CODE_POINT_OF_SCRIPTS + 1, 0x110000) if unicodedata.category(chr(cp)) == SPACING_MARK]
    assert beyond == []
    assert any(unicodedata.category(chr(cp)) == SPACING_MARK for cp in range(0x10000, LAST_CODE_POINT_OF_SCRIPTS + 1))  # plane 1 has some


@pytest.fixture
def names_db(db):
    people = [
        ("Kwame Mensah", DEVANAGARI, "Research Leaders 2026"),
        (COMBINING, "Ann Lee", "Women in STEM"),
        ("Bob Roe", CHINESE, "Clinical Academics"),
        ("Plain Mentor", "Plain Mentee", ""),
        ("Dr Siobhán Kelly", LONG_DEVANAGARI, "Research Leaders 2026"),
    ]
    with Store.open_writer(db) as store:
        store.import_partnerships(
            [Partnership.create(mentor, mentee, programme, start_date="2026-01-12", goals=[Goal("A goal")]) for mentor, mentee, programme in people]
        )
    return db


def screen_lines(app: CloserApp) -> list[str]:
    """The screen's lines as text, as the app would write them."""
    update = app.screen._compositor.render_full_update()
    return ["".join(strip.text for strip in line) for line in update.strips]


def column_of(line: str, text: str) -> int:
    """The terminal column at which ``text`` starts in ``line``."""
    return terminal_width(line[: line.index(text)])


def rows_with(lines: list[str], *names: str) -> dict[str, str]:
    return {name: next(line for line in lines if name in line) for name in names}


async def test_the_partnership_list_lines_up_every_name_at_80x24(names_db):
    app = CloserApp(names_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        assert all(terminal_width(line) == 80 for line in lines), [line for line in lines if terminal_width(line) != 80]
        rows = rows_with(lines, DEVANAGARI, COMBINING, CHINESE, "Plain Mentee")
        # The column after each name (the mentor's, or the programme after a mentor) starts at one place.
        assert len({column_of(rows[DEVANAGARI], "Kwame"), column_of(rows[CHINESE], "Bob Roe"), column_of(rows["Plain Mentee"], "Plain Mentor")}) == 1
        assert len({column_of(rows[COMBINING], "0 of 1"), column_of(rows[DEVANAGARI], "0 of 1"), column_of(rows["Plain Mentee"], "0 of 1")}) == 1
        assert len({column_of(line, "2026-01-12") for line in rows.values()}) == 1
        cut = next(line for line in lines if "अनुष्का शर्मा व" in line or line.count("…") and "Siobh" in line)
        assert column_of(cut, "Dr Siobh") == column_of(rows[DEVANAGARI], "Kwame")
        assert "…" in cut.split("Dr Siobh")[0]  # the long name cut with an ellipsis before the next column


async def test_the_review_table_lines_up_every_name_before_and_after_filtering(names_db):
    app = CloserApp(names_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        assert isinstance(app.screen, ReviewScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(ReviewTable)
        top = table.region.y + 1  # under the header

        def table_rows() -> list[str]:
            lines = screen_lines(app)
            assert all(terminal_width(line) == 80 for line in lines)
            return [line for line in lines[top : table.region.bottom] if line.strip()]

        rows = table_rows()
        status = {column_of(row, "active") for row in rows}
        assert len(rows) == 5 and len(status) == 1, rows
        for text in ("शर्मा", "Lefe\u0300vre"):
            app.screen.query_one("#review-filter").value = text
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown = table_rows()
            assert shown and all(text in row or "…" in row for row in shown)
            assert {column_of(row, "active") for row in shown} == status
            assert all(terminal_width(row) == 80 for row in shown)
        app.screen.query_one("#review-filter").value = ""
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(table_rows()) == 5

"""Hostile text in the app at 80x24: it shows, it scrolls, it can be typed after, and it is saved.

A partnership whose names, goals, session log and notes hold emoji (with skin tones
and zero-width joiners), combining marks, right-to-left text and overrides,
zero-width characters, 10,000-character single lines and a 1 MB note is opened
on the dashboard, in the review screen and in its summary, at the smallest
supported terminal size. Nothing may raise; typed and pasted text must be saved.

Typing goes in as the real terminal driver sends it (one Key event per character,
with the character set; a paste as one Paste event): Pilot's ``press`` drops
symbols such as ✓ and 👍, which a real terminal delivers.

Two more tests hold closer to what the issue promises for every view, not only
the CLI: notes nobody touched are saved byte for byte, and no escape sequence
from a note reaches the terminal. The frame checked there is exactly what
Textual writes to a real terminal (``App._display`` writes
``compositor.render_update(...).render_segments(console)``); the headless
driver used by Pilot skips that write, so the test renders it itself.
"""

from __future__ import annotations

import pytest

from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input, Markdown

from closer_tui.tui.app import CloserApp
from closer_tui.model import MAX_LINE_LENGTH, Close, Goal, Meeting, Partnership, ValidationError
from closer_tui.tui.screens.dashboard import DashboardScreen
from closer_tui.tui.screens.partnerships import PartnershipsScreen
from closer_tui.tui.screens.report import ReportScreen
from closer_tui.tui.screens.review import ReviewScreen
from closer_tui.tui.screens.summary import SummaryScreen
from closer_tui.store import Store
from closer_tui.tui.widgets.review_table import ReviewTable
from closer_tui.tui.widgets.notes_editor import NotesEditor

SIZE = (80, 24)
MEGABYTE = 1024 * 1024

# Text a facilitator may really have: no control characters and no line separators
# other than "\n" (those have their own test below).
MIXED = (
    "Zoë 👩🏽‍🔬 led the שלום review e\u0301\u0308 with مرحبا بالعالم \u200fevil mark\u200e "
    "研究 🏳️‍🌈 🇺🇦 👨‍👩‍👧‍👦 zero\u200bwidth\u200cnon\u200djoiner Z\u0351\u0352\u0353\u0489algo "
    "<script>alert(1)</script> [x](javascript:alert(1)) **bold** `code` | pipe | "
)


def repeated(pattern: str, length: int) -> str:
    return (pattern * (length // len(pattern) + 1))[:length]


LONG_LINE = repeated(MIXED, 10_000)  # one line, no newline
BIG_NOTE = repeated(MIXED.rstrip() + "\n", MEGABYTE)  # ~1 MB of characters, over 2 MB of UTF-8
TYPED = "Typed: Zoë e\u0301 研究 שלום مرحبا 👍🏽 ✓ done."
PASTED = "\nPasted 👩🏽‍🔬 \u200fevil\u200e zero\u200bwidth " + LONG_LINE


def hostile_partnership(*, status: str = "active", big: bool = True) -> Partnership:
    p = Partnership.create(
        "Zoë Martin 👩🏽‍🔬 e\u0301\u0308",
        "שלום כהן مرحبا \u200fevil\u200e 👨‍👩‍👧‍👦",
        "研究 Leaders \u200d🏳️‍🌈",
        start_date="2026-01-12",
        agreed_duration="six months ⏳",
        goals=[
            Goal("Lead 👩🏽‍🔬 a שלום team e\u0301 \u200d", status="achieved", what_changed=LONG_LINE),
            Goal(repeated(MIXED, MAX_LINE_LENGTH), status="partly", mentee_view=LONG_LINE),
            Goal("مرحبا goal \u200fRTL\u200e", status="not_achieved", not_met_reason=LONG_LINE),
            Goal("Open goal 🇺🇦", owner="mentor"),
        ],
    )
    p.meetings = [
        Meeting("2026-02-02", LONG_LINE, milestone=True),
        Meeting("2026-03-02", "RTL שלום مرحبا e\u0301 👍🏽 \u061cisolated\u200e"),
    ]
    p.close = Close(
        end_reason="other",
        end_reason_text=MIXED,
        stage_notes={"evaluate": BIG_NOTE if big else LONG_LINE, "next_steps": LONG_LINE, "development": MIXED + "\n" + LONG_LINE},
        highlights=MIXED,
        mentee_on_mentor=LONG_LINE,
        mentor_on_mentee=MIXED,
        stay_in_touch=True,
        stay_in_touch_how=MIXED,
        celebration_plan=MIXED,
        private_notes=BIG_NOTE if big else MIXED,
    )
    p.timer.stage = "evaluate"
    if status != "active":
        p.set_status(status)
    return p


def store_one(db, partnership: Partnership) -> str:
    with Store.open_writer(db) as store:
        store.add(partnership)
    return partnership.id


def stored(db, partnership_id: str) -> Partnership:
    with Store.open_reader(db) as store:
        return store.get(partnership_id)


async def type_like_a_terminal(pilot, text: str) -> None:
    """One Key event per character, as Textual's terminal driver sends them."""
    for ch in text:
        pilot.app.post_message(events.Key(ch if ch.isalnum() else _character_to_key(ch), ch))
        await pilot.pause()


async def paste_like_a_terminal(pilot, text: str) -> None:
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


# --- it shows, and typing is saved ----------------------------------------------------------


async def test_hostile_partnership_opens_on_the_dashboard_and_what_is_typed_is_saved(db):
    original = hostile_partnership()
    pid = store_one(db, original)
    app = CloserApp(db, partnership_id=pid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        notes = screen.query_one("#notes-evaluate", NotesEditor)
        assert screen.focused is notes and notes.text == BIG_NOTE
        await pilot.press("f8")  # the session log, with its 10,000-character meeting
        await pilot.pause()
        await pilot.press("ctrl+g", "down", "down", "down", "up")  # through the goals
        await pilot.press("f3")  # Next steps: one 10,000-character line
        await pilot.pause()
        await pilot.press("f3")  # Development
        await pilot.pause()
        await pilot.press("f2", "f2")  # back to Evaluate, cursor at the end of the 1 MB note
        await pilot.pause()
        assert app.screen.focused is notes
        assert notes.cursor_location == notes.document.end
        await pilot.press("pageup", "pageup")  # show the middle of the 1 MB note
        await pilot.pause()
        notes.move_cursor(notes.document.end)
        await type_like_a_terminal(pilot, TYPED)
        await paste_like_a_terminal(pilot, PASTED)
        assert notes.text == BIG_NOTE + TYPED + PASTED
        await pilot.press("ctrl+q")
    again = stored(db, pid)
    assert again.close.stage_notes["evaluate"] == BIG_NOTE + TYPED + PASTED
    for stage in ("next_steps", "development"):
        assert again.close.stage_notes[stage] == original.close.stage_notes[stage]
    assert [g.to_dict() for g in again.goals] == [g.to_dict() for g in original.goals]
    assert [m.to_dict() for m in again.meetings] == [m.to_dict() for m in original.meetings]
    assert (again.mentor, again.mentee, again.programme) == (original.mentor, original.mentee, original.programme)
    assert again.close.private_notes == BIG_NOTE


async def test_hostile_partnership_opens_in_the_review_screen_its_summary_and_the_report(db):
    pid = store_one(db, hostile_partnership())
    closed_id = store_one(db, hostile_partnership(status="closed"))
    app = CloserApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PartnershipsScreen)
        await pilot.press("v")
        await app.workers.wait_for_complete()  # reads every record's notes for the filter
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        table = app.screen.query_one(ReviewTable)
        assert {row.id for row in table.rows} == {pid, closed_id}
        app.screen.query_one(Input).value = "בالعالم"  # matches nothing
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.rows == []
        app.screen.query_one(Input).value = "مرحبا بالعالم"  # only in goals and notes
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert {row.id for row in table.rows} == {pid, closed_id}
        await pilot.press("down", "end", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.query_one(Markdown)
        await pilot.press("end", "pageup", "home")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("p")  # programme outcomes: the not-achieved reason is a 10,000-character line
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("end")
        await pilot.pause()


async def test_a_closed_hostile_partnership_opens_on_its_summary(db):
    """The 1 MB note is in the summary of the test above; here, the path that opens a closed one directly."""
    pid = store_one(db, hostile_partnership(status="closed", big=False))
    app = CloserApp(db, partnership_id=pid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("pagedown", "end", "home")
        await pilot.pause()


# --- notes nobody touched stay as they are ---------------------------------------------------

# Line breaks a note may hold, which the editor would rewrite if it saved them.
SEPARATED = "one\u2028two\u2029three\r\neight\nnine\rten"


async def test_notes_nobody_touched_are_saved_unchanged(db):
    """Opening a partnership and quitting must not rewrite its notes (or move it to 'closing')."""
    p = Partnership.create("Ann Lee", "Bob Roe", start_date="2026-01-12", goals=[Goal("A goal")])
    p.close.stage_notes = {"evaluate": "typed here: ", "next_steps": SEPARATED, "development": "a\r\nb\r\nc\nd"}
    pid = store_one(db, p)
    app = CloserApp(db, partnership_id=pid)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
    again = stored(db, pid)
    assert again.close.stage_notes == p.close.stage_notes
    assert again.status == "active"


# --- no escape sequence from user text reaches the terminal ----------------------------------------

ESCAPES = (
    "\x1b]0;pwned\x07",  # OSC 0: retitle the window
    "\x1b]0;pwned\x1b\\",  # the same, ended by ST
    "\x1b]52;c;ZXZpbA==\x1b\\",  # OSC 52: write the clipboard
    "\x1b[2J",  # CSI: clear the screen
    "\x9b31m",  # C1 CSI
    "\x9d0;pwned\x9c",  # C1 OSC ... ST
)
HOSTILE = "Note " + " ".join(ESCAPES) + " end"
MARKERS = ("\x1b]0;pwned", "\x1b]52;", "\x1b[2J", "\x9b31m", "\x9d0;pwned", "\x9c", "\x07")


def terminal_frame(app) -> str:
    """What Textual would write to a real terminal for the whole screen now."""
    return app.screen._compositor.render_update(full=True).render_segments(app.console)


def escapes_from_user_text(app, where: str) -> list[str]:
    frame = terminal_frame(app)
    found = [marker for marker in MARKERS if marker in frame]
    if not found:
        return []
    at = frame.index(found[0])
    return [f"{where}: the terminal would receive {found!r}, e.g. ...{frame[max(0, at - 40):at + 40]!r}..."]


def test_escape_sequences_cannot_be_stored_at_all(db):
    p = Partnership.create("Ann Lee", "Bob Roe", start_date="2026-01-12", goals=[Goal("A goal")])
    p.meetings.append(Meeting("2026-02-02", f"Meeting {HOSTILE}"))
    with Store.open_writer(db) as store, pytest.raises(ValidationError, match="meetings.0..notes: contains a control character"):
        store.add(p)
    with Store.open_reader(db) as store:
        assert len(store) == 0


async def test_escape_sequences_pasted_into_the_app_never_reach_the_terminal_or_the_store(db):
    p = Partnership.create("Ann Lee", "Bob Roe", start_date="2026-01-12", goals=[Goal("A goal", status="partly")])
    pid = store_one(db, p)
    app = CloserApp(db, partnership_id=pid)
    leaks = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await paste_like_a_terminal(pilot, HOSTILE)
        await pilot.pause()
        leaks += escapes_from_user_text(app, "the dashboard after a paste")
        await pilot.press("ctrl+q")
    assert not leaks, "\n".join(leaks)
    saved = stored(db, pid).close.stage_notes["evaluate"]
    assert saved.startswith("Note ␛]0;pwned␇") and "\x1b" not in saved and saved.endswith(" end")

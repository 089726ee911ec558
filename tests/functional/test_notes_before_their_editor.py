"""The first frame of `closer open ID` shows the notes before their editor is built (notes_preview.py).

The commands that open a window ask for it (``editor_after_first_frame``); the editor takes the
preview's place once the frame is drawn, and the keys typed meanwhile wait in the app
(keys_wait_for_the_editor.py). These tests hold that moment back, so what happens before it (keys
typed into the first frame, a quit) is seen every run, not only when a machine is slow enough.
"""

from __future__ import annotations

import signal
from functools import partial
from pathlib import Path

import pytest
from textual import events
from textual.app import App, ComposeResult

from closer_tui.model import Partnership
from closer_tui.store import Store
from closer_tui.tui.app import CloserApp
from closer_tui.tui.keys_wait_for_the_editor import KeysWaitForTheEditor
from closer_tui.tui.widgets.notes_editor import NotesEditor
from closer_tui.tui.widgets.notes_preview import NotesPreview

from conftest import dashboard, stored


async def until(pilot, condition) -> None:
    """Wait until ``condition()`` holds, no longer than the machine takes (10 s at most)."""
    for _ in range(1000):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("never happened")


NOTES = "First line of the notes.\nThe last line, where the cursor will be."


def with_evaluate_notes(db: Path, partnership_id: str, notes: str) -> Partnership:
    with Store.open_writer(db) as store:
        partnership = store.get(partnership_id)
        partnership.close.stage_notes["evaluate"] = notes
        store.save(partnership)
    return partnership


@pytest.fixture
def editor_held_back(monkeypatch) -> list:
    """The app's step that builds the first dashboard's editor, kept here instead of run after the first frame."""
    held = []
    bring_in = KeysWaitForTheEditor.bring_in_waiting_editor

    async def hold(app: CloserApp) -> None:
        held.append(partial(bring_in, app))

    monkeypatch.setattr(KeysWaitForTheEditor, "bring_in_waiting_editor", hold)
    return held


async def test_keys_typed_into_the_first_frame_wait_for_the_editor_and_reach_it_in_order(filled_db, partnerships, editor_held_back):
    partnership = with_evaluate_notes(filled_db, partnerships[0].id, NOTES)
    app = CloserApp(filled_db, partnership_id=partnership.id, editor_after_first_frame=True)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = dashboard(app)
        assert len(editor_held_back) == 1
        preview = screen.query_one(NotesPreview)
        assert app.focused is preview and not screen.query("NotesEditor")
        await pilot.press("backspace", "backspace", "x", "y", "backspace", "enter", "Z", "ë")
        app.post_message(events.Paste(" and a pastey"))
        await pilot.press("backspace")
        assert preview.text == NOTES and app.focused is preview  # shown, not edited: the keys wait
        await editor_held_back[0]()
        await until(pilot, lambda: not app.keys_wait)
        editor = screen.query_one(NotesEditor)
        assert not screen.query(NotesPreview)
        assert app.focused is editor and editor.text == NOTES[:-2] + "x\nZë and a paste"
        assert editor.cursor_location == editor.document.end
        await pilot.press("!")
        await pilot.press("ctrl+q")
    assert stored(filled_db, partnership.id).close.stage_notes["evaluate"] == NOTES[:-2] + "x\nZë and a paste!"


async def test_a_quit_pressed_before_the_editor_is_built_quits_after_the_keys_before_it(filled_db, partnerships, editor_held_back):
    partnership = with_evaluate_notes(filled_db, partnerships[0].id, NOTES)
    app = CloserApp(filled_db, partnership_id=partnership.id, editor_after_first_frame=True)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter", "Q", "u", "i", "t", "ctrl+q", "A", "f", "t", "e", "r")
        assert app.is_running  # the quit waits with the keys
        await editor_held_back[0]()
        await until(pilot, lambda: not app.is_running)
    assert stored(filled_db, partnership.id).close.stage_notes["evaluate"] == NOTES + "\nQuit"


async def test_a_sigterm_while_keys_wait_saves_them_once_they_reach_the_editor(filled_db, partnerships, editor_held_back):
    partnership = with_evaluate_notes(filled_db, partnerships[0].id, NOTES)
    app = CloserApp(filled_db, partnership_id=partnership.id, editor_after_first_frame=True)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter", "T", "e", "r", "m")
        app.shutdown._terminated(signal.SIGTERM)  # as the signal handler does
        await pilot.pause()
        assert app.is_running  # the save waits for the keys
        await editor_held_back[0]()
        await until(pilot, lambda: not app.is_running)
    assert app.return_code == 128 + signal.SIGTERM
    assert stored(filled_db, partnership.id).close.stage_notes["evaluate"] == NOTES + "\nTerm"


async def test_the_editor_takes_the_notes_place_once_the_first_frame_is_drawn(filled_db, partnerships):
    partnership = with_evaluate_notes(filled_db, partnerships[0].id, NOTES)
    app = CloserApp(filled_db, partnership_id=partnership.id, editor_after_first_frame=True)
    async with app.run_test() as pilot:
        screen = dashboard(app)
        await until(pilot, lambda: not screen.query(NotesPreview) and not app.keys_wait)
        editor = screen.query_one(NotesEditor)
        assert app.focused is editor and editor.text == NOTES and editor.cursor_location == editor.document.end
        await pilot.press("ctrl+q")
    assert stored(filled_db, partnership.id).close.stage_notes["evaluate"] == NOTES  # untouched: saved as it was


async def test_without_being_asked_the_dashboard_has_its_editor_at_once_and_no_key_waits(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.focused, NotesEditor) and not app.keys_wait


class PreviewHost(App):
    def __init__(self, preview: NotesPreview) -> None:
        super().__init__()
        self.preview = preview

    def compose(self) -> ComposeResult:
        yield self.preview


async def test_an_empty_preview_shows_the_placeholder():
    preview = NotesPreview("", "Notes for Evaluate", id="notes-first-evaluate", classes="notes")
    async with PreviewHost(preview).run_test(size=(40, 6)):
        assert preview.has_class("-empty") and "Notes for Evaluate" in str(preview.render())
        preview.text = "hi"
        assert not preview.has_class("-empty")


LONG_NOTES = "\n".join(
    [
        "Zoë said the conference abstract changed how she talks about the project; 研究 went well.",
        "",
        "We would set fewer goals next time, and review them every third meeting, not at the end. " * 3,
        "Tabs\tand  double  spaces stay as typed.",
    ]
    * 3
)
SCROLLBAR_GLYPHS = str.maketrans({glyph: " " for glyph in "▁▂▃▄▅▆▇█▔▕▏"})


def screen_text(app: CloserApp) -> list[str]:
    update = app.screen._compositor.render_full_update()
    return ["".join(strip.text for strip in line).translate(SCROLLBAR_GLYPHS).rstrip() for line in update.strips]


async def settled_screen_text(pilot, app: CloserApp) -> list[str]:
    """The screen once it has stopped changing: the stage's head fits its height after a refresh."""
    shown = screen_text(app)
    for _ in range(50):
        await pilot.pause(0.02)
        again = screen_text(app)
        if again == shown:
            return shown
        shown = again
    raise AssertionError("the screen never settled")


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (100, 30), (200, 60)])
async def test_the_preview_shows_the_lines_the_editor_then_shows(filled_db, partnerships, editor_held_back, size):
    partnership = with_evaluate_notes(filled_db, partnerships[0].id, LONG_NOTES)
    app = CloserApp(filled_db, partnership_id=partnership.id, clock=lambda: 1_800_000_000.0, editor_after_first_frame=True)
    async with app.run_test(size=size) as pilot:
        first_frame = await settled_screen_text(pilot, app)
        assert any("third meeting" in line for line in first_frame)
        await editor_held_back[0]()
        await until(pilot, lambda: not app.keys_wait)
        assert await settled_screen_text(pilot, app) == first_frame

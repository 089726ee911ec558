"""Shared-screen mode: safe to show on a call, and hard to leave by accident."""

from __future__ import annotations

import json

from textual.widgets import Markdown

from closer_tui.tui.app import CloserApp
from closer_tui.config import config_path
from closer_tui.tui.screens.dashboard import DashboardScreen
from closer_tui.tui.screens.dialogs import ConfirmDialog, NotesDialog
from closer_tui.tui.screens.partnerships import PartnershipsScreen
from closer_tui.tui.screens.shared_cover import SharedCoverScreen
from closer_tui.tui.themes import SHARED_SCREEN_THEME


async def test_shared_screen_hides_private_notes_and_shows_the_marker(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, shared_screen=True)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == SHARED_SCREEN_THEME
        assert app.screen.query_one(".shared-marker").display
        await pilot.press("f9")
        assert not isinstance(app.screen, NotesDialog)
        assert any("Shared-screen mode keeps the private facilitator notes hidden" in str(n.message) for n in app._notifications)


async def test_shared_screen_blocks_the_list_review_and_report(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, shared_screen=True)
    async with app.run_test() as pilot:
        await pilot.press("escape")  # back to the list: refused
        assert isinstance(app.screen, DashboardScreen)
        app.action_review()
        app.action_report()
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_turning_it_on_over_the_list_covers_other_partnerships(filled_db):
    app = CloserApp(filled_db)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PartnershipsScreen)
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, SharedCoverScreen)
        await pilot.press("v")
        assert isinstance(app.screen, SharedCoverScreen)


async def test_leaving_needs_a_confirmation_key(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, shared_screen=True)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert app.shared_screen
        await pilot.press("ctrl+o", "y")
        assert not app.shared_screen
        assert app.theme != SHARED_SCREEN_THEME
        assert not app.screen.query_one(".shared-marker").display


async def test_the_mode_is_remembered_for_next_time(filled_db):
    app = CloserApp(filled_db)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+o")
    assert json.loads(config_path().read_text())["shared_screen"] is True
    again = CloserApp(filled_db)
    async with again.run_test() as pilot:
        await pilot.pause()
        assert again.shared_screen and isinstance(again.screen, SharedCoverScreen)


async def test_the_summary_after_finishing_never_shows_private_notes(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id)
    async with app.run_test() as pilot:
        await pilot.press("f9", *"secret words", "escape")
        await pilot.press("ctrl+o", "ctrl+f", "y")
        await pilot.pause()
        assert "secret words" not in app.screen.query_one(Markdown).source
        assert app.screen.query_one(".shared-marker").display


async def test_every_dialog_carries_the_marker_over_its_dimming(filled_db, partnerships):
    """Small dialogs dim the screen beneath them, its marker too: each shows one of its own, on top."""
    from textual.screen import ModalScreen

    app = CloserApp(filled_db, partnership_id=partnerships[0].id, shared_screen=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for key in ("ctrl+b", "ctrl+f", "f4"):
            await pilot.press(key)
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ModalScreen), key
            widget, _ = dialog.get_widget_at(10, 1)
            assert "shared-marker" in widget.classes, (key, widget)
            assert "SHARED SCREEN" in str(widget.render())
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, ModalScreen), key


async def test_turning_it_on_in_a_dashboard_opened_from_the_list_leaves_the_dashboard_in_sight(filled_db):
    """The list lies under the dashboard: it is covered when it comes back on top, not over the dashboard."""
    app = CloserApp(filled_db)
    async with app.run_test() as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.query_one(".shared-marker").display
        await pilot.press("ctrl+o", "y")  # leave the mode, then go back to the list and on again
        await pilot.press("escape", "ctrl+o")
        assert isinstance(app.screen, SharedCoverScreen)

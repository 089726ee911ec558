"""Escape closes whatever was opened last, on every screen: each dialog and form, help, the command
palette, the session log (f8), and the review and report screens (back to the list). The walk below
opens each one with the keys a facilitator would press; a dialog added to closer and missing from the
walk makes the last test fail."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.command import CommandPalette
from textual.screen import ModalScreen

import closer_tui.tui
from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.dashboard import DashboardScreen
from closer_tui.tui.widgets.stage_panel import StagePanel

# Where the walk starts, and for each thing to open: the keys that lead to it, the last one opening it.
WALK = {
    "list": [["f1"], ["ctrl+p"], ["n"], ["e"], ["v"], ["p"]],
    "dashboard": [
        ["f1"],
        ["ctrl+p"],
        ["f4"],  # the ending's decisions (the first stage)
        ["ctrl+b"],
        ["f9"],
        ["ctrl+e"],
        ["ctrl+f"],
        ["ctrl+r"],
        ["f8"],  # the session log beside the notes
        ["ctrl+g", "a"],
        ["ctrl+g", "e"],
        ["ctrl+g", "s"],
        ["ctrl+g", "d"],
        ["f3", "f3", "f4"],  # the last stage's decisions (looking ahead)
        ["ctrl+o", "ctrl+o"],  # leaving shared-screen mode asks first (last: the mode hides other keys' dialogs)
    ],
    "summary": [["f1"], ["ctrl+p"], ["x"]],
}
# Shown by closer itself, never opened by a key: the notice below the smallest size goes by itself.
NOT_OPENED_BY_A_KEY = {"TooSmallScreen", "PartnershipForm"}  # PartnershipForm: the base of the two forms


def state(app: CloserApp) -> tuple:
    """What is open: the screens, and on a dashboard whether a session log is shown."""
    log = isinstance(app.screen, DashboardScreen) and any(panel.session_log_shown for panel in app.screen.query(StagePanel))
    return tuple(type(screen).__name__ for screen in app.screen_stack), log


def app_at(where: str, db, partnerships) -> CloserApp:
    if where == "list":
        return CloserApp(db)
    return CloserApp(db, partnership_id=partnerships[0 if where == "dashboard" else 2].id)


OPENED: set[str] = set()


@pytest.mark.parametrize("where, size", [("list", (80, 24)), ("dashboard", (80, 24)), ("dashboard", (60, 20)), ("summary", (80, 24))])
async def test_escape_closes_what_each_key_opened(filled_db, partnerships, where, size):
    app = app_at(where, filled_db, partnerships)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for keys in WALK[where]:
            *before_keys, opening = keys
            await pilot.press(*before_keys)
            before = state(app)
            await pilot.press(opening)
            opened = state(app)
            assert opened != before, f"{keys} opened nothing"
            OPENED.add(type(app.screen).__name__)
            await pilot.press("escape")
            if isinstance(app.screen, CommandPalette):  # its first escape may only clear the search
                await pilot.press("escape")
            assert state(app) == before, f"escape after {keys} left {state(app)} open"


def test_the_walk_opens_every_dialog_closer_has():
    """Runs after the walks above (pytest keeps the file's order): each modal screen was opened by one."""
    if not OPENED:
        pytest.skip("run with the walks above")
    modals = set()
    for module in pkgutil.walk_packages(closer_tui.tui.__path__, "closer_tui.tui."):
        loaded = importlib.import_module(module.name)
        for name, cls in inspect.getmembers(loaded, inspect.isclass):
            if cls.__module__ == loaded.__name__ and issubclass(cls, ModalScreen):
                modals.add(name)
    assert modals - NOT_OPENED_BY_A_KEY - OPENED == set()
    assert {"CommandPalette", "ReviewScreen", "ReportScreen"} <= OPENED

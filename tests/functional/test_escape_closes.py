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
from closer_tui.store import Store
from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.dashboard import DashboardScreen
from closer_tui.tui.widgets.stage_panel import StagePanel

# Where the walk starts, and for each thing to open: the keys that lead to it (the last one opens it)
# and what it opens (a screen's class name, or the session log).
WALK = {
    "list": [
        (["f1"], "HelpScreen"),
        (["ctrl+p"], "CommandPalette"),
        (["n"], "NewPartnershipScreen"),
        (["e"], "EditDetailsScreen"),
        (["v"], "ReviewScreen"),
        (["p"], "ReportScreen"),
    ],
    "dashboard": [
        (["f1"], "HelpScreen"),
        (["ctrl+p"], "CommandPalette"),
        (["f4"], "CloseDetailsScreen"),  # the ending's decisions (the first stage)
        (["ctrl+b"], "TextDialog"),
        (["f9"], "NotesDialog"),
        (["ctrl+e"], "EditDetailsScreen"),
        (["ctrl+f"], "ConfirmDialog"),
        (["ctrl+r"], "ConfirmDialog"),
        (["f8"], SESSION_LOG := "session log"),  # beside the notes
        (["f8", "a"], "MeetingDialog"),  # the log keeps the cursor: a adds a meeting; escape leaves the log open
        (["ctrl+g", "a"], "ChoiceDialog"),  # whose goal it is, first
        (["ctrl+g", "v"], "GoalViewsScreen"),
        (["ctrl+g", "e"], "TextDialog"),
        (["ctrl+g", "s"], "ChoiceDialog"),
        (["ctrl+g", "d"], "ConfirmDialog"),
        (["f3", "f3", "f4"], "CloseDetailsScreen"),  # the last stage's decisions (looking ahead)
        (["ctrl+a"], "ActionForm"),  # to Next steps' actions: with none yet, the form for the first
        # Leaving shared-screen mode asks first (last: the mode refuses some of the keys above).
        (["ctrl+o", "ctrl+o"], "TypeYesDialog"),
    ],
    "summary": [(["f1"], "HelpScreen"), (["ctrl+p"], "CommandPalette"), (["x"], "ChoiceDialog"), (["f"], "FollowOnDialog"), (["s"], "StoryScreen")],
}
# Shown by closer itself, never opened by a key: the notice below the smallest size goes by itself;
# PartnershipForm is the base of the two partnership forms.
NOT_OPENED_BY_A_KEY = {"TooSmallScreen", "PartnershipForm"}


def state(app: CloserApp) -> tuple:
    """What is open: the screens, and on a dashboard whether a session log is shown."""
    log = isinstance(app.screen, DashboardScreen) and any(panel.session_log_shown for panel in app.screen.query(StagePanel))
    return tuple(type(screen).__name__ for screen in app.screen_stack), log


def app_at(where: str, db, partnerships) -> CloserApp:
    if where == "list":
        return CloserApp(db)
    if where == "summary":  # a goal left, so that f offers a follow-on in a dialog of its own
        with Store.open_writer(db) as store:
            closed = store.get(partnerships[2].id)
            closed.goals[0].status = "partly"
            store.save(closed)
    return CloserApp(db, partnership_id=partnerships[0 if where == "dashboard" else 2].id)


@pytest.mark.parametrize("where, size", [("list", (80, 24)), ("dashboard", (80, 24)), ("dashboard", (60, 20)), ("summary", (80, 24))])
async def test_escape_closes_what_each_key_opened(filled_db, partnerships, where, size):
    app = app_at(where, filled_db, partnerships)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for keys, opens in WALK[where]:
            *before_keys, opening = keys
            await pilot.press(*before_keys)
            before = state(app)
            await pilot.press(opening)
            opened = state(app)
            assert opened != before, f"{keys} opened nothing"
            top = opened[0][-1]
            assert (SESSION_LOG if opened[1] and top == "DashboardScreen" else top) == opens, (keys, opened)
            await pilot.press("escape")
            if isinstance(app.screen, CommandPalette):  # its first escape may only clear the search
                await pilot.press("escape")
            assert state(app) == before, f"escape after {keys} left {state(app)} open"


def test_the_walk_opens_every_dialog_closer_has():
    modals = set()
    for module in pkgutil.walk_packages(closer_tui.tui.__path__, "closer_tui.tui."):
        loaded = importlib.import_module(module.name)
        for name, cls in inspect.getmembers(loaded, inspect.isclass):
            if cls.__module__ == loaded.__name__ and issubclass(cls, ModalScreen):
                modals.add(name)
    walked = {opens for steps in WALK.values() for _, opens in steps}
    assert modals - NOT_OPENED_BY_A_KEY - walked == set()
    assert {"CommandPalette", "ReviewScreen", "ReportScreen", SESSION_LOG} <= walked

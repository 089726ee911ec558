"""Snapshots of every screen, as a user sees it: the dashboard in both modes at a small and a large
size, and every other screen, form and dialog at 80x24, the smallest size closer is made for.

Fixed sample data, a fixed clock (the timers, the time of the last save, the pause before the save
state says saved, the toasts' lifetime), a fixed "today" (the new partnership's start date), no
cursor blink and every background load finished before the picture make every run draw the same
screen. After an intended change of look, review the new pictures and run
``pytest tests/functional/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from closer_tui.assets import sample_data_file
from closer_tui.export import loads
from closer_tui.store import Store
from closer_tui.tui.app import CloserApp
from closer_tui.tui.audience import AudienceApp

HALF_WAY = "c9tw2e"  # the sample partnership in the middle of its close, on its Next steps stage
CLOSED = "m3pq7d"  # a closed sample partnership: it opens on its summary
SMALL = (80, 24)
NOW = time.mktime((2026, 11, 23, 14, 5, 0, 0, 0, -1))  # local time: the same day and hour in any time zone
TODAY = "2026-11-23"


class FixedClock:
    def __call__(self) -> float:
        return NOW


@pytest.fixture
def sample_db(db):
    with Store.open_writer(db) as store:
        store.import_partnerships(loads(sample_data_file().read_text(encoding="utf-8")))
    return db


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("closer_tui.tui.screens.new_partnership.today_iso", lambda: TODAY)
    # Toasts run on the wall clock: frozen, one is still there however slowly the machine draws.
    monkeypatch.setattr("textual.notifications.time", lambda: NOW)


async def steady(pilot: Pilot) -> None:
    """Nothing left to change the picture: every worker done, no cursor blinking on any screen."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for screen in pilot.app.screen_stack:
        for editor in screen.query(TextArea):
            editor.cursor_blink = False
        for field in screen.query(Input):
            field.cursor_blink = False
    await pilot.pause()


def pressing(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    """Press the keys (each waits for the workflows it starts), then settle."""

    async def run_before(pilot: Pilot) -> None:
        await steady(pilot)
        await pilot.press(*keys)
        await steady(pilot)

    return run_before


def closer(db, **kwargs) -> CloserApp:
    return CloserApp(db, clock=FixedClock(), **kwargs)


@pytest.mark.parametrize("size", [SMALL, (160, 50)], ids=["80x24", "160x50"])
@pytest.mark.parametrize("shared", [False, True], ids=["normal", "shared-screen"])
def test_dashboard_snapshot(snap_compare, sample_db, size, shared):
    app = closer(sample_db, partnership_id=HALF_WAY, shared_screen=shared)
    assert snap_compare(app, terminal_size=size, run_before=steady)


# Screens reached from the list of partnerships (`closer`), by their keys.
FROM_THE_LIST = {
    "list": (),
    "review": ("v",),
    "outcomes-report": ("p",),
    "help-on-the-list": ("f1",),
    "new-partnership-form": ("n",),
    "correct-details-form": ("e",),
}


@pytest.mark.parametrize("keys", FROM_THE_LIST.values(), ids=FROM_THE_LIST.keys())
def test_screens_from_the_list_at_80x24(snap_compare, sample_db, keys):
    assert snap_compare(closer(sample_db), terminal_size=SMALL, run_before=pressing(*keys))


# Screens and forms reached from the half-way close's dashboard (`closer open c9tw2e`). Its Next
# steps stage has no decisions; f2 goes back to Evaluate, whose decisions form f4 opens.
FROM_THE_DASHBOARD = {
    "help-on-the-dashboard": ("f1",),
    "decisions-form": ("f2", "f4"),
    "budgets-dialog": ("ctrl+b",),
    "private-notes-dialog": ("f9",),
}


@pytest.mark.parametrize("keys", FROM_THE_DASHBOARD.values(), ids=FROM_THE_DASHBOARD.keys())
def test_screens_from_the_dashboard_at_80x24(snap_compare, sample_db, keys):
    app = closer(sample_db, partnership_id=HALF_WAY)
    assert snap_compare(app, terminal_size=SMALL, run_before=pressing(*keys))


# A closed partnership opens on its summary (`closer open m3pq7d`); x asks for the export format.
FROM_THE_SUMMARY = {"summary": (), "export-dialog": ("x",)}


@pytest.mark.parametrize("keys", FROM_THE_SUMMARY.values(), ids=FROM_THE_SUMMARY.keys())
def test_the_summary_and_its_export_dialog_at_80x24(snap_compare, sample_db, keys):
    app = closer(sample_db, partnership_id=CLOSED)
    assert snap_compare(app, terminal_size=SMALL, run_before=pressing(*keys))


def test_the_shared_screen_cover_at_80x24(snap_compare, sample_db):
    """`closer --shared-screen`: the list of other people's partnerships stays covered."""
    assert snap_compare(closer(sample_db, shared_screen=True), terminal_size=SMALL, run_before=steady)


async def audience_ready(pilot: Pilot) -> None:
    """The audience view has read the partnership's file (its first read runs in a worker)."""
    app = pilot.app
    for _ in range(200):
        if app.view is not None:
            break
        await pilot.pause(0.02)
    assert app.view is not None, "the audience view never read the partnership"
    await steady(pilot)
    assert not app.waiting.display


@pytest.mark.parametrize("layout", ["all", "stage", "timer"])
def test_the_audience_view_at_80x24(snap_compare, sample_db, layout):
    """`closer present c9tw2e`, in each of its layouts (keys 3, 2 and 1)."""
    app = AudienceApp(sample_db, HALF_WAY, clock=FixedClock(), layout=layout)
    assert snap_compare(app, terminal_size=SMALL, run_before=audience_ready)

"""Snapshots of the dashboard, as a user sees it, in both modes at a small and a large size.

Fixed sample data, a fixed clock and no cursor blink make every run draw the same
screen. After an intended change of look, review the new pictures and run
``pytest tests/functional/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from closer_tui.tui.app import CloserApp
from closer_tui.assets import sample_data_file
from closer_tui.export import loads
from closer_tui.store import Store

HALF_WAY = "c9tw2e"  # the sample partnership in the middle of its close


class FixedClock:
    def __call__(self) -> float:
        return 1_800_000_000.0


@pytest.fixture
def sample_db(db):
    with Store.open_writer(db) as store:
        store.import_partnerships(loads(sample_data_file().read_text(encoding="utf-8")))
    return db


async def steady(pilot) -> None:
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
@pytest.mark.parametrize("shared", [False, True], ids=["normal", "shared-screen"])
def test_dashboard_snapshot(snap_compare, sample_db, size, shared):
    app = CloserApp(sample_db, partnership_id=HALF_WAY, clock=FixedClock(), shared_screen=shared)
    assert snap_compare(app, terminal_size=size, run_before=steady)

"""The close timer as a facilitator expects it: paused while closer is closed, a minute more or less
with one key, the bell choice remembered, the time left in the terminal window's title."""

from __future__ import annotations

import json

from textual.widgets import Digits

from closer_tui.config import config_path
from closer_tui.store import Store
from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.dashboard import DashboardScreen


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def stored_timer(db, partnership_id):
    with Store.open_reader(db) as store:
        return store.get(partnership_id).timer


async def test_quitting_with_the_timer_running_pauses_it_so_the_time_away_is_not_booked(filled_db, partnerships):
    clock = FakeClock()
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+t")
        clock.now += 90
        await pilot.press("ctrl+q")
    timer = stored_timer(filled_db, partnerships[0].id)
    assert timer.running_since is None and timer.used["evaluate"] == 90
    clock.now += 4 * 60  # closer stays closed for four minutes
    again = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with again.run_test() as pilot:
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, DashboardScreen)
        assert not screen.session.timer.running
        assert screen.query_one(Digits).value == "06:30"  # 8 minutes less the 90 seconds, not less 5:30


async def test_leaving_the_dashboard_for_the_list_pauses_the_timer(filled_db, partnerships):
    clock = FakeClock()
    app = CloserApp(filled_db, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press("enter", "ctrl+t")
        clock.now += 30
        await pilot.press("escape")
        assert not isinstance(app.screen, DashboardScreen)
        clock.now += 600
        await pilot.press("enter")
        assert app.screen.session.timer.used("evaluate") == 30


async def test_f7_gives_the_stage_a_minute_more_and_f6_takes_one_even_while_typing(filled_db, partnerships):
    clock = FakeClock()
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        screen = app.screen
        await pilot.press("f3", *"we", "f7", "f7")  # Next steps: 5 minutes, typing in its notes
        assert screen.query_one(Digits).value == "07:00"
        await pilot.press("f6")
        assert screen.query_one(Digits).value == "06:00"
        assert screen.session.notes("next_steps") == "we"
        for _ in range(10):  # never below nothing
            await pilot.press("f6")
        assert screen.session.timer.budgets["next_steps"] == 0
        await pilot.press("ctrl+q")
    assert stored_timer(filled_db, partnerships[0].id).budgets["next_steps"] == 0


async def test_the_bell_choice_is_remembered_after_a_restart(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=FakeClock())
    async with app.run_test() as pilot:
        assert not app.bell_on
        await pilot.press("f12")
        assert app.bell_on
    assert json.loads(config_path().read_text())["bell"] is True
    again = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=FakeClock())
    async with again.run_test() as pilot:
        await pilot.pause()
        assert again.bell_on


async def test_the_window_title_shows_the_time_left_and_the_stage_and_is_given_back_after(filled_db, partnerships):
    clock = FakeClock()
    app = CloserApp(filled_db, clock=clock)
    async with app.run_test() as pilot:
        written: list[str] = []
        app._driver.write = written.append  # what reaches the terminal
        assert app.window_title.shown is None  # the list leaves the terminal's own title
        await pilot.press("enter", "ctrl+t")
        assert app.window_title.shown == "08:00 left · Evaluate · closer"
        clock.now += 9 * 60
        app.screen.tick()
        assert app.window_title.shown == "+01:00 over · Evaluate · closer"
        titles = [text for text in written if "\x1b]2;" in text]
        assert titles[0].startswith("\x1b[22;2t")  # the terminal's own title saved first
        assert titles[-1] == "\x1b]2;+01:00 over · Evaluate · closer\x07"
        await pilot.press("ctrl+t")
        assert app.window_title.shown == "+01:00 over (paused) · Evaluate · closer"
        await pilot.press("escape")
        assert app.window_title.shown is None
        assert [text for text in written if "\x1b]2;" in text][-1].endswith("\x1b[23;2t")  # and given back

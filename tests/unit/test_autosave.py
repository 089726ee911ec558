"""The saver's timing, without Textual: a fake host runs timers and threads when the test says."""

from __future__ import annotations

import pytest

from closer_tui.autosave import NOT_SAVED, SAVING, SessionSaver
from closer_tui.desk import Desk
from closer_tui.pacing import QUIET_BEFORE_SAVED, RETRY_DELAY, SAVE_DELAY
from closer_tui.store import Store, StoreWriteError


class Timer:
    def __init__(self, delay, callback) -> None:
        self.delay, self.callback, self.stopped = delay, callback, False

    def stop(self) -> None:
        self.stopped = True


class FakeHost:
    """Timers wait for fire(); work in a thread runs at once; the UI thread is this one."""

    def __init__(self) -> None:
        self.timers: list[Timer] = []
        self.states: list[tuple[str, bool]] = []
        self.failures: list[str] = []

    def set_timer(self, delay, callback):
        self.timers.append(Timer(delay, callback))
        return self.timers[-1]

    def run_in_thread(self, work) -> None:
        work()

    def call_from_thread(self, callback, *args):
        return callback(*args)

    def show_save_state(self, text: str, failed: bool) -> None:
        self.states.append((text, failed))

    def save_failed(self, message: str) -> None:
        self.failures.append(message)

    def fire(self) -> Timer:
        timer = next(t for t in self.timers if not t.stopped)
        self.timers.remove(timer)
        timer.callback()
        return timer


class Clock:
    now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def opened(filled_db, partnerships):
    with Desk.for_writing(filled_db) as desk:
        host, clock = FakeHost(), Clock()
        session = desk.open(partnerships[0].id)
        yield desk, session, SessionSaver(desk, host, now=clock), host, clock


def saved_notes(db, partnership_id) -> str:
    with Store.open_reader(db) as store:
        return store.get(partnership_id).close.stage_notes.get("evaluate", "")


def test_an_edit_shows_saving_at_once_and_saves_after_the_delay(opened, filled_db, partnerships):
    desk, session, saver, host, clock = opened
    session.set_notes("evaluate", "typed")
    saver.soon()
    assert host.states == [(SAVING, False)]
    assert saved_notes(filled_db, partnerships[0].id) == ""
    assert host.fire().delay == SAVE_DELAY
    assert saved_notes(filled_db, partnerships[0].id) == "typed"


def test_the_indicator_says_saved_only_once_typing_has_paused(opened):
    desk, session, saver, host, clock = opened
    session.set_notes("evaluate", "typed")
    saver.soon()
    host.fire()
    assert saver.settled_text() is None  # the key was just pressed
    clock.now += QUIET_BEFORE_SAVED
    assert saver.settled_text() == f"✓ saved {desk.saved_at}"


def test_a_clock_set_back_does_not_hold_the_indicator_on_saving(opened):
    desk, session, saver, host, clock = opened
    session.set_notes("evaluate", "typed")
    saver.soon()
    host.fire()
    clock.now -= 3600  # the computer's clock put back an hour, just after the key
    assert saver.settled_text() == f"✓ saved {desk.saved_at}"


def test_keys_within_the_delay_make_one_save(opened):
    desk, session, saver, host, clock = opened
    for text in ("a", "ab", "abc"):
        session.set_notes("evaluate", text)
        saver.soon()
    assert len(host.timers) == 1


def test_a_failed_save_says_so_once_keeps_the_text_and_retries(opened, filled_db, partnerships, monkeypatch):
    desk, session, saver, host, clock = opened
    real_save = desk.store.save_record
    disk_full = [True]

    def failing(record):
        if disk_full[0]:
            raise StoreWriteError(filled_db / "x.json", OSError(28, "No space left on device"))
        return real_save(record)

    monkeypatch.setattr(desk.store, "save_record", failing)
    session.set_notes("evaluate", "keep me")
    saver.soon()
    host.fire()
    host.fire()  # the retry fails too
    assert host.states[-1] == (NOT_SAVED, True) and len(host.failures) == 1
    assert host.timers[-1].delay == RETRY_DELAY
    disk_full[0] = False
    host.fire()
    assert saved_notes(filled_db, partnerships[0].id) == "keep me"
    assert saver.error is None and host.states[-1][0].startswith("✓ saved")


def test_flush_saves_now_and_says_whether_anything_is_left(opened, filled_db, partnerships):
    desk, session, saver, host, clock = opened
    session.set_notes("evaluate", "on quit")
    saver.soon()
    assert saver.flush()
    assert host.timers[0].stopped
    assert saved_notes(filled_db, partnerships[0].id) == "on quit"


def test_a_read_only_desk_never_schedules_a_save(filled_db, partnerships):
    with Desk.for_writing(filled_db), Desk.for_app(filled_db) as second:
        host = FakeHost()
        saver = SessionSaver(second, host)
        second.open(partnerships[0].id).set_notes("evaluate", "x")
        saver.soon()
        assert host.timers == [] and saver.flush()
        assert saver.state_text().startswith("🔒 read-only")

"""Saving the open closing session: soon after an edit, off the UI thread, retried after a failure.

The text lives in the session (app state) as it is typed; this only decides
*when* the desk writes a snapshot of it. Snapshots carry the session's
revision, so an older one never overwrites a newer one when saves overlap.
No Textual here: the app hands in a :class:`SaveHost` (timers, a worker
thread, and where the save state is shown).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from .desk import Desk, Snapshot
from .errors import CloserError
from .pacing import QUIET_BEFORE_SAVED, RETRY_DELAY, SAVE_DELAY

SAVING = "● saving…"
NOT_SAVED = "⚠ NOT SAVED, retrying (your text is kept)"
READ_ONLY = "🔒 read-only: not saved"  # fits the status box (24 cells) on one line
SAVE_ERRORS = (CloserError, OSError)


class Stoppable(Protocol):
    def stop(self) -> object: ...


class SaveHost(Protocol):
    """What the saver needs from the app around it."""

    def set_timer(self, delay: float, callback: Callable[[], object]) -> Stoppable: ...

    def run_in_thread(self, work: Callable[[], None]) -> None: ...

    def call_from_thread(self, callback: Callable[..., object], *args: object) -> object: ...

    def show_save_state(self, text: str, failed: bool) -> None:
        """Shown in the frame of the key that caused it; no waiting."""

    def save_failed(self, message: str) -> None:
        """The first failure in a row: tell the user once, loudly."""


class SessionSaver:
    def __init__(self, desk: Desk, host: SaveHost, now: Callable[[], float] = time.monotonic) -> None:
        self.desk = desk
        self.host = host
        self.now = now
        self.error: str | None = None
        self.successes = 0  # saves that went through, ever
        self._timer: Stoppable | None = None
        self._last_edit = 0.0

    # --- in the background ----------------------------------------------------

    def soon(self, immediately: bool = False) -> None:
        """An edit was made: save in a worker, now or SAVE_DELAY after the first unsaved edit."""
        self._last_edit = self.now()
        self._schedule(immediately)

    def _schedule(self, immediately: bool = False) -> None:
        if self.desk.session is None or self.desk.read_only:
            return
        if immediately:
            self._cancel_timer()
            self._start()
        elif self._timer is None:
            if self.error is None:
                self.host.show_save_state(SAVING, False)  # drawn in the same frame as the key that made the edit
            self._timer = self.host.set_timer(SAVE_DELAY, self._start)

    def _start(self) -> None:
        self._timer = None
        snapshot = self.desk.snapshot()  # taken here, on the thread where the edits happen
        if snapshot is not None:
            self.host.run_in_thread(lambda: self._save_in_background(snapshot))

    def _save_in_background(self, snapshot: Snapshot) -> None:
        try:
            self.desk.write(snapshot)
        except SAVE_ERRORS as error:
            self.host.call_from_thread(self._failed, str(error))
            return
        self.host.call_from_thread(self._succeeded)

    def _succeeded(self) -> None:
        recovered = self.error is not None
        self.error = None
        self.successes += 1
        if self.desk.unsaved():
            self._schedule()
        elif recovered:
            self.host.show_save_state(self.state_text(), False)
        # Otherwise settled_text() says "saved" once typing pauses: saying it between
        # two keys would only flip back at the next key, and each flip costs a frame.

    def _failed(self, message: str) -> None:
        first_failure = self.error is None
        self.error = message
        self.host.show_save_state(NOT_SAVED, True)
        if first_failure:
            self.host.save_failed(message)
        if self._timer is None:
            self._timer = self.host.set_timer(RETRY_DELAY, self._start)

    # --- right now ------------------------------------------------------------------

    def flush(self) -> bool:
        """Save now, on this thread (quit, signals, leaving). True when nothing is left unsaved."""
        if self.desk.session is None or self.desk.read_only:
            return True
        self._cancel_timer()
        try:
            self.desk.save()
        except SAVE_ERRORS as error:
            self.error = str(error)
            return False
        self.error = None
        return True

    def settled_text(self) -> str | None:
        """The indicator's text once every edit is on disk and typing has paused; None until then."""
        if self.error or self.desk.session is None or self.desk.unsaved():
            return None
        if 0 <= self.now() - self._last_edit < QUIET_BEFORE_SAVED:  # a clock set back counts as a pause
            return None
        return self.state_text()

    def state_text(self) -> str:
        if self.desk.read_only:
            return READ_ONLY
        if self.error:
            return NOT_SAVED
        return f"✓ saved {self.desk.saved_at}" if self.desk.saved_at else "✓ saved"

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

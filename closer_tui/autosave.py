"""Saving the open closing session: soon after an edit, off the UI thread, retried after a failure.

The text lives in the session (app state) as it is typed; this only decides
when a snapshot of it goes to the store. Snapshots carry the session's
revision, so an older one never overwrites a newer one when saves overlap.
"""

from __future__ import annotations

import threading
import time
from functools import partial
from typing import TYPE_CHECKING

from textual.timer import Timer

from .model import Partnership, ValidationError
from .session import ClosingSession
from .store import StoreError

if TYPE_CHECKING:
    from .tui.app import CloserApp

SAVE_DELAY = 0.5  # seconds after an edit; keeps "saved within a second of the last key"
RETRY_DELAY = 2.0
QUIET_BEFORE_SAVED = 0.4  # seconds without an edit before the indicator says saved
SAVING = "● saving…"
SAVE_ERRORS = (StoreError, ValidationError, OSError)
NOT_SAVED = "⚠ NOT SAVED, retrying (your text is kept)"


class SessionSaver:
    def __init__(self, app: CloserApp) -> None:
        self.app = app
        self.session: ClosingSession | None = None
        self.error: str | None = None
        self._timer: Timer | None = None
        self._lock = threading.Lock()
        self._written_revision = 0
        self._saved_at: str | None = None
        self._last_edit = 0.0
        self.successes = 0  # saves that went through, ever

    def follow(self, session: ClosingSession | None) -> None:
        """Save this session from now on (None: nothing is open)."""
        self._cancel_timer()
        self.session = session
        self._written_revision = 0
        self._saved_at = None

    @property
    def written_revision(self) -> int:
        return self._written_revision

    # --- in the background ----------------------------------------------------

    def soon(self, immediately: bool = False) -> None:
        """An edit was made: save in a worker, now or SAVE_DELAY after the first unsaved edit."""
        self._last_edit = time.monotonic()
        self._schedule(immediately)

    def _schedule(self, immediately: bool = False) -> None:
        if self.session is None or self.app.read_only_reason:
            return
        if immediately:
            self._cancel_timer()
            self._start()
        elif self._timer is None:
            if self.error is None:
                self.app.show_save_state(SAVING)  # drawn in the same frame as the key that made the edit
            self._timer = self.app.set_timer(SAVE_DELAY, self._start)

    def _start(self) -> None:
        self._timer = None
        if self.session is not None:
            record, revision = self.session.snapshot(), self.session.revision
            self.app.run_worker(partial(self._save_in_background, record, revision), thread=True, group="autosave")

    def _save_in_background(self, record: dict, revision: int) -> None:
        try:
            self._write(record, revision)
        except SAVE_ERRORS as error:
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._succeeded)

    def _write(self, record: dict, revision: int) -> None:
        assert self.app.store is not None
        with self._lock:
            if revision <= self._written_revision:
                return
            self.app.store.save(Partnership.from_dict(record))
            self._written_revision = revision
            self._saved_at = time.strftime("%H:%M:%S")

    def _succeeded(self) -> None:
        recovered = self.error is not None
        self.error = None
        self.successes += 1
        if self.session is not None and self.session.revision > self._written_revision:
            self._schedule()
        elif recovered:
            self.app.show_save_state(self.state_text())
        # Otherwise settled_text() says "saved" once typing pauses: saying it between
        # two keys would only flip back at the next key, and each flip costs a frame.

    def _failed(self, error: Exception) -> None:
        first_failure = self.error is None
        self.error = str(error)
        self.app.show_save_state(NOT_SAVED, failed=True)
        if first_failure:
            self.app.notify(str(error), title="Not saved: closer keeps retrying", severity="error", timeout=20)
        if self._timer is None:
            self._timer = self.app.set_timer(RETRY_DELAY, self._start)

    # --- right now ------------------------------------------------------------------

    def flush(self) -> bool:
        """Save now, on this thread (quit, signals, leaving). True when nothing is left unsaved."""
        if self.session is None or self.app.store is None or self.app.read_only_reason:
            return True
        self._cancel_timer()
        try:
            self._write(self.session.snapshot(), self.session.revision)
        except SAVE_ERRORS as error:
            self.error = str(error)
            return False
        self.error = None
        return True

    def settled_text(self) -> str | None:
        """The indicator's text once every edit is on disk and typing has paused; None until then."""
        if self.error or self.session is None or self.session.revision > self._written_revision:
            return None
        if time.monotonic() - self._last_edit < QUIET_BEFORE_SAVED:
            return None
        return self.state_text()

    def state_text(self) -> str:
        if self.app.read_only_reason:
            return "🔒 read-only: nothing is saved"
        if self.error:
            return NOT_SAVED
        return f"✓ saved {self._saved_at}" if self._saved_at else "✓ saved"

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

"""The pace of typing: when closer does work the facilitator must not feel.

One home for the typing-latency measures (how long after a key a save starts,
when the clock may draw a frame of its own, when background reads may run)
and for the garbage-collection policy: the only code in closer that changes
Python's process-wide collector state is in this module.

Full garbage collections in the pauses of typing, not in the middle of a word.
Python's automatic full collection walks every tracked object and takes 10-20 ms
in a running dashboard; when it falls between a key and its frame, that key
shows late. While a close is open the automatic full collection is switched
off, and one runs instead when nobody has pressed a key for a moment, or at the
latest every ``longest_wait`` seconds, so memory stays bounded during a long
stretch of typing. The young generations are left to collect automatically:
they take well under a millisecond.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

NEVER = 1_000_000_000  # gen1 collections before an automatic full one: in effect never

# --- typing-latency measures (seconds) ------------------------------------------------
SAVE_DELAY = 0.5  # after an edit, before the save starts: "saved within a second of the last key"
RETRY_DELAY = 2.0  # between attempts after a failed save
QUIET_BEFORE_SAVED = 0.4  # without an edit before the indicator says saved (each flip costs a frame)
TICK_SECONDS = 0.5  # the dashboard's clock tick
CLOCK_WAITS_FOR_KEYS = 0.5  # since the last key, during which the clock is drawn with the next key
INDEX_DELAY = 1.0  # after opening one partnership, before the index of all of them is read
FILTER_BUDGET = 0.016  # of filtering one key may cost the UI thread: one frame at 60 fps


def keep_out_of_collections() -> None:
    """What exists now lives until the screen holding it goes: keep it out of full collections."""
    gc.freeze()


def release_to_collections() -> None:
    gc.unfreeze()


def skip_collection_at_exit() -> None:
    """Everything is saved and the process is about to end: spare it the full collection
    Python runs at exit, which walks every object the app made (about 40 ms) only to
    free memory the system takes back anyway."""
    gc.freeze()


class PauseCollector:
    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        quiet: float = 0.75,
        least_wait: float = 5.0,
        longest_wait: float = 60.0,
    ) -> None:
        self.clock = clock
        self.quiet = quiet  # seconds without a key that count as a pause
        self.least_wait = least_wait  # seconds between full collections, at least
        self.longest_wait = longest_wait  # seconds between full collections, at most
        self.collections = 0
        self._thresholds: tuple[int, int, int] | None = None
        self._last_activity = clock()
        self._last_collection = clock()

    @property
    def active(self) -> bool:
        return self._thresholds is not None

    def start(self) -> None:
        """Take over full collections; what exists now is kept out of them for good (gc.freeze)."""
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, middle, _ = self._thresholds
            gc.set_threshold(young, middle, NEVER)
        gc.freeze()
        self._last_collection = self.clock()

    def stop(self) -> None:
        """Hand full collections back to Python, and let it collect what was frozen."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None
            gc.unfreeze()

    def activity(self) -> None:
        """A key was pressed."""
        self._last_activity = self.clock()

    def typing_paused(self) -> bool:
        """No key for a moment: a good time for work the facilitator should not feel."""
        return not self.typed_within(self.quiet)

    def typed_within(self, seconds: float) -> bool:
        return self.clock() - self._last_activity < seconds

    def collect_if_paused(self) -> bool:
        """Run a full collection if typing has paused (or it is overdue). True when one ran."""
        if self._thresholds is None:
            return False
        now = self.clock()
        since_collection = now - self._last_collection
        paused = self.typing_paused()
        if (paused and since_collection >= self.least_wait) or since_collection >= self.longest_wait:
            gc.collect()
            self.collections += 1
            self._last_collection = self.clock()
            return True
        return False

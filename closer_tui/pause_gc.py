"""Full garbage collections in the pauses of typing, not in the middle of a word.

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

"""One writer at a time: an advisory lock on a file in the data folder.

``flock`` is released by the kernel when the holder dies, even on SIGKILL,
so a crashed closer never leaves the data locked. The lock file is opened
like every file of closer's (files.py): a link, a device or a hard-linked
file planted as ``.lock`` is refused, never emptied.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from pathlib import Path

from .errors import StoreError, StoreLockedError
from .files import create_or_open

LOCK_NAME = ".lock"


class WriterLock:
    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / LOCK_NAME
        self._fd: int | None = None
        # Release empties the file, so a pid found in it was left by a holder that never released
        # the lock: killed, or the machine went down, perhaps in the middle of a write.
        self.last_holder_died = False

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        try:
            fd = create_or_open(self.path, os.O_RDWR)  # 0600 when created; an existing one keeps its mode
        except OSError as error:
            raise StoreError(
                f"cannot write to {self.path.parent}: {error.strerror or error}"
                " (is the folder read-only?). Reading still works."
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            holder = _read_holder(fd)
            os.close(fd)
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise StoreLockedError(self.path.parent, holder) from None
            raise StoreError(f"cannot lock {self.path}: {error.strerror or error}") from None
        self.last_holder_died = bool(_read_holder_pid(fd))
        # The flock is the lock; the pid helps the message of a second closer and tells the next
        # holder that this one died, so a full disk must not stop us here (saves will report it).
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self, *, cleanly: bool = True) -> None:
        """Give the lock up; ``cleanly`` False keeps the pid, as a holder that died would."""
        if self._fd is None:
            return
        try:
            if cleanly:
                with contextlib.suppress(OSError):  # the pid kept only costs the next holder a sweep
                    os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None


def _read_holder_pid(fd: int) -> str:
    """What the lock file holds (a pid, or nothing when the last holder released it)."""
    try:
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""


def _read_holder(fd: int) -> str:
    pid = _read_holder_pid(fd)
    return f"process {pid}" if pid.isdigit() else "another process"

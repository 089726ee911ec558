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
        # The flock is the lock; the pid only helps the message of a second closer,
        # so a full disk must not stop us here (saves will report it instead).
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None


def _read_holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        pid = ""
    return f"process {pid}" if pid.isdigit() else "another process"

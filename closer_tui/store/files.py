"""Private, atomic file writes: the only way closer puts bytes on disk.

Every file is written to a temporary file in the same folder, flushed and
fsynced, then renamed over the old one, and the folder is fsynced so the
rename itself survives a power cut. A process killed at any instant leaves
either the old file or the new one, never half of either. Files are created
0600 and folders 0700 whatever the umask, because mentoring notes are
confidential.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .errors import StoreError

FILE_MODE = 0o600
FOLDER_MODE = 0o700
TEMP_SUFFIX = ".tmp"


def ensure_private_folder(path: Path) -> Path:
    """Create ``path`` (and missing parents) as 0700 folders; tighten ``path`` itself."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=FOLDER_MODE)
        os.chmod(folder, FOLDER_MODE)
    if not path.is_dir():
        raise NotADirectoryError(f"{path} is not a folder")
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        # Take away what group and others may do; leave the owner's bits alone
        # (a folder made read-only on purpose stays read-only).
        os.chmod(path, mode & 0o700)
    return path


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_path_for(path: Path, tag: str) -> Path:
    return path.with_name(f".{path.name}.{tag}{TEMP_SUFFIX}")


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably, as a 0600 file."""
    path = Path(path)
    temp = temp_path_for(path, f"{os.getpid()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(temp, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_folder(path.parent)


def check_can_create_files(folder: Path) -> None:
    """Say at once, not at the first save, when nothing new can be written in ``folder``."""
    probe = temp_path_for(Path(folder) / "write-check", f"{os.getpid()}")
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        os.close(fd)
        os.unlink(probe)
    except OSError as error:
        raise StoreError(
            f"cannot write to {folder}: {error.strerror or error} (is the folder read-only?). Reading still works."
        ) from None


def remove_stale_temp_files(folder: Path) -> int:
    """Delete temp files a killed writer left behind; the real files are intact."""
    removed = 0
    for temp in Path(folder).glob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            temp.unlink()
            removed += 1
    return removed

"""The one safe way closer opens, creates and replaces files and folders.

Every file closer opens for itself goes through here: the lock, the records,
the index, the stale marker, the config, exports, backups and temp files.

- **No link is followed, and only regular files are used.** Files are looked
  at with ``lstat`` and opened with ``O_NOFOLLOW`` (a FIFO never blocks the
  open: ``O_NONBLOCK``); a link, a device, a FIFO, a socket or a folder where a
  file belongs is refused with an :class:`UnsafePathError` naming it, and left
  alone. A file written in place (only the lock) must have one name: a hard
  link to it would change another file.
- **Atomic writes.** A file is written to a temporary file created with
  ``O_EXCL`` in the same folder, flushed and fsynced, then renamed over the old
  one (or, when it must be new, linked to its name, which fails if anything is
  there), and the folder is fsynced so the rename itself survives a power cut.
  A process killed at any instant leaves the old file or the new one.
- **Modes only on what closer creates.** New files are 0600 and new folders
  0700 whatever the umask, because mentoring notes are confidential. A file or
  folder closer did not create is never chmodded: a replaced export keeps its
  mode; a folder that already exists is used as it is, or refused when others
  may use it (the data folder: any access by group or others; the config and
  exports folders: writing by group or others) or when it is another user's.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from .errors import StoreError, UnsafePathError

FILE_MODE = 0o600
FOLDER_MODE = 0o700
TEMP_SUFFIX = ".tmp"
#: ``os.link`` fails with these where the file system has no hard links (FAT, some network shares).
NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK, errno.EXDEV}
KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    """What a file system entry is, in words ("a symbolic link", "a FIFO (named pipe)"...)."""
    return next((words for test, words in KINDS if test(mode)), "a regular file" if stat.S_ISREG(mode) else "not a file")


def lstat_or_none(path: Path) -> os.stat_result | None:
    """What is at ``path`` itself (a link is not followed), or None when nothing is."""
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def refuse_unless_regular(path: Path, found: os.stat_result) -> None:
    if stat.S_ISLNK(found.st_mode):
        raise UnsafePathError(path, "is a symbolic link, and closer does not follow links to its files")
    if not stat.S_ISREG(found.st_mode):
        raise UnsafePathError(path, f"is {kind_of(found.st_mode)}, not a regular file")


def existing_file(path: Path) -> os.stat_result | None:
    """The regular file at ``path`` (None if there is none); anything else there is refused."""
    found = lstat_or_none(path)
    if found is not None:
        refuse_unless_regular(path, found)
    return found


# --- opening and reading ---------------------------------------------------------


def open_file(path: Path, flags: int = os.O_RDONLY) -> int:
    """Open the regular file at ``path`` without following a link; refuse anything else there.

    Opened for writing, it must have one name (a hard link would carry the
    change to another file). Raises FileNotFoundError when nothing is there.
    """
    path = Path(path)
    found = lstat_or_none(path)
    if found is None:
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    refuse_unless_regular(path, found)  # before opening: opening a device can do things
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENXIO, errno.EISDIR):  # swapped since the lstat
            refuse_unless_regular(path, os.lstat(path))
        raise
    try:
        found = os.fstat(fd)
        refuse_unless_regular(path, found)
        if flags & (os.O_WRONLY | os.O_RDWR) and found.st_nlink > 1:
            raise UnsafePathError(path, f"has {found.st_nlink} names (hard links): writing to it would change the others")
    except BaseException:
        os.close(fd)
        raise
    return fd


def create_or_open(path: Path, flags: int = os.O_RDWR) -> int:
    """Open a new 0600 file at ``path``, or the regular file already there (its mode left as it is)."""
    for _ in range(10):  # another process may create or remove it in between
        try:
            fd = os.open(path, flags | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
        except FileExistsError:
            with contextlib.suppress(FileNotFoundError):
                return open_file(path, flags)
            continue
        try:
            os.fchmod(fd, FILE_MODE)  # whatever the umask; closer created it
        except BaseException:
            os.close(fd)
            raise
        return fd
    raise StoreError(f"{path} keeps appearing and disappearing; is another program using it?")


def read_bytes(path: Path) -> bytes:
    """The bytes of the regular file at ``path`` (FileNotFoundError if none; a link or device refused)."""
    with open(open_file(path), "rb") as file:
        return file.read()


def read_text(path: Path) -> str:
    return read_bytes(path).decode("utf-8")


# --- folders -------------------------------------------------------------------


def ensure_private_folder(path: Path, *, follow_link: bool = True, others_may_read: bool = False) -> Path:
    """A folder for closer's files: created 0700 (with its missing parents), or the existing one, unchanged.

    An existing folder must be this user's and closed to others (``others_may_read``:
    not writable by others), else UnsafePathError says what to do; it is never
    chmodded. ``follow_link`` False: a link there is refused (closer's own subfolders).
    """
    path = Path(path)
    if path in make_missing_folders(path):
        return path
    found = os.stat(path) if follow_link else os.lstat(path)
    if not stat.S_ISDIR(found.st_mode):
        raise UnsafePathError(path, f"is {kind_of(found.st_mode)}, not a folder")
    if found.st_uid != os.geteuid():
        raise UnsafePathError(path, "belongs to another user", "closer keeps its files only in folders of its own")
    open_to_others = found.st_mode & (0o022 if others_may_read else 0o077)
    if open_to_others:
        raise UnsafePathError(
            path,
            f"is open to other users ({stat.filemode(found.st_mode)})",
            "closer does not change folders it did not create: give a new folder, which closer creates private "
            f"(e.g. {path / 'closer'}), or run `chmod go-rwx {path}` yourself",
        )
    return path


def make_missing_folders(path: Path) -> list[Path]:
    """Create the missing folders of ``path`` as 0700; return those this call created (the only ones it chmods)."""
    missing = []
    probe = path
    while lstat_or_none(probe) is None and probe.parent != probe:
        missing.append(probe)
        probe = probe.parent
    made = []
    for folder in reversed(missing):
        try:
            os.mkdir(folder, FOLDER_MODE)
        except FileExistsError:
            continue  # someone else's: checked by the caller, never chmodded
        made.append(folder)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            os.fchmod(fd, FOLDER_MODE)  # the umask may have taken more than group and others
        finally:
            os.close(fd)
    return made


def check_own_subfolder(path: Path) -> None:
    """A subfolder closer made (``partnerships``), if there: a real folder, never a link to elsewhere."""
    found = lstat_or_none(path)
    if found is not None and not stat.S_ISDIR(found.st_mode):
        raise UnsafePathError(path, f"is {kind_of(found.st_mode)}, not closer's own folder")


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- writing -------------------------------------------------------------------


def temp_path_for(path: Path, tag: str) -> Path:
    return path.with_name(f".{path.name}.{tag}{TEMP_SUFFIX}")


def is_temp_name(name: str) -> bool:
    """Whether a file's name is one ``temp_path_for`` gives."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def new_temp_tag() -> str:
    """Unique to this write: two threads, or a pid reused after a kill, never meet on one temp file."""
    return f"{os.getpid()}-{os.urandom(4).hex()}"  # as secrets.token_hex(4), without loading hashlib at start-up


def atomic_write(path: Path, data: bytes, *, replace: bool = True, keep_mode: bool = False, durable: bool = True) -> None:
    """Put ``data`` at ``path`` atomically and durably.

    A new file is 0600. Only a regular file may be at ``path`` (a link, a
    device, a FIFO or a folder is refused and left alone); ``replace`` False:
    nothing may be there (FileExistsError). ``keep_mode``: a replaced file's
    permission bits carry over to the new one (a file closer did not create).
    ``durable`` False: not synced to the disk (a cache, which a power cut may take back).
    """
    path = Path(path)
    old = existing_file(path)
    if old is not None and not replace:
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    mode = stat.S_IMODE(old.st_mode) & 0o777 if old is not None and keep_mode else FILE_MODE
    temp = temp_path_for(path, new_temp_tag())
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
    try:
        os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if durable:
            os.fsync(fd)
        os.close(fd)
        fd = -1
        if replace:
            os.replace(temp, path)
        else:
            link_as_new(temp, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if durable:
        fsync_folder(path.parent)


def link_as_new(temp: Path, path: Path) -> None:
    """Give the finished ``temp`` the name ``path``, which must be free: nothing there is ever replaced."""
    try:
        os.link(temp, path, follow_symlinks=False)
    except OSError as error:
        if error.errno not in NO_HARD_LINKS:
            raise
        if lstat_or_none(path) is not None:  # no hard links here: check, then rename
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.rename(temp, path)
        return
    os.unlink(temp)


def check_can_create_files(folder: Path) -> None:
    """Say at once, not at the first save, when nothing new can be written in ``folder``."""
    probe = temp_path_for(Path(folder) / "write-check", new_temp_tag())
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
        os.close(fd)
        os.unlink(probe)
    except OSError as error:
        raise StoreError(
            f"cannot write to {folder}: {error.strerror or error} (is the folder read-only?). Reading still works."
        ) from None


def remove_stale_temp_files(folder: Path) -> int:
    """Delete temp files a killed writer left behind in one of closer's own folders; the real files are intact."""
    try:
        names = os.listdir(folder)  # one listing, no pattern matching: the folder may hold 10,000 records
    except OSError:  # not there (yet), or not readable: nothing to tidy
        return 0
    return remove_temp_files(folder, [name for name in names if is_temp_name(name)])


def remove_temp_files(folder: Path, names: list[str]) -> int:
    """Delete these temp files of ``folder`` (named by a listing of it); the count deleted."""
    removed = 0
    for name in names:
        with contextlib.suppress(OSError):
            os.unlink(Path(folder) / name)  # a link is removed, never what it points to
            removed += 1
    return removed

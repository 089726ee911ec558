"""Upgrading a data folder's files from an older closer, all or none, even if the process is killed.

The writer does it once, under the lock, at open (``upgrade_store``), before it reads anything
else; and for a file from an older closer that turns up later (``upgrade_files``: a record
restored from an old backup). The steps themselves are in ``migrations.py``. On disk:

1. **Stage.** Each file to upgrade is read, upgraded and written as a new file under
   ``.upgrading/`` (same relative path), each write atomic and fsynced. The old files are not
   touched: a kill here leaves the folder as it was, plus ``.upgrading/``, which the next writer
   removes (the roll-back) before starting again.
2. **Commit.** ``.upgrading/`` is renamed ``.upgraded/``: one rename, the point of no return.
3. **Move into place.** Each staged file is renamed over its old one; then ``.upgraded/`` is
   removed. A kill here leaves ``.upgraded/`` with the files not yet moved: the next writer
   moves them (the roll-forward) before anything else.

Until step 3 ends every old file is kept as it was; a killed upgrade is finished or undone by
the next writer. A reader never writes: it reads what is in place, upgrading in memory, and
the folder is readable in every one of these states.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from pathlib import Path, PurePath

from . import migrations
from .errors import CorruptFileError, NewerSchemaError, StoreError, UnsafePathError
from .files import atomic_write, ensure_private_folder, fsync_folder, kind_of, lstat_or_none
from .datafile import SCHEMA_VERSION, encode, peek_version, read_versioned_data_file

STAGING = ".upgrading"
COMMITTED = ".upgraded"
INDEX_NAME = "index.json"  # the names of the store's files, as store.py has them (it imports this module)
RECORDS_FOLDER = "partnerships"


def upgrade_store(root: Path) -> None:
    """At a writer's open: finish or undo a killed upgrade, then upgrade what an older closer wrote."""
    finish_or_undo(root)
    outdated = outdated_files(root)
    if outdated:
        upgrade_files(root, outdated)


def finish_or_undo(root: Path) -> None:
    """A committed upgrade is finished; staged files never committed are thrown away (the old ones are intact)."""
    root = Path(root)
    if _own_folder(root / COMMITTED):
        move_into_place(root)
    if _own_folder(root / STAGING):
        remove_folder(root / STAGING)


def _own_folder(path: Path) -> bool:
    """Whether one of the upgrade's folders is there; anything else by its name is refused, never followed."""
    found = lstat_or_none(path)
    if found is None:
        return False
    if not stat.S_ISDIR(found.st_mode):
        raise UnsafePathError(path, f"is {kind_of(found.st_mode)}, not the folder closer upgrades its files in")
    return True


def outdated_files(root: Path) -> list[PurePath]:
    """The data files an older closer wrote, relative to ``root``.

    Cheap when nothing is to do: a current index means this folder was upgraded (its first
    bytes say so). Otherwise every record file's first bytes are looked at, and one that is
    not at today's version is read whole. A file that cannot be read, that a newer closer
    wrote, or that holds no single partnership is not upgraded (nor written over): the store
    names it when it reads the index.
    """
    root = Path(root)
    index_version = peek_version(root / INDEX_NAME)
    if index_version is not None and index_version >= SCHEMA_VERSION:
        return []
    names = [PurePath(INDEX_NAME)] if (root / INDEX_NAME).exists() else []
    with contextlib.suppress(FileNotFoundError):
        names += sorted(
            PurePath(RECORDS_FOLDER, name)
            for name in os.listdir(root / RECORDS_FOLDER)
            if name.endswith(".json") and not name.startswith(".")
        )
    return [name for name in names if _is_outdated(root, name)]


def _is_outdated(root: Path, name: PurePath) -> bool:
    """An older closer's file that this one can read: an index, or a record of one partnership.
    Anything else is left as it is, never written over (the store names it when it reads the index)."""
    version = peek_version(root / name)
    if version is not None and version >= SCHEMA_VERSION:
        return False
    try:
        found = read_versioned_data_file(root / name, _kind_of(name))
    except (CorruptFileError, NewerSchemaError, UnsafePathError, OSError):
        return False
    if found is None or found[0] >= SCHEMA_VERSION:
        return False
    return _kind_of(name) == "index" or len(found[1].get(migrations.RECORD_TABLE) or {}) == 1


def _kind_of(name: PurePath) -> str:
    """What a file holds, from its path relative to the data folder."""
    return "index" if name == PurePath(INDEX_NAME) else "partnership"


def upgrade_files(root: Path, names: list[PurePath]) -> None:
    """Upgrade these files (relative to ``root``) all or none: stage, commit, move into place."""
    root = Path(root)
    try:
        for name in names:
            stage_file(root, name)
        commit(root)
    except (OSError, StoreError) as error:  # a full disk; a file damaged since it was listed
        with contextlib.suppress(OSError):
            remove_folder(root / STAGING)
        if isinstance(error, StoreError):
            raise
        raise StoreError(
            f"could not upgrade the data files in {root} for this closer: {error.strerror or error}; "
            "nothing was changed (reading still works)"
        ) from None
    move_into_place(root)


def stage_file(root: Path, name: PurePath) -> None:
    """Write the upgraded copy of ``root/name`` at ``.upgrading/name``; the file itself is not touched."""
    found = read_versioned_data_file(root / name, _kind_of(name))
    if found is None:
        return  # gone since it was listed: nothing to upgrade
    target = root / STAGING / name
    for folder in reversed(target.relative_to(root).parents[:-1]):
        ensure_private_folder(root / folder, follow_link=False)
    atomic_write(target, encode(found[1], _kind_of(name)), replace=False)


def commit(root: Path) -> None:
    """The one step after which the upgrade is finished rather than undone."""
    if lstat_or_none(root / STAGING) is None:
        return  # nothing was staged (every file went away)
    os.rename(root / STAGING, root / COMMITTED)
    fsync_folder(root)


def move_into_place(root: Path) -> None:
    """Rename every committed file over its old one, then remove the emptied ``.upgraded/``."""
    committed = root / COMMITTED
    folders = set()
    # The records first, the index (a cache of them) last.
    for staged in sorted(_staged_files(committed), key=lambda path: (path.parent == committed, path)):
        name = staged.relative_to(committed)
        try:
            move_file(staged, root / name)
        except OSError as error:
            raise StoreError(
                f"could not finish upgrading {root / name}: {error.strerror or error}; "
                f"the upgraded copy waits in {committed} and the next closer to open the folder tries again"
            ) from None
        folders.add((root / name).parent)
    for folder in folders:
        fsync_folder(folder)
    remove_folder(committed)


def move_file(staged: Path, target: Path) -> None:
    """One committed file over its old one (a rename: the old file stays whole until it is replaced)."""
    found = lstat_or_none(target)
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise UnsafePathError(target, "is a folder where a data file belongs")
    os.replace(staged, target)  # a link there is replaced itself, never followed


def _staged_files(folder: Path) -> list[Path]:
    """The regular files under ``folder`` (closer's own: the upgrade writes nothing else there)."""
    found = []
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                found += _staged_files(Path(entry.path))
            elif entry.is_file(follow_symlinks=False) and not entry.name.startswith("."):
                found.append(Path(entry.path))
    return found


def remove_folder(folder: Path) -> None:
    """Remove one of the upgrade's own folders (a link in it is removed, never followed)."""
    if _own_folder(folder):
        shutil.rmtree(folder)
        fsync_folder(folder.parent)

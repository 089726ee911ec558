"""The import journal: what makes an import all-or-nothing even when the process is killed.

Before an import writes its first partnership file, it writes (atomically) the list of the
ids it is adding, all checked absent under the writer lock. Removing the journal, once every
file and the index are written, is the one step that commits the import. A journal found
later means an import died part-way: the next writer takes its files out again (only those,
which did not exist before it), and readers meanwhile do not list them.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path

from .errors import CorruptFileError
from .files import atomic_write, fsync_folder, read_bytes

JOURNAL_NAME = ".import-journal"


def begin(root: Path, ids: list[str]) -> None:
    atomic_write(Path(root) / JOURNAL_NAME, json.dumps({"importing": ids}).encode("utf-8"))


def end(root: Path) -> None:
    """Remove the journal, durably: the import is committed (or its undoing is complete)."""
    (Path(root) / JOURNAL_NAME).unlink()
    fsync_folder(Path(root))


def unfinished(root: Path) -> list[str]:
    """The ids an unfinished import was adding ([] when none); CorruptFileError if the journal is not ours."""
    path = Path(root) / JOURNAL_NAME
    try:
        raw = read_bytes(path)
    except FileNotFoundError:
        return []
    try:
        ids = json.loads(raw.decode("utf-8"))["importing"]
    except (ValueError, KeyError, TypeError, RecursionError):
        ids = None
    if not isinstance(ids, list) or not all(isinstance(pid, str) for pid in ids):
        raise CorruptFileError(path, "not an import journal")
    return ids


def set_aside(root: Path) -> Path:
    """A journal that cannot be read is kept under another name, never acted on."""
    path = Path(root) / JOURNAL_NAME
    aside = path.with_name(f"{JOURNAL_NAME}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
    os.rename(path, aside)
    return aside


def hidden_ids(root: Path) -> set[str]:
    """For readers: the ids of an import not (yet) committed, which a list must not show."""
    with contextlib.suppress(CorruptFileError, OSError):
        return set(unfinished(root))
    return set()

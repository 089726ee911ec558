"""Reading JSON exports and backups for a report across facilitators, without importing them.

Each file is checked as ``closer import`` checks it (the JSON Schema, then the
model's rules), all of it or none: a file that fails is named with why, and the
others are still read. A partnership found in several files counts once.
"""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CloserError
from .export.interchange import loads
from .model import Partnership
from .store.files import read_bytes

EXPORT_SUFFIX = ".json"


@dataclass
class Gathered:
    partnerships: list[Partnership] = field(default_factory=list)  # every record read, duplicates included
    files: list[str] = field(default_factory=list)  # the files read
    unreadable: dict[str, str] = field(default_factory=dict)  # a file or folder given -> why it was not read


def export_files(paths: Iterable[Path]) -> tuple[list[Path], dict[str, str]]:
    """The files to read: each file given, and the ``.json`` files in each folder given (not in
    its subfolders), each once. Also what could not be looked at (path -> why)."""
    found: dict[Path, Path] = {}  # where it really is -> as the user named it
    problems: dict[str, str] = {}
    for given in paths:
        path = Path(given).expanduser()
        try:
            info = path.stat()
        except OSError as error:
            problems[str(path)] = error.strerror or str(error)
            continue
        if stat.S_ISDIR(info.st_mode):
            try:
                inside = sorted(p for p in path.iterdir() if p.name.endswith(EXPORT_SUFFIX) and not p.name.startswith("."))
            except OSError as error:
                problems[str(path)] = error.strerror or str(error)
                continue
            if not inside:
                problems[str(path)] = f"a folder with no {EXPORT_SUFFIX} files in it"
            for file in inside:
                found.setdefault(file.resolve(), file)
        else:
            found.setdefault(path.resolve(), path)
    return list(found.values()), problems


def read_export(path: Path) -> list[Partnership]:
    """Every partnership in one export or backup file, checked as an import is; a CloserError says why not."""
    try:
        raw = read_bytes(Path(path).resolve())  # a link the user gave is followed; a FIFO or a device is refused
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CloserError("not UTF-8 text") from None
    except CloserError as error:
        raise CloserError(getattr(error, "problem", None) or str(error)) from None
    except OSError as error:
        raise CloserError(error.strerror or str(error)) from None
    return loads(text)


def gather_exports(paths: Iterable[Path]) -> Gathered:
    """Read every export file among ``paths`` (files, or folders of them); name the ones that fail."""
    files, problems = export_files(paths)
    gathered = Gathered(unreadable=problems)
    for file in files:
        try:
            gathered.partnerships += read_export(file)
        except CloserError as error:
            gathered.unreadable[str(file)] = str(error)
            continue
        gathered.files.append(str(file))
    return gathered


def latest_of(partnerships: Iterable[Partnership]) -> tuple[list[Partnership], int]:
    """Each partnership once (by id), the copy updated last; and how many copies were dropped."""
    kept: dict[str, Partnership] = {}
    seen = 0
    for partnership in partnerships:
        seen += 1
        other = kept.get(partnership.id)
        if other is None or updated(partnership) > updated(other):
            kept[partnership.id] = partnership
    return list(kept.values()), seen - len(kept)


def updated(partnership: Partnership) -> dt.datetime:
    """When a record was last changed, comparable across time zones (a time without a zone is taken as UTC)."""
    moment = dt.datetime.fromisoformat(partnership.updated_at)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)

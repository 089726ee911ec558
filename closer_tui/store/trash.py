"""The trash: where ``closer delete`` moves a partnership's file, and ``closer restore`` takes it from.

Nothing closer deletes is erased. The record file is moved, whole and unchanged,
to ``trash/<id>.<when>.json`` in the data folder (a private folder closer creates),
so one id deleted twice keeps both copies. Reading the trash needs no lock.
"""

from __future__ import annotations

from typing import NamedTuple
import datetime as dt
import os
from pathlib import Path

from ..model import ID_ALPHABET, Partnership, ValidationError
from .errors import CorruptFileError, NewerSchemaError, NotFoundError, StoreError
from .datafile import read_data_file, the_record

TRASH_FOLDER = "trash"
RECORD_TABLE = "partnership"
STAMP = "%Y%m%dT%H%M%SZ"  # when it was deleted, in UTC, in the file's name


class TrashEntry(NamedTuple):
    """One partnership in the trash; ``summary`` is None when its file cannot be read (``problem`` says why)."""

    path: Path
    id: str
    deleted_at: str  # ISO 8601, UTC
    summary: dict | None
    problem: str | None = None

    def describe(self) -> str:
        """One line: who, and when it was deleted."""
        when = self.deleted_at.replace("T", " ").removesuffix("+00:00")
        if self.summary is None:
            return f"{self.id}  deleted {when} UTC  (cannot be read: {self.problem})"
        s = self.summary
        return f"{self.id}  deleted {when} UTC  {s['status']:<8} {s['mentee']} with {s['mentor']}"


def entry_name(partnership_id: str, when: dt.datetime, n: int = 1) -> str:
    stamp = when.astimezone(dt.timezone.utc).strftime(STAMP)
    return f"{partnership_id}.{stamp}{'' if n == 1 else f'-{n}'}.json"


def free_entry_path(folder: Path, partnership_id: str, when: dt.datetime) -> Path:
    """A name in the trash nobody uses yet (two deletions of one id in one second get ``-2``)."""
    for n in range(1, 1000):
        path = folder / entry_name(partnership_id, when, n)
        if not os.path.lexists(path):
            return path
    raise StoreError(f"{folder} holds 999 copies of {partnership_id} deleted in the same second")


def parse_entry_name(name: str) -> tuple[str, str, int] | None:
    """(id, deleted_at, n: the n-th deletion of that id in that second) from a trash file's name,
    or None for a file closer did not put there."""
    parts = name.split(".")
    if len(parts) != 3 or parts[2] != "json" or not parts[0] or not set(parts[0]) <= set(ID_ALPHABET):
        return None
    stamp, _, n = parts[1].partition("-")
    try:
        when = dt.datetime.strptime(stamp, STAMP).replace(tzinfo=dt.timezone.utc)
        count = int(n) if n else 1
    except ValueError:
        return None
    return parts[0], when.isoformat(), count


def read_entry(path: Path, partnership_id: str) -> Partnership:
    """The partnership kept in a trash file (a link, a device or a damaged file is refused)."""
    tables = read_data_file(path, RECORD_TABLE)  # a file of an older data version comes upgraded
    document = the_record(path, partnership_id, list(((tables or {}).get(RECORD_TABLE) or {}).values()))
    try:
        return Partnership.from_dict(dict(document))
    except ValidationError as error:
        raise CorruptFileError(path, f"invalid record: {error}") from None


def list_trash(root: Path) -> list[TrashEntry]:
    """Everything in the data folder's trash, the latest deleted first."""
    folder = Path(root) / TRASH_FOLDER
    found: list[tuple[tuple[str, int], TrashEntry]] = []
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as error:
        raise StoreError(f"cannot read the trash {folder}: {error.strerror or error}") from None
    for name in names:
        parsed = parse_entry_name(name)
        if parsed is None:
            continue
        pid, deleted_at, n = parsed
        path = folder / name
        try:
            entry = TrashEntry(path, pid, deleted_at, read_entry(path, pid).summary())
        except (CorruptFileError, NewerSchemaError) as error:
            entry = TrashEntry(path, pid, deleted_at, None, getattr(error, "detail", None) or str(error))
        found.append(((deleted_at, n), entry))
    found.sort(key=lambda item: item[0], reverse=True)
    return [entry for _, entry in found]


def find_in_trash(entries: list[TrashEntry], text: str) -> TrashEntry:
    """The entry a user means: its whole id or an unambiguous start of it; the latest deleted copy."""
    wanted = text.strip().lower()
    if not wanted:
        raise NotFoundError("no partnership id given")
    ids = {entry.id for entry in entries}
    matches = [wanted] if wanted in ids else sorted(pid for pid in ids if pid.startswith(wanted))
    if not matches:
        raise NotFoundError(f"no partnership {text!r} in the trash (see `closer list --trash`)")
    if len(matches) > 1:
        raise NotFoundError(f"{text!r} matches several partnerships in the trash: {', '.join(matches[:5])}")
    return next(entry for entry in entries if entry.id == matches[0])  # the list is latest first


def copies_of(entries: list[TrashEntry], partnership_id: str) -> int:
    return sum(1 for entry in entries if entry.id == partnership_id)

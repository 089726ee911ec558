"""``closer check``: read every file of a data folder, say what is wrong with each, rebuild the index.

With ``repair``, a partnership file that cannot be read is moved aside to ``damaged/`` with a
note saying why, where it came from and how to bring it back; nothing is ever deleted. A
file written by a newer closer is not damaged: it stays where it is (upgrade closer to read it).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CorruptFileError, NewerSchemaError, StoreWriteError
from .files import atomic_write, ensure_private_folder
from .datafile import read_data_file
from .store import INDEX_NAME, Store, free_name, index_rows

DAMAGED_FOLDER = "damaged"


@dataclass(frozen=True)
class Finding:
    """One problem: the file it is in and what is wrong (the field, when it is a record's)."""

    path: Path
    problem: str
    unreadable: bool = False  # a partnership file closer cannot read (the index's problems are mended)
    moved_to: Path | None = None  # where --repair put the file

    def __str__(self) -> str:
        moved = f"; moved to {self.moved_to}" if self.moved_to else ""
        return f"{self.path}: {self.problem}{moved}"


@dataclass
class CheckResult:
    files: int = 0  # partnership files read
    readable: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def left_in_place(self) -> list[Finding]:
        """Partnership files that still cannot be read where they are."""
        return [f for f in self.findings if f.unreadable and f.moved_to is None]


def check_store(store: Store, *, repair: bool = False) -> CheckResult:
    """Read every partnership file, compare the index with them, rebuild it; move damaged files aside if asked."""
    index_path = store.root / INDEX_NAME
    result = CheckResult()
    try:
        indexed = index_rows(read_data_file(index_path, "index") or {})
    except CorruptFileError as error:
        indexed, damaged_index = None, error.detail
    store.rebuild_index()  # reads every record file; a damaged index is renamed aside first
    if indexed is None and store.set_aside is not None:
        result.findings.append(Finding(index_path, f"{damaged_index}; set aside as {store.set_aside.name}, rebuilt"))
    rows = {pid: row for pid, row in ((s["id"], s) for s in store.summaries())}
    result.readable = len(rows)
    result.files = len(rows) + len(store.unreadable)
    for pid, error in sorted(store.unreadable.items()):
        path = store.record_path(pid)
        if isinstance(error, NewerSchemaError):
            result.findings.append(Finding(path, "written by a newer closer; left as it is (upgrade closer)", True))
            continue
        detail = error.detail if isinstance(error, CorruptFileError) else str(error)
        moved = move_aside(store, path, detail) if repair else None
        result.findings.append(Finding(path, detail, True, moved))
    if indexed is not None:
        result.findings += index_findings(store, index_path, indexed, rows)
    return result


def index_findings(store: Store, index_path: Path, indexed: dict, rows: dict[str, dict]) -> list[Finding]:
    """How the index (as it was) differed from the partnership files; all mended by the rebuild."""
    findings = []
    for pid in sorted(set(indexed) - set(rows)):
        if pid not in store.unreadable:
            findings.append(Finding(index_path, f"listed {pid!r}, which has no partnership file; dropped"))
    for pid in sorted(set(rows) - set(indexed)):
        findings.append(Finding(index_path, f"did not list {pid} ({store.record_path(pid).name}); added"))
    for pid in sorted(set(rows) & set(indexed)):
        if indexed[pid] != rows[pid]:
            fields = sorted(k for k in rows[pid] if not isinstance(indexed[pid], dict) or indexed[pid].get(k) != rows[pid][k])
            findings.append(Finding(index_path, f"{pid}: {', '.join(fields) or 'the row'} out of date; rebuilt"))
    return findings


def move_aside(store: Store, path: Path, why: str) -> Path:
    """Move an unreadable partnership file to damaged/, beside a note; never delete it."""
    folder = store.root / DAMAGED_FOLDER
    try:
        ensure_private_folder(folder, follow_link=False)
        target = free_name(folder / path.name)
        note = target.with_name(f"{target.name}.note.txt")
        atomic_write(
            note,
            (
                f"closer check moved this file here on {time.strftime('%Y-%m-%d %H:%M:%S')}.\n"
                f"It was: {path}\n"
                f"Why: it cannot be read ({why}).\n"
                "closer never deletes data: mend the file or restore it from a backup, then move it back\n"
                f"to {path.parent}/ and run `closer check` again.\n"
            ).encode("utf-8"),
        )
        os.rename(path, target)
    except OSError as error:
        raise StoreWriteError(folder, error) from error
    return target

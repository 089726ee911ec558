"""The partnership store: one TinyDB file per partnership, plus a small index.

Layout of a data folder (all files 0600, folders 0700)::

    index.json                 one summary per partnership (names, status, counts)
    partnerships/<id>.json     the whole record of one partnership
    .lock                      held by the one process allowed to write
    .index-stale               present only while the index may lag a record

TinyDB rewrites a whole file on every change, so saving a note rewrites only
that partnership's small file: the cost does not grow with history. The index
is rewritten only when a summary really changes (a name, a status, a goal
count), never for a note. Partnership files are the truth; the index can
always be rebuilt from them, and is, when a writer was killed between the two.

Opening a store reads the index; ``load_index=False`` leaves that to the first
call that needs it (or to :meth:`load_index`), so opening one partnership by
its id does not wait for the summaries of 10,000 others.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

from tinydb import TinyDB
from tinydb.table import Document

from ..model import Partnership, ValidationError, new_id, now_iso
from .errors import (
    CorruptFileError,
    DuplicateIdError,
    NewerSchemaError,
    NotFoundError,
    StoreError,
    StoreReadOnlyError,
    StoreWriteError,
)
from .files import atomic_write, check_can_create_files, ensure_private_folder, remove_stale_temp_files
from .lock import WriterLock
from .storage import decode, open_database

INDEX_NAME = "index.json"
RECORDS_FOLDER = "partnerships"
STALE_MARKER = ".index-stale"
INDEX_TABLE = "partnerships"
RECORD_TABLE = "partnership"


class Store:
    """Open with :meth:`open_writer` to change data, :meth:`open_reader` to look."""

    def __init__(self, root: Path, *, writable: bool) -> None:
        self.root = Path(root)
        self.records = self.root / RECORDS_FOLDER
        self.writable = writable
        self.problems: list[str] = []  # files skipped while rebuilding the index
        self._lock = WriterLock(self.root)
        self._summaries: dict[str, dict] | None = None  # None until the index is read
        # Summaries of the records read or written here: the index holds the same
        # (a stale marker says when it may not), so a note saved before the index
        # is read can still tell that the index needs no change.
        self._summaries_on_disk: dict[str, dict] = {}
        self._index_db: TinyDB | None = None
        # The app saves from worker threads; TinyDB is not thread-safe.
        self._mutex = threading.RLock()

    # --- opening ------------------------------------------------------------

    @classmethod
    def open_writer(cls, root: Path, *, load_index: bool = True) -> Store:
        """Lock the folder for writing (creating it privately if needed)."""
        root = Path(root).expanduser()
        if root.exists() and not root.is_dir():
            raise StoreError(f"{root} is a file; closer keeps its data in a folder, give a folder path")
        try:
            ensure_private_folder(root)
        except OSError as error:
            raise StoreError(f"cannot create the data folder {root}: {error.strerror or error}") from None
        store = cls(root, writable=True)
        store._lock.acquire()
        try:
            ensure_private_folder(store.records)
            for folder in (root, store.records):
                check_can_create_files(folder)
            remove_stale_temp_files(root)
            remove_stale_temp_files(store.records)
            if load_index:
                store.load_index()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def open_reader(cls, root: Path, *, load_index: bool = True) -> Store:
        """Read without the lock: atomic writes mean every file is whole."""
        root = Path(root).expanduser()
        if root.exists() and not root.is_dir():
            raise StoreError(f"{root} is a file; closer keeps its data in a folder, give a folder path")
        store = cls(root, writable=False)
        if load_index:
            store.load_index()
        return store

    def load_index(self) -> None:
        """Read the index now, if it has not been read (raises what opening would)."""
        with self._mutex:
            if self._summaries is None:
                self._load_index()

    @property
    def _index(self) -> dict[str, dict]:
        self.load_index()
        assert self._summaries is not None
        return self._summaries

    def close(self) -> None:
        if self._index_db is not None:
            self._index_db.close()
            self._index_db = None
        self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading ------------------------------------------------------------

    def summaries(self) -> list[dict]:
        """One small dict per partnership, as in :meth:`Partnership.summary`."""
        with self._mutex:
            return [dict(s) for s in self._index.values()]

    def ids(self) -> list[str]:
        return list(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, partnership_id: str) -> bool:
        try:
            if self.record_path(partnership_id).exists():  # no need to read the index
                return True
        except NotFoundError:
            return False
        return partnership_id in self._index

    def resolve(self, text: str) -> str:
        """An id from what a user typed: the whole id or an unambiguous start of it."""
        wanted = text.strip().lower()
        if not wanted:
            raise NotFoundError("no partnership id given")
        if wanted in self:
            return wanted
        matches = [pid for pid in self._index if pid.startswith(wanted)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise NotFoundError(f"{text!r} matches several partnerships: {', '.join(sorted(matches)[:5])}")
        raise NotFoundError(f"no partnership with id {text!r} (see `closer list`)")

    def get(self, partnership_id: str) -> Partnership:
        with self._mutex:
            partnership = self._get(partnership_id)
            self._summaries_on_disk[partnership.id] = partnership.summary()
            return partnership

    def _get(self, partnership_id: str) -> Partnership:
        path = self.record_path(partnership_id)
        db = self._record_db(path)
        try:
            doc = db.table(RECORD_TABLE).get(doc_id=partnership_id)
        finally:
            db.close()
        if doc is None:
            if path.exists():
                raise CorruptFileError(path, f"it holds no partnership {partnership_id!r}")
            raise NotFoundError(f"no partnership with id {partnership_id!r} (see `closer list`)")
        try:
            return Partnership.from_dict(dict(doc))
        except ValidationError as error:
            raise CorruptFileError(path, f"invalid record: {error}") from None

    def all(self) -> Iterator[Partnership]:
        for pid in self.ids():
            yield self.get(pid)

    def record_path(self, partnership_id: str) -> Path:
        if not partnership_id or "/" in partnership_id or partnership_id.startswith("."):
            raise NotFoundError(f"{partnership_id!r} is not a partnership id")
        return self.records / f"{partnership_id}.json"

    # --- writing ------------------------------------------------------------

    def save(self, partnership: Partnership) -> None:
        """Validate and write one partnership; touch the index only if its summary changed."""
        self._require_writable()
        with self._mutex:
            partnership.validate()
            partnership.updated_at = now_iso()
            self._write(partnership, partnership.to_dict())

    def save_record(self, record: dict) -> Partnership:
        """Validate and write one record as a dict (the autosave's snapshot): checked once, converted once.

        The dict is written as it is; the object read from it gives the summary.
        """
        self._require_writable()
        partnership = Partnership.from_dict(record)  # validates
        with self._mutex:
            partnership.updated_at = record["updated_at"] = now_iso()
            self._write(partnership, record)
        return partnership

    def _write(self, partnership: Partnership, record: dict) -> None:
        summary = partnership.summary()
        indexed = self._summaries if self._summaries is not None else self._summaries_on_disk
        if indexed.get(partnership.id) == summary:
            self._write_record(partnership, record)  # a note: the index is not touched
            return
        self._mark_index_stale()
        self._write_record(partnership, record)
        self._summaries_on_disk[partnership.id] = summary
        self._update_index({partnership.id: summary})

    def add(self, partnership: Partnership) -> str:
        """Store a new partnership; a clashing generated id is replaced, never overwritten."""
        self._require_writable()
        with self._mutex:
            while partnership.id in self:
                partnership.id = new_id()
            self.save(partnership)
        return partnership.id

    def import_partnerships(self, partnerships: list[Partnership]) -> list[str]:
        """Add all or none: any clash or failed write leaves the store as it was."""
        self._require_writable()
        with self._mutex:
            return self._import(partnerships)

    def _import(self, partnerships: list[Partnership]) -> list[str]:
        seen: set[str] = set()
        for p in partnerships:
            if p.id in seen:
                raise DuplicateIdError(f"the file holds partnership {p.id!r} twice")
            if p.id in self:
                raise DuplicateIdError(
                    f"partnership {p.id!r} ({p.mentee} with {p.mentor}) is already in the store; nothing was imported"
                )
            seen.add(p.id)
            p.validate()
        written: list[Partnership] = []
        self._mark_index_stale()
        try:
            for p in partnerships:
                self._write_record(p)
                written.append(p)
            self._update_index({p.id: p.summary() for p in partnerships})
        except BaseException:
            for p in written:
                with contextlib.suppress(OSError):
                    self.record_path(p.id).unlink()
            self._summaries = {pid: s for pid, s in self._index.items() if pid not in seen}
            raise
        return [p.id for p in partnerships]

    # --- internals ----------------------------------------------------------

    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreReadOnlyError(f"the data in {self.root} is open read-only; nothing was saved")

    def _record_db(self, path: Path) -> TinyDB:
        return open_database(path, kind="partnership")

    def _write_record(self, partnership: Partnership, record: dict | None = None) -> None:
        path = self.record_path(partnership.id)
        db = self._record_db(path)
        try:
            table = db.table(RECORD_TABLE)
            if record is None:
                record = partnership.to_dict()
            # Reading first means a corrupt or newer file raises here and is never written over.
            if table.contains(doc_id=partnership.id):
                table.update(_replace_with(record), doc_ids=[partnership.id])
            else:
                table.insert(Document(record, doc_id=partnership.id))
        finally:
            db.close()

    def _mark_index_stale(self) -> None:
        """Before a record whose summary changes is written: if we die before the index
        catches up, the next open sees this marker and rebuilds the index."""
        marker = self.root / STALE_MARKER
        try:
            atomic_write(marker, b"the index may lag a partnership file; it is rebuilt on next open\n")
        except OSError as error:
            raise StoreWriteError(marker, error) from error

    def _update_index(self, changes: dict[str, dict]) -> None:
        """Write the index (the stale marker is already in place), then drop the marker."""
        self.load_index()
        assert self._index_db is not None
        marker = self.root / STALE_MARKER
        table = self._index_db.table(INDEX_TABLE)

        def apply(rows: dict) -> None:
            rows.update(changes)

        table._update_table(apply)  # one rewrite for many changes
        self._index.update(changes)
        with contextlib.suppress(FileNotFoundError):
            marker.unlink()

    def _load_index(self) -> None:
        index_path = self.root / INDEX_NAME
        stale = (self.root / STALE_MARKER).exists()
        if self.writable:
            self._index_db = open_database(index_path, kind="index", cache=True)
            rows = self._index_db.table(INDEX_TABLE)._read_table()
        else:
            rows = self._read_index_once(index_path)
        if rows is None or stale or (not rows and any(self.records.glob("*.json"))):
            rows = self._rebuild_index()
        self._summaries = {str(pid): dict(summary) for pid, summary in rows.items()}

    def _read_index_once(self, index_path: Path) -> dict | None:
        try:
            raw = index_path.read_bytes()
        except FileNotFoundError:
            return None
        return decode(index_path, raw, "index").get(INDEX_TABLE, {})

    def _rebuild_index(self) -> dict[str, dict]:
        rows: dict[str, dict] = {}
        self.problems = []
        for path in sorted(self.records.glob("*.json")) if self.records.exists() else []:
            try:
                rows[path.stem] = self._get(path.stem).summary()
            except (CorruptFileError, NewerSchemaError, NotFoundError) as error:
                self.problems.append(str(error))
        if self.writable:
            assert self._index_db is not None
            table = self._index_db.table(INDEX_TABLE)

            def replace_all(existing: dict) -> None:
                existing.clear()
                existing.update(rows)

            table._update_table(replace_all)
            with contextlib.suppress(FileNotFoundError):
                (self.root / STALE_MARKER).unlink()
        return rows


def _replace_with(record: dict):
    def transform(doc: dict) -> None:
        doc.clear()
        doc.update(record)

    return transform

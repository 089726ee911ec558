"""The partnership store: one TinyDB file per partnership, plus a small index.

Layout of a data folder (all files 0600, folders 0700)::

    index.json                 one summary per partnership (names, status, counts)
    partnerships/<id>.json     the whole record of one partnership
    trash/<id>.<when>.json     a deleted partnership, moved here whole (see trash.py)
    .lock                      held by the one process allowed to write
    .index-stale               present only while the index may lag a record
    .upgrading/, .upgraded/    present only while a writer upgrades older files (upgrade.py)

Every file is a plain TinyDB file (``TinyDB(path)`` reads it with TinyDB's defaults):
documents have TinyDB's integer ids, and the partnership id is a field of each
record and index row; a record file holds one document.

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
import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..listing import count_open, listing_order
from ..model import Partnership, ValidationError, is_valid_text, new_id, now_iso
from .errors import (
    CorruptFileError,
    DuplicateIdError,
    NewerSchemaError,
    NotFoundError,
    StoreError,
    StoreReadOnlyError,
    StoreWriteError,
    UnsafePathError,
)
from .files import (
    atomic_write,
    check_can_create_files,
    check_own_subfolder,
    ensure_private_folder,
    existing_file,
    fsync_folder,
    is_temp_name,
    link_as_new,
    remove_stale_temp_files,
    remove_temp_files,
)
from . import journal, trash, upgrade
from .lock import WriterLock
from .index_reader import IndexRead, read_index_by_document
from .fingerprints import Packed, fingerprint, is_unchanged, unpacked
from .summary_rows import OFTEN_REPEATED, SummaryRow, is_as_written
from .datafile import LISTING_ORDER, LISTING_TABLE, SCHEMA_VERSION, read_index_file, read_index_head, read_versioned_data_file, the_record

if TYPE_CHECKING:
    from tinydb import TinyDB

    from .storage import AtomicJSONStorage

# Reading needs no TinyDB (datafile.py); it is imported on the first write (storage.py).

INDEX_NAME = "index.json"
RECORDS_FOLDER = "partnerships"
STALE_MARKER = ".index-stale"
CLOSE_WAITS_FOR_A_SAVE = 10.0  # seconds: a save takes milliseconds; a stalled disk is not waited on for ever
INDEX_TABLE = "partnerships"
FILES_TABLE = "files"  # in the index: each record file's fingerprint when its row was made
RECORD_TABLE = "partnership"


class ListHead(NamedTuple):
    rows: list[dict]  # the first rows of the list, in its order
    total: int  # partnerships in all
    open: int  # of them not closed


class Store:
    """Open with :meth:`open_writer` to change data, :meth:`open_reader` to look."""

    def __init__(self, root: Path, *, writable: bool) -> None:
        self.root = Path(root)
        self.records = self.root / RECORDS_FOLDER
        self.writable = writable
        self.problems: list[str] = []  # files skipped when the index was last read, each a line to show
        self.unreadable: dict[str, StoreError] = {}  # id -> why its file could not be read (same reads)
        self.set_aside: Path | None = None  # where a damaged index was moved, if it was
        self._opening_notes: list[str] = []  # what opening mended (an import undone), shown with the problems
        self._lock = WriterLock(self.root)
        self._summaries: dict[str, SummaryRow] | None = None  # None until the index is read
        # Each indexed record file's fingerprint (inode, size, mtime) when its row was made;
        # a note's save changes it without rewriting the index: those wait in _pending_prints.
        self._prints: dict[str, Packed] = {}
        self._pending_prints: dict[str, Packed] = {}
        # Summaries of the records read or written here: the index holds the same
        # (a stale marker says when it may not), so a note saved before the index
        # is read can still tell that the index needs no change.
        self._summaries_on_disk: dict[str, dict] = {}
        self._index_storage: AtomicJSONStorage | None = None
        self._outdated: set[str] = set()  # records read here from files an older closer wrote
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
            ensure_private_folder(root)  # created 0700, or an existing one closed to others: never chmodded
        except OSError as error:
            raise StoreError(f"cannot create the data folder {root}: {error.strerror or error}") from None
        store = cls(root, writable=True)
        store._lock.acquire()
        try:
            ensure_private_folder(store.records, follow_link=False)
            for folder in (root, store.records):
                check_can_create_files(folder)
            remove_stale_temp_files(root)
            # The index's reading sweeps the records folder in its listing of it. Before that (the app
            # reads it after its first frame), the folder of 10,000 records is listed only when the
            # last writer died: one that released the lock finished or removed its temp files.
            if not load_index and store._lock.last_holder_died:
                remove_stale_temp_files(store.records)
            store._undo_unfinished_import()
            upgrade.upgrade_store(root)  # files from an older closer: all upgraded, or none
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
        check_own_subfolder(store.records)
        if load_index:
            store.load_index()
        return store

    def load_index(self) -> None:
        """Read the index now, if it has not been read (raises what opening would)."""
        with self._mutex:
            if self._summaries is None:
                self._load_index()

    @property
    def _index(self) -> dict[str, SummaryRow]:
        self.load_index()
        assert self._summaries is not None
        return self._summaries

    def close(self) -> None:
        # A save under way in another thread ends (its temp file renamed or removed) before the lock
        # is given up as cleanly left; one that hangs on a stalled disk is not waited for, and the
        # pid kept in the lock file has the next writer sweep the records folder at once.
        finished = self._mutex.acquire(timeout=CLOSE_WAITS_FOR_A_SAVE)
        try:
            self._index_storage = None
            self._lock.release(cleanly=finished)
        finally:
            if finished:
                self._mutex.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading ------------------------------------------------------------

    def summaries(self) -> list[SummaryRow]:
        """One row per partnership, read as the dict of :meth:`Partnership.summary` (summary_rows.py):
        the index's own rows, not copies (10,000 of them would double what the list holds)."""
        with self._mutex:
            return list(self._index.values())

    def first_rows(self, limit: int) -> ListHead | None:
        """The list's first ``limit`` rows and the counts of all, from the start of the index alone:
        for a first screen before the whole index is read and checked against the files (which may
        then change a row). None when the index cannot give them so (see read_index_head), or may lag
        a file (the stale marker), or a row is not as closer writes it: read the whole index then."""
        if (self.root / STALE_MARKER).exists():
            return None
        head = read_index_head(self.root / INDEX_NAME, limit)
        if head is None:
            return None
        rows, total, open_count = head
        ids = [row.get("id") if type(row) is dict else None for row in rows]
        if len(set(ids)) < len(ids) or not all(_is_summary_row(pid, row) for pid, row in zip(ids, rows)):
            return None
        if len(rows) < min(limit, total) or open_count > total:
            return None
        return ListHead(rows, total, open_count)

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
        return match_id(text, self.__contains__, lambda: self._index)

    def get(self, partnership_id: str) -> Partnership:
        with self._mutex:
            partnership = self._get(partnership_id)
            self._summaries_on_disk[partnership.id] = partnership.summary()
            return partnership

    def _get(self, partnership_id: str) -> Partnership:
        path = self.record_path(partnership_id)
        found = read_versioned_data_file(path, "partnership")
        documents = list((found[1].get(RECORD_TABLE) or {}).values()) if found is not None else []
        if found is not None and found[0] < SCHEMA_VERSION:
            self._outdated.add(partnership_id)
        if not documents:
            if path.exists():
                raise CorruptFileError(path, f"it holds no partnership {partnership_id!r}")
            raise NotFoundError(f"no partnership with id {partnership_id!r} (see `closer list`)")
        doc = the_record(path, partnership_id, documents)
        try:
            return Partnership.from_dict(doc)
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
        partnership = Partnership.from_dict(record)  # validates
        with self._mutex:
            self._require_writable()  # here, so a close in another thread comes wholly before or after
            partnership.updated_at = record["updated_at"] = now_iso()
            self._write(partnership, record)
        return partnership

    def _write(self, partnership: Partnership, record: dict) -> None:
        summary = partnership.summary()
        indexed = self._summaries if self._summaries is not None else self._summaries_on_disk
        if indexed.get(partnership.id) == summary:
            self._write_record(partnership, record)  # a note: the index is not touched
            if self._summaries is not None:  # its new fingerprint goes with the next index write
                self._pending_prints[partnership.id] = self._fingerprint_of(partnership.id)
            return
        self._mark_index_stale()
        self._write_record(partnership, record)
        self._summaries_on_disk[partnership.id] = summary
        self._update_index({partnership.id: summary}, {partnership.id: self._fingerprint_of(partnership.id)})

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
        try:
            journal.begin(self.root, [p.id for p in partnerships])  # killed from here on: undone at next open
        except OSError as error:
            raise StoreWriteError(self.root / journal.JOURNAL_NAME, error) from error
        self._mark_index_stale()
        try:
            for p in partnerships:
                self._write_record(p)
            self._update_index(
                {p.id: p.summary() for p in partnerships}, {p.id: self._fingerprint_of(p.id) for p in partnerships}
            )
            journal.end(self.root)  # the commit
        except BaseException:  # a failed write, ctrl-c, or SIGTERM / SIGHUP turned into an exception
            if self._remove_records(sorted(seen)):  # every one is new: none was there before
                with contextlib.suppress(OSError):
                    journal.end(self.root)
            self._summaries = {pid: s for pid, s in self._index.items() if pid not in seen}
            raise
        return [p.id for p in partnerships]

    def _remove_records(self, ids: list[str]) -> bool:
        """Take out the files an import added (they did not exist before it); False if one stays."""
        removed = True
        for pid in ids:
            try:
                self.record_path(pid).unlink()
            except (FileNotFoundError, NotFoundError):
                pass
            except OSError:
                removed = False
        return removed

    def _undo_unfinished_import(self) -> None:
        """An import that died part-way (killed) is taken out again before anything else happens."""
        try:
            ids = journal.unfinished(self.root)
        except CorruptFileError as error:
            aside = journal.set_aside(self.root)
            self._opening_notes.append(f"{error.path} could not be read ({error.detail}); set aside as {aside.name}")
            return
        if not ids:
            return
        if not self._remove_records(ids):
            raise StoreError(f"an import stopped part-way could not be undone in {self.records}; nothing was changed")
        journal.end(self.root)
        self._opening_notes.append(
            f"an import stopped part-way was undone ({len(ids)} partnership{'s' if len(ids) != 1 else ''} "
            f"taken out again: {', '.join(ids[:10])}); import the file again"
        )

    # --- the trash ------------------------------------------------------------

    def move_to_trash(self, partnership_id: str) -> Path:
        """Move a partnership's file, unchanged, into ``trash/`` and take it off the index.

        The file gets its new name before it loses its old one: a kill in between leaves
        it in both places, never in neither. Returns where it went."""
        self._require_writable()
        with self._mutex:
            path = self.record_path(partnership_id)
            if existing_file(path) is None:
                raise NotFoundError(f"no partnership with id {partnership_id!r} (see `closer list`)")
            folder = self.root / trash.TRASH_FOLDER
            try:
                ensure_private_folder(folder, follow_link=False)
            except OSError as error:
                raise StoreWriteError(folder, error) from error
            target = trash.free_entry_path(folder, partnership_id, dt.datetime.now(dt.timezone.utc))
            self._mark_index_stale()
            self._move(path, target)
            self._drop_from_index(partnership_id)
            return target

    def restore_from_trash(self, entry: trash.TrashEntry) -> Partnership:
        """Put a partnership from the trash back under its id; refused if that id is in use."""
        self._require_writable()
        with self._mutex:
            partnership = trash.read_entry(entry.path, entry.id)  # a damaged copy is refused, and stays
            if partnership.id in self:
                raise DuplicateIdError(
                    f"a partnership {partnership.id!r} is already in the store; the copy in the trash was left there"
                )
            ensure_private_folder(self.records, follow_link=False)
            self._mark_index_stale()
            self._move(entry.path, self.record_path(partnership.id))
            summary = partnership.summary()
            self._summaries_on_disk[partnership.id] = summary
            self._update_index({partnership.id: summary}, {partnership.id: self._fingerprint_of(partnership.id)})
            return partnership

    def _move(self, source: Path, target: Path) -> None:
        """Give ``source`` the new name ``target`` (which must be free), then drop the old name; both folders synced."""
        try:
            link_as_new(source, target)
            fsync_folder(target.parent)
            fsync_folder(source.parent)
        except FileExistsError:
            raise DuplicateIdError(f"{target} appeared meanwhile; nothing was moved") from None
        except OSError as error:
            raise StoreWriteError(target, error) from error

    def _drop_from_index(self, partnership_id: str) -> None:
        self.load_index()
        rows = {pid: row for pid, row in self._index.items() if pid != partnership_id}
        prints = {**self._prints, **self._pending_prints}
        prints.pop(partnership_id, None)
        self._write_index(rows, prints)
        self._summaries, self._prints = rows, prints
        self._pending_prints.clear()
        self._summaries_on_disk.pop(partnership_id, None)
        self.unreadable.pop(partnership_id, None)

    # --- internals ----------------------------------------------------------

    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreReadOnlyError(f"the data in {self.root} is open read-only; nothing was saved")
        if not self._lock.held:  # closed: a write now would not hold the writer's lock
            raise StoreError(f"the data in {self.root} was closed; nothing was saved")

    def _fingerprint_of(self, partnership_id: str) -> Packed:
        return fingerprint(os.stat(self.record_path(partnership_id)))

    def _record_db(self, path: Path) -> TinyDB:
        from .storage import open_database

        return open_database(path, kind="partnership")

    def _write_record(self, partnership: Partnership, record: dict | None = None) -> None:
        path = self.record_path(partnership.id)
        from tinydb.table import Document

        db = self._record_db(path)
        try:
            table = db.table(RECORD_TABLE)
            if record is None:
                record = partnership.to_dict()
            # Reading first means a corrupt or newer file raises here and is never written over,
            # nor one that holds anything but this partnership.
            documents = table.all()
            if documents:
                doc_id = the_record(path, partnership.id, documents).doc_id
                table.update(_replace_with(record), doc_ids=[doc_id])
            else:
                table.insert(Document(record, doc_id=1))
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

    def _update_index(self, changes: dict[str, dict], prints: dict[str, Packed] | None = None) -> None:
        """Write the index (the stale marker is already in place), then drop the marker."""
        self.load_index()
        rows = {**self._index, **{pid: SummaryRow(summary) for pid, summary in changes.items()}}
        new_prints = {**self._prints, **self._pending_prints, **(prints or {})}
        self._write_index(rows, new_prints)
        self._summaries, self._prints = rows, new_prints
        self._pending_prints.clear()

    def rebuild_index(self) -> None:
        """Read every record file again and write the index from them alone (``closer check``)."""
        self._require_writable()
        with self._mutex:
            self._load_index(full=True)

    def _load_index(self, *, full: bool = False) -> None:
        """Read the index, check it against the record files (names, sizes, mtimes: no record is
        read), and read again only the records it does not match; a damaged index is set aside.
        ``full``: read every record, whatever the index says."""
        self.problems = list(self._opening_notes)
        self.unreadable = {}
        index_path = self.root / INDEX_NAME
        stale = (self.root / STALE_MARKER).exists()
        on_disk = self._scan_records()
        if not self.writable:  # an import under way, or killed: its records are not listed yet
            for pid in journal.hidden_ids(self.root):
                on_disk.pop(pid, None)
        found = self._read_index(index_path, on_disk)
        rebuild = found is None or stale or full
        known_rows = {} if rebuild else rows_by_id(found.rows)
        matching = set() if rebuild else found.matching
        check_text = found is not None and found.check_text
        del found
        self._outdated.clear()
        rows, prints, changed = self._match_files(known_rows, matching, on_disk, check_text=check_text)
        if self.writable and self._outdated:
            changed |= self._upgrade_outdated(prints)
        self._summaries = rows
        self._prints = prints
        if self.writable and (changed or rebuild):
            self._write_index(rows, prints)

    def _read_index(self, index_path: Path, on_disk: dict[str, Packed]) -> IndexRead | None:
        """The index's rows and which fingerprints match ``on_disk``; None when there is no index, or a
        damaged one (set aside). A file as closer writes it is read a document at a time (index_reader.py);
        any other is read whole, which gives the same or names what is wrong."""
        with contextlib.suppress(OSError, UnsafePathError):  # the whole read says what they are
            found = read_index_by_document(index_path, on_disk)
            if found is not None:
                return found
        try:
            tables, check_text = read_index_file(index_path)
        except CorruptFileError as error:
            self._set_aside_damaged_index(index_path, error)
            return None
        if tables is None:
            return None
        prints = index_prints(tables)
        matching = None if prints is None else {pid for pid, known in prints.items() if is_unchanged(known, on_disk.get(pid))}
        return IndexRead(list(tables.get(INDEX_TABLE, {}).values()), matching, check_text)

    def _upgrade_outdated(self, prints: dict[str, Packed]) -> bool:
        """Record files an older closer wrote, found among the index's changes (one restored from an
        old backup, say): upgraded on disk like a whole store, so TinyDB can read every file."""
        ids = sorted(pid for pid in self._outdated if pid in prints)
        self._outdated.clear()
        if not ids:
            return False
        try:
            upgrade.upgrade_files(self.root, [self.record_path(pid).relative_to(self.root) for pid in ids])
        except StoreError as error:  # they stay as they are, which closer reads all the same
            self.problems.append(str(error))
            return False
        for pid in ids:
            prints[pid] = self._fingerprint_of(pid)
        return True

    def _set_aside_damaged_index(self, index_path: Path, error: CorruptFileError) -> None:
        """A damaged index is only a cache: keep it under another name (a writer) and rebuild it."""
        if not self.writable:
            self.problems.append(f"{error} The list was rebuilt from the partnership files.")
            return
        aside = free_name(index_path.with_name(f"{INDEX_NAME}.damaged-{time.strftime('%Y%m%dT%H%M%S')}"))
        try:
            os.rename(index_path, aside)
        except OSError as rename_error:
            raise StoreWriteError(index_path, rename_error) from error
        self.set_aside = aside
        self.problems.append(
            f"{index_path} could not be read ({error.detail}); it was set aside as {aside.name} "
            "and the index was rebuilt from the partnership files"
        )

    def _scan_records(self) -> dict[str, Packed]:
        """Each record file's fingerprint (inode, size, mtime), from one listing of the folder.

        A writer also deletes the temp files a killed writer left there, in the same listing (a
        listing of 10,000 files takes about 9 ms): under the lock and the mutex no write of this
        store is under way, so every temp file here is a dead one."""
        found: dict[str, Packed] = {}
        stale: list[str] = []
        try:
            entries = os.scandir(self.records)
        except FileNotFoundError:
            return found
        with entries:
            for entry in entries:
                name = entry.name
                if is_temp_name(name):
                    stale.append(name)
                elif name.endswith(".json") and not name.startswith("."):
                    try:
                        info = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    found[name[:-5]] = fingerprint(info)
        if stale and self.writable:
            remove_temp_files(self.records, stale)
        return found

    def _match_files(
        self, known_rows: dict, matching: set[str] | None, on_disk: dict[str, Packed], *, check_text: bool = True
    ) -> tuple[dict[str, SummaryRow], dict[str, Packed], bool]:
        """The index's rows that still match their files (``matching``: the ids whose fingerprint in the
        index is the file's; None for an index from before fingerprints); the other records are read again."""
        rows: dict[str, SummaryRow] = {}
        prints: dict[str, Packed] = {}
        changed = set(known_rows) != set(on_disk)
        well_formed = _summary_rows(known_rows, check_text=check_text)
        for pid in sorted(on_disk):
            row = known_rows.get(pid)
            if matching is None:  # an index from before fingerprints: trusted by name once
                matches = row is not None
                changed = True
            else:
                matches = pid in matching
            if matches and pid in well_formed:
                # keyed by the row's own copy of its id: the folder's listing is dropped after the load
                key = row["id"]
                rows[key], prints[key] = row if type(row) is SummaryRow else SummaryRow(row), on_disk[pid]
                continue
            changed = True
            try:
                rows[pid] = SummaryRow(self._get(pid).summary())
                prints[pid] = on_disk[pid]  # taken before the read: a later change is seen next time
            except (CorruptFileError, NewerSchemaError, NotFoundError) as error:
                self.problems.append(str(error))
                self.unreadable[pid] = error
        return rows, prints, changed

    def _write_index(self, rows: dict[str, SummaryRow], prints: dict[str, Packed]) -> None:
        """Write the whole index in one atomic write, then drop the stale marker."""
        if self._index_storage is None:
            from .storage import AtomicJSONStorage

            self._index_storage = AtomicJSONStorage(self.root / INDEX_NAME, kind="index")
        in_order = sorted(rows.values(), key=listing_order)  # the list's first screen is the file's first rows
        listing = {"order": LISTING_ORDER, "rows": len(in_order), "open": count_open(in_order)}
        self._index_storage.write(
            {
                LISTING_TABLE: {"1": listing},
                INDEX_TABLE: {str(n): row.as_dict() for n, row in enumerate(in_order, start=1)},
                FILES_TABLE: {str(n): {"id": pid, "file": unpacked(fp)} for n, (pid, fp) in enumerate(prints.items(), start=1)},
            }
        )
        with contextlib.suppress(FileNotFoundError):
            (self.root / STALE_MARKER).unlink()


def index_rows(tables: dict) -> dict[str, dict]:
    """The rows of an index read whole, by partnership id (see rows_by_id)."""
    return rows_by_id(tables.get(INDEX_TABLE, {}).values())


def rows_by_id(documents: Iterable) -> dict[str, dict]:
    """The index's rows by partnership id. A row without a text id, or whose id is listed twice,
    is left out: its partnership's file is read again, as for any row that does not match.

    Rows share one copy of each text that many of them hold (a programme, a status, a date):
    JSON gives every row its own, which at 10,000 rows is about a fifth of what the list holds."""
    rows: dict[str, dict] = {}
    twice: set[str] = set()
    shared: dict[str, str] = {}
    share = shared.setdefault
    for row in documents:
        pid = row.get("id")
        if isinstance(pid, str):
            if pid in rows:
                twice.add(pid)
            rows[pid] = row
            if type(row) is dict:  # a SummaryRow's text is shared as it is made (index_reader.py)
                for field in OFTEN_REPEATED:
                    value = row.get(field)
                    if type(value) is str:
                        row[field] = share(value, value)
    return {pid: row for pid, row in rows.items() if pid not in twice}


def index_prints(tables: dict) -> dict[str, object] | None:
    """Each record file's fingerprint when its row was made, by partnership id; None for an index
    from before fingerprints. One that is not three whole numbers matches no file."""
    if FILES_TABLE not in tables:
        return None
    return {doc["id"]: doc.get("file") for doc in tables[FILES_TABLE].values() if isinstance(doc.get("id"), str)}


def match_id(text: str, is_whole: Callable[[str], bool], ids: Callable[[], Iterable[str]]) -> str:
    """The id a user means by ``text``: the whole id when ``is_whole`` says it is one, else the one
    of ``ids`` it starts (asked for only then); named errors when there is none, or several."""
    wanted = text.strip().lower()
    if not wanted:
        raise NotFoundError("no partnership id given")
    if is_whole(wanted):
        return wanted
    matches = sorted(pid for pid in ids() if pid.startswith(wanted))
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise NotFoundError(f"{text!r} matches several partnerships: {', '.join(matches[:5])}")
    raise NotFoundError(f"no partnership with id {text!r} (see `closer list`)")


def resolve_by_file_name(root: Path, text: str) -> str:
    """An id from what a user typed (the whole id or an unambiguous start of it), by the record files'
    names alone: neither the index nor any record is read. A whole id costs one stat."""
    folder = Path(root).expanduser() / RECORDS_FOLDER

    def is_whole(wanted: str) -> bool:
        return "/" not in wanted and not wanted.startswith(".") and (folder / f"{wanted}.json").is_file()

    def ids() -> list[str]:
        try:
            names = os.listdir(folder)
        except FileNotFoundError:
            return []
        except OSError as error:
            raise NotFoundError(f"cannot read {folder}: {error.strerror or error}") from None
        return [name[: -len(".json")] for name in names if name.endswith(".json") and not name.startswith(".")]

    return match_id(text, is_whole, ids)


def free_name(path: Path) -> Path:
    """``path``, or ``path-2``, ``path-3``... whichever does not exist yet."""
    candidate, n = path, 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def _summary_rows(rows: dict, *, check_text: bool = True) -> set[str]:
    """The ids whose index rows closer wrote: every field there and no other, each of its type,
    the text valid Unicode (``check_text`` False: the file held no escape that could make it not).
    A SummaryRow was checked as it was read (index_reader.py); a dict is checked here."""
    good = {pid for pid, row in rows.items() if (type(row) is SummaryRow or is_as_written(row)) and row["id"] == pid}
    if check_text:
        good = {pid for pid in good if all(is_valid_text(value) for value in rows[pid].values() if type(value) is str)}
    return good


def _is_summary_row(pid: str, row: object) -> bool:
    """One row as closer writes it (its fields in any order), for the partnership ``pid``."""
    return is_as_written(row) and row["id"] == pid  # type: ignore[index]


def _replace_with(record: dict):
    def transform(doc: dict) -> None:
        doc.clear()
        doc.update(record)

    return transform

"""The desk: every workflow of closer as a plain call, shared by the app and the CLI.

A desk owns the store of one data folder, the closing session open on it (if
any) and, when it may not write, the reason why. Each workflow returns a value
or raises a :class:`~closer_tui.errors.CloserError` with a message fit to show.
No Textual here: the app runs these calls in worker threads and shows what
they return; the CLI prints it.
"""

from __future__ import annotations

import stat
import threading
import time
from dataclasses import dataclass
from os import stat_result
from pathlib import Path

from typing import TYPE_CHECKING

from .errors import CloserError, ExportTargetError, ExportTargetExists
from .listing import listing_order
from .model import Meeting, Partnership, correct_details
from .session import ClosingSession
from .store import CorruptFileError, NewerSchemaError, Store, StoreError, StoreLockedError, StoreReadOnlyError
from .store import UnsafePathError
from .store.files import atomic_write, ensure_private_folder, kind_of, lstat_or_none
from .timer import Clock

if TYPE_CHECKING:
    from .review import ReviewRow
    from .store.check import CheckResult
    from .summary import Summary

# What only some workflows need (exports, the report, the review, the check, the summary)
# is imported by them: the app opens a partnership, or the list, without any of it.



@dataclass(frozen=True)
class Snapshot:
    """The open session as it stood at one revision, safe to hand to another thread."""

    session: ClosingSession
    record: dict
    revision: int


class Desk:
    """Open with :meth:`for_writing`, :meth:`for_reading` or :meth:`for_app`; close when done."""

    def __init__(self, store: Store, *, read_only_reason: str | None = None, clock: Clock = time.time) -> None:
        self.store = store
        #: Why nothing may be written here (None: this desk writes). Set it to stop all writes.
        self.read_only_reason = read_only_reason if store.writable else (read_only_reason or "read-only")
        self.clock = clock
        self.session: ClosingSession | None = None
        self.saved_at: str | None = None  # when the open session was last written (HH:MM:SS)
        self._written_revision = 0
        self._save_lock = threading.Lock()  # saves come from worker threads and from the UI thread

    # --- opening a data folder -------------------------------------------------------

    @classmethod
    def for_writing(cls, db: Path, *, load_index: bool = True, clock: Clock = time.time) -> Desk:
        return cls(Store.open_writer(db, load_index=load_index), clock=clock)

    @classmethod
    def for_reading(cls, db: Path, *, load_index: bool = True) -> Desk:
        return cls(Store.open_reader(db, load_index=load_index), read_only_reason="opened for reading")

    @classmethod
    def for_app(cls, db: Path, *, load_index: bool = True, clock: Clock = time.time) -> Desk:
        """A writer if it can be had; else a reader that says why (another copy open, a read-only disk)."""
        db = Path(db)
        try:
            return cls.for_writing(db, load_index=load_index, clock=clock)
        except StoreLockedError as error:
            reason = f"{error} Changes cannot be saved in this window."
        except (CorruptFileError, NewerSchemaError):
            raise
        except StoreError as error:  # a read-only folder or disk: still let people look
            if not db.expanduser().is_dir():
                raise
            reason = f"{error} Changes cannot be saved."
        return cls(Store.open_reader(db, load_index=load_index), read_only_reason=reason, clock=clock)

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading ------------------------------------------------------------------

    @property
    def problems(self) -> list[str]:
        """Data files skipped while the index was rebuilt, each a line to show."""
        return self.store.problems

    def load_index(self) -> list[str]:
        """Read the index of every partnership now (raises what opening would); returns the problems met."""
        self.store.load_index()
        return self.problems

    def summaries(self) -> list[dict]:
        """One small dict per partnership, in the order of the list: active first."""
        return sorted(self.store.summaries(), key=listing_order)

    def resolve(self, text: str) -> str:
        return self.store.resolve(text)

    def read(self, partnership_id: str) -> Partnership:
        return self.store.get(partnership_id)

    def read_or_none(self, partnership_id: str) -> Partnership | None:
        """For readers that go through many records: one that cannot be read is skipped."""
        try:
            return self.store.get(partnership_id)
        except CloserError:
            return None

    def summary(self, partnership_id: str) -> Summary:
        from .summary import Summary

        return Summary.of(self.read(partnership_id))

    def review_rows(self) -> list[ReviewRow]:
        """A row per partnership, from the index: no record is read."""
        from .review import rows_from_summaries

        return rows_from_summaries(self.store.summaries())

    def search_text_of(self, partnership_id: str) -> str | None:
        """What the review's filter searches in one record (never private notes); None if unreadable."""
        from .review import search_text

        partnership = self.read_or_none(partnership_id)
        return search_text(partnership) if partnership is not None else None

    def readable(self) -> tuple[list[Partnership], dict[str, str]]:
        """Every partnership that can be read, and why each other one cannot (id -> a line to show)."""
        partnerships: list[Partnership] = []
        unreadable: dict[str, str] = {}
        for pid in self.store.ids():
            try:
                partnerships.append(self.store.get(pid))
            except CloserError as error:
                unreadable[pid] = str(error)
        unreadable.update((pid, str(error)) for pid, error in self.store.unreadable.items())  # skipped by the index
        return partnerships, unreadable

    def report(self, *, programme: str | None = None, since: str | None = None, skip_unreadable: bool = True) -> dict:
        """Programme outcomes across closed partnerships (see report.py).

        A partnership whose file cannot be read is left out, counted and named in the figures
        (``skip_unreadable=False``: refused instead)."""
        partnerships, unreadable = self.readable()
        if unreadable and not skip_unreadable:
            raise StoreError(next(iter(unreadable.values())))
        from .report import build_report

        return build_report(partnerships, programme=programme, since=since, unreadable=unreadable)

    # --- the closing session ------------------------------------------------------------

    def open(self, partnership_id: str) -> ClosingSession | Summary:
        """Open a partnership: its closing session, or the summary of one already closed."""
        from .summary import Summary

        partnership = self.read(partnership_id)
        if partnership.status == "closed":
            return Summary.of(partnership)
        return self._follow(ClosingSession(partnership, clock=self.clock))

    def _follow(self, session: ClosingSession | None) -> ClosingSession | None:
        with self._save_lock:
            self.session = session
            self._written_revision = 0
            self.saved_at = None
        return session

    def snapshot(self) -> Snapshot | None:
        """The open session now, if it has changes no save has written yet (take it where the edits happen)."""
        session = self.session
        if session is None or session.revision <= self._written_revision or self.read_only:
            return None
        return Snapshot(session, session.snapshot(), session.revision)

    def write(self, snapshot: Snapshot) -> None:
        """Write a snapshot, unless a newer one of the same session is already on disk (any thread)."""
        with self._save_lock:
            if snapshot.session is not self.session or snapshot.revision <= self._written_revision:
                return
            self.store.save_record(snapshot.record)
            self._written_revision = snapshot.revision
            self.saved_at = time.strftime("%H:%M:%S")

    def save(self) -> None:
        """Write the open session now, on this thread, if anything is unsaved."""
        snapshot = self.snapshot()
        if snapshot is not None:
            self.write(snapshot)

    @property
    def written_revision(self) -> int:
        """The open session's revision last written (0: nothing yet)."""
        return self._written_revision

    def unsaved(self) -> bool:
        session = self.session
        return session is not None and not self.read_only and session.revision > self._written_revision

    def pause_for_exit(self) -> bool:
        """Pause the open session's timer before a final save (quit, a signal, leaving it), so the
        time closer is closed is never booked to the close. Call it where the edits happen."""
        if self.session is None or self.read_only:
            return False
        return self.session.pause_for_exit()

    def put_away(self) -> bool:
        """Close the open session if everything in it is saved (no disk work): False if an edit came
        after the last save, so the caller saves again first. Call it where the edits happen."""
        if self.unsaved():
            return False
        self._follow(None)
        return True

    def finish(self) -> Summary:
        """Finish the close: the partnership becomes closed, is saved, and its summary is returned."""
        from .summary import Summary

        session = self._writable_session()
        session.finish()
        try:
            self.save()
        except BaseException:
            session.reopen()
            raise
        self._follow(None)
        return Summary.of(session.partnership)

    def _writable_session(self) -> ClosingSession:
        self._require_writable()
        if self.session is None:
            raise StoreError("no partnership is open")
        return self.session

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreReadOnlyError(f"this window is read-only: {self.read_only_reason}")

    # --- other workflows --------------------------------------------------------

    def new(self, partnership: Partnership) -> Partnership:
        """Store a new partnership (its id is replaced if it clashes) and return it."""
        self._require_writable()
        self.store.add(partnership)
        return partnership

    def reopen(self, partnership_id: str) -> ClosingSession:
        """A closed partnership back to closing, saved, and open for edits."""
        self._require_writable()
        partnership = self.read(partnership_id)
        partnership.set_status("closing")
        self.store.save(partnership)
        return self._follow(ClosingSession(partnership, clock=self.clock))

    def edit_details(self, partnership_id: str, **details: str | None) -> Partnership:
        """Correct a partnership's names, programme, dates or agreed duration, with the rules of
        :meth:`new`; saved, and returned. The open session's partnership is corrected in place."""
        self._require_writable()
        session = self.session
        if session is not None and session.partnership.id == partnership_id:
            session.correct_details(details)
            self.save()
            return session.partnership
        partnership = self.read(partnership_id)
        correct_details(partnership, details)
        self.store.save(partnership)
        return partnership

    def follow_on(self, partnership_id: str) -> Partnership:
        """A new partnership of the same pair carrying over the goals left open (stored, and returned)."""
        self._require_writable()
        draft = ClosingSession(self.read(partnership_id)).follow_on()
        self.store.add(draft)
        return draft

    def log(self, partnership_id: str, notes: str, *, date: str | None = None, milestone: bool = False) -> tuple[Partnership, Meeting]:
        """Add a meeting to a partnership's session log."""
        self._require_writable()
        partnership = self.read(partnership_id)
        meeting = partnership.add_meeting(notes, date=date, milestone=milestone)
        self.store.save(partnership)
        return partnership, meeting

    def check(self, *, repair: bool = False) -> CheckResult:
        """Read every data file, say what is wrong with each, rebuild the index (``repair``: move
        partnership files that cannot be read aside to ``damaged/``, never deleting one)."""
        from .store.check import check_store

        self._require_writable()
        return check_store(self.store, repair=repair)

    def import_text(self, text: str, source: str) -> list[str]:
        """Add every partnership in an interchange file's text: all or nothing."""
        from .export import ImportFormatError, loads

        self._require_writable()
        try:
            partnerships = loads(text)
        except ImportFormatError as error:
            raise ImportFormatError(f"{source}: {error}") from None
        return self.store.import_partnerships(partnerships)

    def import_file(self, path: Path) -> list[str]:
        from .export import ImportFormatError

        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ImportFormatError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
        return self.import_text(text, str(path))

    # --- exports ------------------------------------------------------------------

    def export_text(self, partnership_id: str, fmt: str, *, include_private: bool = False) -> str:
        from .export import export_text

        return export_text(self.read(partnership_id), fmt, include_private=include_private)

    def export_to_file(
        self, partnership_id: str, fmt: str, target: Path | None = None, *, include_private: bool = False, replace: bool = False
    ) -> Path:
        """Write an export and return where it went: ``target``, or (None) a new file in the exports
        folder, never one already there. ``replace``: a regular file at ``target`` may be replaced."""
        from .export import export_file_name, export_text

        partnership = self.read(partnership_id)
        text = export_text(partnership, fmt, include_private=include_private)
        if target is None:
            return write_new_export(export_file_name(partnership, fmt), text, data_folder=self.store.root)
        write_export_file(target, text, data_folder=self.store.root, replace=replace)
        return Path(target)

    # --- backups ------------------------------------------------------------------

    def backup(self) -> Backup:
        """Every partnership that can be read, private notes included, in the import format."""
        from .export import dumps

        partnerships, unreadable = self.readable()
        return Backup(dumps(partnerships, include_private=True), [p.id for p in partnerships], unreadable)

    def backup_to_file(self, target: Path | None = None, *, replace: bool = False) -> tuple[Backup, Path]:
        """Write :meth:`backup` as a 0600 file: ``target`` (the export rules), or (None) a new dated
        file in the exports folder. ``closer import`` restores it into an empty data folder."""
        backup = self.backup()
        if target is None:
            day = time.strftime("%Y-%m-%d", time.localtime(self.clock()))
            name = f"closer-backup-{day}.json"
            return backup, write_new_export(name, backup.text, data_folder=self.store.root, private=True)
        write_export_file(target, backup.text, data_folder=self.store.root, replace=replace, private=True)
        return backup, Path(target)


@dataclass(frozen=True)
class Backup:
    """Every partnership that could be read, private notes included, as ``closer import`` reads them."""

    text: str
    ids: list[str]
    unreadable: dict[str, str]  # id -> why its file could not be read: it is not in the backup


#: How many files of one name (name, name-2, ...) the exports folder may hold before closer asks for a tidy-up.
MAX_SAME_NAME = 999


def write_new_export(name: str, text: str, *, data_folder: Path, private: bool = False) -> Path:
    """Write into the exports folder as ``name``, or ``name-2``, ``name-3``... when taken: nothing there is replaced."""
    from .locations import export_dir

    folder = export_dir()
    try:
        ensure_private_folder(folder, others_may_read=True)  # created 0700; an existing one is left as it is
    except OSError as error:
        raise ExportTargetError(f"could not create {folder}: {error.strerror or error}") from None
    stem, dot, extension = name.partition(".")
    for n in range(1, MAX_SAME_NAME + 1):
        target = folder / (name if n == 1 else f"{stem}-{n}{dot}{extension}")
        if lstat_or_none(target) is not None:
            continue
        try:
            write_export_file(target, text, data_folder=data_folder, private=private)
        except ExportTargetExists:
            continue  # taken since the look
        return target
    raise ExportTargetError(f"{folder} holds {MAX_SAME_NAME} files named like {name}; move some of them away")


def write_export_file(output: Path, text: str, *, data_folder: Path, replace: bool = False, private: bool = False) -> None:
    """The one set of rules for an export's file, for the app and the CLI alike.

    Never inside the data folder. A new file, or with ``replace`` (the CLI's ``--force``) an existing
    regular file of one name; never a link, a device, a FIFO or a folder, which are left alone.
    Written atomically: a new file is 0600, a replaced one keeps its mode (``private``: 0600 all
    the same, for a backup's private notes).
    """
    output = Path(output).expanduser()
    where = output.parent.resolve() / output.name  # a link at ``output`` itself is refused below
    if where.is_relative_to(Path(data_folder).expanduser().resolve()):
        raise ExportTargetError(f"{output} is inside the data folder; write exports somewhere else")
    found = lstat_or_none(output)
    if found is not None:
        check_replaceable(output, found, replace=replace)
    elif not where.parent.is_dir():
        raise ExportTargetError(f"the folder {where.parent} does not exist")
    try:
        atomic_write(output, text.encode("utf-8"), replace=replace, keep_mode=not private)
    except FileExistsError:
        raise ExportTargetExists(output) from None
    except UnsafePathError as error:  # put there since the look
        raise ExportTargetError(str(error)) from None
    except OSError as error:
        raise ExportTargetError(f"could not write {output}: {error.strerror or error}") from None


def check_replaceable(output: Path, found: stat_result, *, replace: bool) -> None:
    """Whether an export may replace what is at ``output`` (as ``lstat`` found it); if not, why."""
    if stat.S_ISDIR(found.st_mode):
        raise ExportTargetError(f"{output} is a folder; give a file name")
    if not stat.S_ISREG(found.st_mode):
        raise ExportTargetError(
            f"{output} is {kind_of(found.st_mode)}; closer writes exports only to regular files, "
            "never through a link, and left it alone (-o - writes to standard output)"
        )
    if not replace:
        raise ExportTargetExists(output)
    if found.st_nlink > 1:
        raise ExportTargetError(
            f"{output} has {found.st_nlink} names (hard links): replacing it would part them; remove it first or choose another name"
        )

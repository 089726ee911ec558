"""The desk: every workflow of closer as a plain call, shared by the app and the CLI.

A desk owns the store of one data folder, the closing session open on it (if
any) and, when it may not write, the reason why. Each workflow returns a value
or raises a :class:`~closer_tui.errors.CloserError` with a message fit to show.
No Textual here: the app runs these calls in worker threads and shows what
they return; the CLI prints it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import CloserError, ExportTargetError
from .export import ImportFormatError, export_file_name, export_text, loads
from .listing import listing_order
from .locations import export_dir
from .model import Meeting, Partnership
from .report import build_report
from .review import ReviewRow, rows_from_summaries, search_text
from .session import ClosingSession
from .store import CorruptFileError, NewerSchemaError, Store, StoreError, StoreLockedError, StoreReadOnlyError
from .store.files import atomic_write, ensure_private_folder
from .summary import Summary
from .timer import Clock



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
        return Summary.of(self.read(partnership_id))

    def review_rows(self) -> list[ReviewRow]:
        """A row per partnership, from the index: no record is read."""
        return rows_from_summaries(self.store.summaries())

    def search_text_of(self, partnership_id: str) -> str | None:
        """What the review's filter searches in one record (never private notes); None if unreadable."""
        partnership = self.read_or_none(partnership_id)
        return search_text(partnership) if partnership is not None else None

    def report(self, *, programme: str | None = None, since: str | None = None, skip_unreadable: bool = False) -> dict:
        """Programme outcomes across closed partnerships (see report.py)."""
        if skip_unreadable:
            partnerships = (p for p in map(self.read_or_none, self.store.ids()) if p is not None)
        else:
            partnerships = self.store.all()
        return build_report(partnerships, programme=programme, since=since)

    # --- the closing session ------------------------------------------------------------

    def open(self, partnership_id: str) -> ClosingSession | Summary:
        """Open a partnership: its closing session, or the summary of one already closed."""
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

    def put_away(self) -> bool:
        """Close the open session if everything in it is saved (no disk work): False if an edit came
        after the last save, so the caller saves again first. Call it where the edits happen."""
        if self.unsaved():
            return False
        self._follow(None)
        return True

    def finish(self) -> Summary:
        """Finish the close: the partnership becomes closed, is saved, and its summary is returned."""
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

    def import_text(self, text: str, source: str) -> list[str]:
        """Add every partnership in an interchange file's text: all or nothing."""
        self._require_writable()
        try:
            partnerships = loads(text)
        except ImportFormatError as error:
            raise ImportFormatError(f"{source}: {error}") from None
        return self.store.import_partnerships(partnerships)

    def import_file(self, path: Path) -> list[str]:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ImportFormatError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
        return self.import_text(text, str(path))

    # --- exports ------------------------------------------------------------------

    def export_text(self, partnership_id: str, fmt: str, *, include_private: bool = False) -> str:
        return export_text(self.read(partnership_id), fmt, include_private=include_private)

    def export_to_file(self, partnership_id: str, fmt: str, target: Path | None = None, *, include_private: bool = False) -> Path:
        """Write an export; ``target`` None means a named file in the exports folder. Returns where it went."""
        partnership = self.read(partnership_id)
        if target is None:
            folder = export_dir()
            target = folder / export_file_name(partnership, fmt)
            try:
                ensure_private_folder(folder)
            except OSError as error:
                raise ExportTargetError(f"could not create {folder}: {error.strerror or error}") from None
        text = export_text(partnership, fmt, include_private=include_private)
        write_export_file(target, text, data_folder=self.store.root)
        return target


def write_export_file(output: Path, text: str, *, data_folder: Path) -> None:
    """The one set of rules for an export's file: never inside the data, never over a folder; written atomically, 0600."""
    target = Path(output).expanduser().resolve()
    if target.is_relative_to(Path(data_folder).expanduser().resolve()):
        raise ExportTargetError(f"{output} is inside the data folder; write exports somewhere else")
    if target.is_dir():
        raise ExportTargetError(f"{output} is a folder; give a file name")
    if not target.parent.is_dir():
        raise ExportTargetError(f"the folder {target.parent} does not exist")
    try:
        atomic_write(target, text.encode("utf-8"))
    except OSError as error:
        raise ExportTargetError(f"could not write {output}: {error.strerror or error}") from None

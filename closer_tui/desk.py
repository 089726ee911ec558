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
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from os import stat_result
from pathlib import Path
from typing import NamedTuple, TYPE_CHECKING, TypeVar

from .errors import CloserError, ExportTargetError, ExportTargetExists
from .follow_on import build_follow_on, goals_to_carry
from .listing import listing_order
from .model import (
    STORY_PARTNERS,
    STORY_VARIANTS,
    Consent,
    Goal,
    Meeting,
    Partnership,
    StoryConsent,
    check_choice,
    check_date,
    correct_details,
    new_id,
)
from .session import ClosingSession
from .store import CorruptFileError, ListHead, NewerSchemaError, Store, StoreError, StoreLockedError, StoreReadOnlyError
from .store import UnsafePathError
from .store.files import atomic_write, ensure_private_folder, kind_of, lstat_or_none
from .store.trash import TrashEntry, copies_of, find_in_trash, list_trash
from .timer import Clock

if TYPE_CHECKING:
    from .export.story import StoryView
    from .prep_sheet import SheetReading
    from .review import ReviewRow
    from .store.check import CheckResult
    from .summary import Summary

# What only some workflows need (exports, the report, the review, the check, the summary, the
# reflection sheets) is imported by them: the app opens a partnership, or the list, without any of it.

T = TypeVar("T")


class Snapshot(NamedTuple):
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

    def first_rows(self, limit: int) -> ListHead | None:
        """The list's first rows and the counts of all, before the whole index is read (see Store.first_rows)."""
        return self.store.first_rows(limit)

    def summaries(self) -> list[Mapping]:
        """One row per partnership (read as a dict: store/summary_rows.py), in the order of the list: active first."""
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
        return self._summary_of(self.read(partnership_id))

    def _summary_of(self, partnership: Partnership) -> Summary:
        """The summary, naming its follow-on only if that is still in the store (not deleted)."""
        from .summary import Summary

        return Summary.of(partnership, follow_on=self._follow_on_in_store(partnership))

    def _follow_on_in_store(self, partnership: Partnership) -> str | None:
        linked = partnership.followed_by
        return linked if linked is not None and linked in self.store else None

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
        partnership = self.read(partnership_id)
        if partnership.status == "closed":
            return self._summary_of(partnership)
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
            self.saved_at = time.strftime("%H:%M:%S", time.localtime(self.clock()))  # the desk's clock, as the day below

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
        session = self._writable_session()
        session.finish()
        try:
            self.save()
        except BaseException:
            session.reopen()
            raise
        self._follow(None)
        return self._summary_of(session.partnership)

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

    # --- follow-on partnerships --------------------------------------------------

    def follow_on_plan(self, partnership_id: str) -> FollowOnPlan:
        """What ``f`` on a summary leads to: the follow-on already started, or the goals to offer for a new one."""
        partnership = self.read(partnership_id)
        existing = self._follow_on_in_store(partnership)
        pair = f"{partnership.mentee} and {partnership.mentor}"
        return FollowOnPlan(partnership.id, pair, existing, [] if existing else goals_to_carry(partnership))

    def follow_on(self, partnership_id: str, goal_ids: list[str] | None = None) -> FollowOn:
        """The follow-on of a closed partnership: the one already started if there is one, else a new
        draft of the same pair carrying the goals chosen (None: every goal left to carry), stored, with
        the link recorded both ways. Asked twice, it gives the same partnership."""
        self._require_writable()
        old = self.read(partnership_id)
        existing = self._follow_on_in_store(old)
        if existing is not None:
            return FollowOn(self.read(existing), created=False)
        if old.status != "closed":
            raise StoreError(f"{old.mentee} with {old.mentor} is not closed yet; finish its close before starting a follow-on")
        draft = build_follow_on(old, goal_ids)
        while draft.id in self.store:  # the writer's lock is held: the id stays free until it is added
            draft.id = new_id()
        # The old record names the new one first: a failure in between leaves a link to a
        # partnership that is not there, which counts as none (the next ``f`` starts it again).
        old.followed_by = draft.id
        self.store.save(old)
        self.store.add(draft)
        return FollowOn(draft, created=True)

    def open_follow_on(self, partnership_id: str, goal_ids: list[str] | None = None) -> tuple[FollowOn, ClosingSession | Summary]:
        """:meth:`follow_on`, then open it (its dashboard, or its summary once it is closed too)."""
        follow_on = self.follow_on(partnership_id, goal_ids)
        return follow_on, self.open(follow_on.partnership.id)

    # --- the session log ------------------------------------------------------------

    def log(self, partnership_id: str, notes: str, *, date: str | None = None, milestone: bool = False) -> tuple[Partnership, Meeting]:
        """Add a meeting to a partnership's session log (see :meth:`change_partnership` for the open session)."""
        return self.change_partnership(partnership_id, lambda p: p.add_meeting(notes, date=date, milestone=milestone))

    def edit_meeting(
        self, partnership_id: str, index: int, notes: str, *, date: str | None = None, milestone: bool = False
    ) -> tuple[Partnership, Meeting]:
        """Replace the meeting at ``index`` of the session log (as listed, by date), with the rules of :meth:`log`."""
        return self.change_partnership(partnership_id, lambda p: p.edit_meeting(index, notes, date=date, milestone=milestone))

    def remove_meeting(self, partnership_id: str, index: int) -> tuple[Partnership, Meeting]:
        """Take the meeting at ``index`` off the session log."""
        return self.change_partnership(partnership_id, lambda p: p.remove_meeting(index))

    def holds(self, partnership_id: str) -> bool:
        """Whether ``partnership_id`` is the open session's partnership."""
        return self.session is not None and self.session.partnership.id == partnership_id

    def change_partnership(self, partnership_id: str, change: Callable[[Partnership], T]) -> tuple[Partnership, T]:
        """Apply ``change`` (which checks before it changes anything) to a partnership and keep it.

        A partnership in the store is read, changed and saved. The open session's is changed in
        memory and saved by the autosave like any other edit: call this where the edits happen
        (the app's UI thread), as for :meth:`snapshot`."""
        self._require_writable()
        if self.holds(partnership_id):
            session = self.session
            return session.partnership, session.change_partnership(change)
        partnership = self.read(partnership_id)
        result = change(partnership)
        self.store.save(partnership)
        return partnership, result

    # --- the trash ------------------------------------------------------------------

    def delete(self, partnership_id: str) -> Partnership:
        """Move a partnership to the data folder's trash (nothing is erased); returns what was moved."""
        self._require_writable()
        if self.holds(partnership_id):
            raise StoreError("this partnership is open; go back to the list before deleting it")
        partnership = self.read(partnership_id)  # one that cannot be read: `closer check --repair` moves it aside
        self.store.move_to_trash(partnership.id)
        return partnership

    def trash(self) -> list[TrashEntry]:
        """What the trash holds, the latest deleted first."""
        return list_trash(self.store.root)

    def restore(self, text: str) -> Restored:
        """Bring a partnership back from the trash by its id (or an unambiguous start of it): the
        copy deleted last. Refused if a partnership with that id is in the store."""
        self._require_writable()
        entries = self.trash()
        entry = find_in_trash(entries, text)
        return Restored(self.store.restore_from_trash(entry), copies_of(entries, entry.id) - 1)

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
        if not partnerships:  # "imported 0" would hide a wrong file picked
            raise ImportFormatError(f"{source}: holds no partnerships; nothing was imported")
        return self.store.import_partnerships(partnerships)

    def import_file(self, path: Path) -> list[str]:
        from .export import ImportFormatError

        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ImportFormatError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
        return self.import_text(text, str(path))

    # --- reflection sheets ------------------------------------------------------------

    def prep_sheet(self, partnership_id: str, partner: str, *, close_date: str | None = None) -> str:
        """One partner's reflection sheet (Markdown) for the close on ``close_date``, else the agreed end."""
        from .prep_sheet import write_sheet

        return write_sheet(self.read(partnership_id), partner, check_date(close_date, "date"))

    def prep_sheet_to_file(
        self, partnership_id: str, partner: str, target: Path, *, close_date: str | None = None, replace: bool = False
    ) -> Path:
        """Write a reflection sheet to ``target``, with the rules of an export's file."""
        text = self.prep_sheet(partnership_id, partner, close_date=close_date)
        write_export_file(target, text, data_folder=self.store.root, replace=replace)
        return Path(target)

    def place_sheet(self, partnership_id: str, text: str, source: str, *, partner: str | None = None) -> SheetReading:
        """Store a filled sheet's answers as its partner's. Into the open session if it is this
        partnership's (no disk work: its saver writes it, as every edit of the close); else into
        the stored record, saved at once. A sheet for another partnership or partner is refused."""
        self._require_writable()
        session = self.session
        if session is not None and session.partnership.id == partnership_id:
            return session.read_sheet(text, source, partner)
        from .prep_sheet import read_into

        partnership = self.read(partnership_id)
        reading = read_into(partnership, text, source, partner)
        self.store.save(partnership)
        return reading

    def read_sheet(self, partnership_id: str, path: Path, *, partner: str | None = None) -> SheetReading:
        """Read a filled sheet from a file and store its answers (see :meth:`place_sheet`)."""
        return self.place_sheet(partnership_id, read_sheet_text(path), str(path), partner=partner)

    # --- the story and its consent -------------------------------------------------

    def story(self, partnership_id: str) -> StoryView:
        """The story as both partners see it before they say yes or no, and where their answers stand."""
        from .export.story import StoryView

        return StoryView.of(self.read(partnership_id))

    def choose_story_variant(self, partnership_id: str, variant: str) -> StoryView:
        """How the story names the pair (saved). Consent given to another way of naming them no longer counts."""
        check_choice(variant, STORY_VARIANTS, "variant")
        return self._change_story(partnership_id, lambda story: setattr(story, "variant", variant))

    def record_consent(self, partnership_id: str, who: str, given: bool, *, variant: str | None = None) -> StoryView:
        """One partner's yes or no to sharing the story as named now (``variant`` chooses it first), with the time."""
        check_choice(who, STORY_PARTNERS, "who")
        if variant is not None:
            check_choice(variant, STORY_VARIANTS, "variant")
        at = datetime.fromtimestamp(self.clock(), timezone.utc).replace(microsecond=0).isoformat()

        def answer(story: StoryConsent) -> None:
            story.variant = variant or story.variant
            setattr(story, who, Consent(given=bool(given), at=at, variant=story.variant))

        return self._change_story(partnership_id, answer)

    def _change_story(self, partnership_id: str, change: Callable[[StoryConsent], None]) -> StoryView:
        """Change the story's consent record and save it; through the open session if it is this partnership."""
        from .export.story import StoryView

        self._require_writable()
        session = self.session
        if session is not None and session.partnership.id == partnership_id:
            change(session.partnership.story)
            session.revision += 1
            self.save()
            return StoryView.of(session.partnership)
        partnership = self.read(partnership_id)
        change(partnership.story)
        self.store.save(partnership)
        return StoryView.of(partnership)

    # --- exports ------------------------------------------------------------------

    def export_text(self, partnership_id: str, fmt: str, *, include_private: bool = False, without_consent: bool = False) -> str:
        from .export import export_text

        return export_text(self.read(partnership_id), fmt, include_private=include_private, without_consent=without_consent)

    def export_to_file(
        self,
        partnership_id: str,
        fmt: str,
        target: Path | None = None,
        *,
        include_private: bool = False,
        replace: bool = False,
        without_consent: bool = False,
    ) -> Path:
        """Write an export and return where it went: ``target``, or (None) a new file in the exports
        folder, never one already there. ``replace``: a regular file at ``target`` may be replaced."""
        from .export import export_file_name, export_text

        partnership = self.read(partnership_id)
        text = export_text(partnership, fmt, include_private=include_private, without_consent=without_consent)
        if target is None:
            return write_new_export(export_file_name(partnership, fmt), text, data_folder=self.store.root)
        write_export_file(target, text, data_folder=self.store.root, replace=replace)
        return Path(target)

    def write_text_file(self, name: str, text: str) -> Path:
        """``text`` as a new file named like ``name`` in the exports folder (never replacing one):
        where the app keeps what it could not confirm on the clipboard (a report, say)."""
        return write_new_export(name, text, data_folder=self.store.root)

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


def report_from(
    paths: list[Path], *, desk: Desk | None = None, programme: str | None = None, since: str | None = None
) -> dict:
    """The programme report over JSON exports and backups (files, or folders of them) that are
    read, never imported, and with ``desk`` its data folder too. A partnership found more than
    once counts once, as last updated; files that cannot be read are named in the report."""
    from .export import ImportFormatError
    from .report import build_report
    from .report_sources import gather_exports, latest_of

    gathered = gather_exports(paths)
    partnerships, unreadable_records = list(gathered.partnerships), {}
    if desk is not None:
        local, unreadable_records = desk.readable()
        partnerships += local
    if not partnerships and not unreadable_records and gathered.unreadable and desk is None:
        first, problem = next(iter(gathered.unreadable.items()))
        raise ImportFormatError(f"no file could be read; {first}: {problem}")
    kept, dropped = latest_of(partnerships)
    sources = {
        "files": gathered.files,
        "store": desk is not None,
        "duplicates_dropped": dropped,
        "unreadable_files": [{"file": name, "problem": problem} for name, problem in gathered.unreadable.items()],
    }
    return build_report(kept, programme=programme, since=since, unreadable=unreadable_records, sources=sources)


class FollowOnPlan(NamedTuple):
    """What ``f`` on a closed partnership's summary leads to."""

    partnership_id: str
    pair: str  # "<mentee> and <mentor>"
    existing: str | None  # the follow-on already started (and still in the store): it is opened
    goals: list[Goal]  # else the goals a new one may carry on with, for the facilitator to tick


class FollowOn(NamedTuple):
    """The follow-on of a closed partnership, new or the one started before."""

    partnership: Partnership
    created: bool  # False: it had been started before, and is the one given


class Restored(NamedTuple):
    """A partnership taken back from the trash."""

    partnership: Partnership
    copies_left: int  # older copies of the same id still in the trash


class Backup(NamedTuple):
    """Every partnership that could be read, private notes included, as ``closer import`` reads them."""

    text: str
    ids: list[str]
    unreadable: dict[str, str]  # id -> why its file could not be read: it is not in the backup


def read_sheet_text(path: Path) -> str:
    """A filled sheet's text: a regular file of UTF-8 text, of a sheet's size (never a FIFO to wait on)."""
    from .prep_sheet import MAX_SHEET_CHARACTERS, SheetError

    path = Path(path).expanduser()
    try:
        found = path.stat()
        if not stat.S_ISREG(found.st_mode):
            raise SheetError(f"{path} is {kind_of(found.st_mode)}, not a sheet's file")
        if found.st_size > MAX_SHEET_CHARACTERS * 4:
            raise SheetError(f"{path} is {found.st_size:,} bytes: far more than a reflection sheet holds")
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise SheetError(f"{path} is not UTF-8 text; save the sheet as plain text (UTF-8) and read it again") from None
    except OSError as error:
        raise SheetError(f"cannot read {path}: {error.strerror or error}") from None


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

"""The closer Textual app: an adapter between the screens and the desk.

Screens ask by message (messages.py); the app runs the workflow on the desk
(desk.py) in a worker thread and answers by pushing a screen or publishing a
signal that screens subscribe to (services.py). It never reaches into a
screen by its type.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.signal import Signal

from ..autosave import SessionSaver
from ..control_characters import safe_for_terminal, without_control_characters
from ..desk import Desk, read_sheet_text
from ..errors import CloserError
from ..pacing import INDEX_DELAY, PauseCollector, skip_collection_at_exit
from ..session import ClosingSession
from ..timer import Clock
from . import clipboard
from .cell_widths import measure_as_terminals_do
from .clipboard import CopyOutcome, SystemClipboard
from .messages import (
    CopyRequested,
    ConsentAnswered,
    EditDetailsRequested,
    ExportRequested,
    FinishRequested,
    LeaveRequested,
    ListRequested,
    OpenRequested,
    ReopenRequested,
    SessionEdited,
    SheetReadRequested,
    StoryRequested,
    StoryVariantChosen,
    SummaryRequested,
)
from .key_help import KeyHelp
from .keys_wait_for_the_editor import KeysWaitForTheEditor
from .record_keeping import RecordKeeping
from .preferences import Preferences
from .reduced_terminal import dumb_terminal, without_colour
from .shutdown import Shutdown
from .style_cache import KeepsParsedStyles
from .style_sheets import StyleSheets
from .widgets.shared_marker import mark_dialog
from .window_size import BLANK_SCREEN, WindowSize
from .window_title import WindowTitle
from .workflow import WORKFLOW_ERRORS, run_workflow

if TYPE_CHECKING:
    from ..export.story import StoryView
    from ..method import Guide
    from ..model import Meeting, Partnership
    from ..prep_sheet import SheetReading
    from ..store import ListHead
    from ..summary import Summary
    from .screens.partnerships import PartnershipsScreen

# Rows of the list read from the start of the index for its first frame: the window's height, at
# least this many (each is parsed and checked; 200 were 8 M instructions more than 40 at 10,000).
FIRST_ROWS_AT_LEAST = 50

# Each screen's module is imported when the screen is first shown: the first frame
# (the dashboard of `closer open ID`, or the list) waits for its own screen only.


class CloserApp(Preferences, KeyHelp, RecordKeeping, WindowSize, StyleSheets, KeepsParsedStyles, KeysWaitForTheEditor, App):
    """Run the closing session of a mentoring partnership.

    ``db`` is the data folder; ``partnership_id`` opens that partnership at once;
    ``clock`` drives the close timer and the pause before the save state says saved (tests pass
    a fake one: a frozen clock draws the same screen however slowly the machine runs);
    ``editor_after_first_frame``: the dashboard opened at start draws its notes before their editor
    is built (the commands that open a window set it: widgets/notes_preview.py).
    """

    TITLE = "closer"
    SUB_TITLE = "closing a mentoring partnership"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", tooltip="Save everything and quit", priority=True),
        Binding("f1", "help", "Help", id="app.help", tooltip="Every key, and the method's sources", priority=True),
        Binding(
            "ctrl+o",
            "toggle_shared_screen",
            "Shared screen",
            id="app.toggle_shared_screen",
            tooltip="Shared-screen mode: high contrast, big timer, private notes and other partnerships hidden",
            priority=True,
        ),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(
        self,
        db: Path,
        partnership_id: str | None = None,
        clock: Clock = time.time,
        guide: Guide | None = None,
        shared_screen: bool | None = None,
        system_clipboard: SystemClipboard | None = None,
        editor_after_first_frame: bool = False,
    ) -> None:
        super().__init__()
        measure_as_terminals_do()  # names in Devanagari and other scripts line up as the terminal draws them
        self.dumb_terminal = dumb_terminal()
        if self.dumb_terminal or self.no_color:
            without_colour(self)
        if self.dumb_terminal:
            self.INLINE_PADDING = 0  # the screen takes the whole window, from its first line
        self.db = Path(db)
        self.initial_partnership_id = partnership_id
        self.clock = clock
        self._guide = guide
        self.shared_screen_requested = shared_screen
        self.editor_after_first_frame = editor_after_first_frame  # for the dashboard opened at start
        self.system_clipboard = system_clipboard or clipboard.default_system_clipboard()
        self.desk: Desk | None = None
        self.saver: SessionSaver | None = None
        self.collector = PauseCollector()
        self.shutdown = Shutdown(self)
        self.window_title = WindowTitle(self)
        self.startup_error: str | None = None
        self._list_screen: PartnershipsScreen | None = None
        self._whole_index_wanted = False  # the list started from the index's first rows: read the rest
        self._start_problems: list[tuple[str, str]] = []  # (title, message): said once the app is up
        self.save_state_signal: Signal[tuple[str, bool]] = Signal(self, "save-state")
        self.partnerships_signal: Signal[tuple[list[dict], str | None]] = Signal(self, "partnerships")
        self.shared_screen_signal: Signal[bool] = Signal(self, "shared-screen")
        self.final_save_signal: Signal[None] = Signal(self, "final-save")
        self.session_log_signal: Signal[tuple[str, list[Meeting], int | None]] = Signal(self, "session-log")
        self.sheet_read_signal: Signal[SheetReading] = Signal(self, "sheet-read")
        self.story_signal: Signal[StoryView] = Signal(self, "story")
        self.load_preferences()

    def run(self, *args, **kwargs):
        kwargs.setdefault("inline", self.dumb_terminal)  # no alternate screen for a dumb terminal
        try:
            return super().run(*args, **kwargs)
        finally:
            skip_collection_at_exit()

    @property
    def guide(self) -> Guide:
        """The guide for new partnerships; opening one uses the copy it keeps, so parse this only when needed."""
        if self._guide is None:
            from ..method import default_guide

            self._guide = default_guide()
        return self._guide

    def help_guide(self) -> Guide:
        return self.session.guide if self.session else self.guide

    @property
    def read_only_reason(self) -> str | None:
        return self.desk.read_only_reason if self.desk else None

    @property
    def session(self) -> ClosingSession | None:
        return self.desk.session if self.desk else None

    # --- lifecycle ------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """The screen the user came for (the list, or the partnership opened by its id) is the app's
        first screen, rather than pushed over a blank one: a pushed screen is resized, styled and
        drawn once more before the first frame (about 30 ms). So the data folder is opened here,
        before anything is drawn; what fails is said by on_mount, over the blank screen."""
        first = self._open_data_folder()
        if first is None:
            return super().get_default_screen()
        self.use_style_sheets_of(first)
        self.fit_width_classes(first)
        # As push_screen would: Textual's switch_screen (leaving the first screen, see pop_screen) takes
        # the callback of the screen it replaces, and gives none to the first (Textualize/textual#2650).
        first._push_result_callback(self, None)
        return first

    def _open_data_folder(self) -> Screen | None:
        # Neither first frame waits for the whole index: opening one partnership by id needs
        # none (it is read once the dashboard is up), and the list starts from its first rows.
        head = None
        try:
            self.desk = Desk.for_app(self.db, load_index=False, clock=self.clock)
            if not self.initial_partnership_id:
                head = None if self.shared_screen else self.desk.first_rows(max(self.size.height, FIRST_ROWS_AT_LEAST))
                if head is None:  # no index that can give them (or the cover goes up first): read it now
                    self.desk.load_index()
        except CloserError as error:
            self.startup_error = str(error)
            return None
        self.saver = SessionSaver(self.desk, self, now=self.clock)
        self.shutdown.install()
        self.screen_change_signal.subscribe(self, mark_dialog)
        self.apply_preferences()  # the keymap, before any screen names a key; the theme was taken in __init__
        if self.initial_partnership_id:
            return self._opened_at_start(self.initial_partnership_id)
        return self._list_at_start(head)

    def on_mount(self) -> None:
        if self.startup_error:
            self.exit(return_code=1)
            return
        self.report_settings_problem()
        for title, message in self._start_problems:
            self.notify(message, title=title, severity="error", timeout=15)
        if self.read_only_reason:
            self.notify(self.read_only_reason, title="Read-only", severity="warning", timeout=15)
        if self.keys_wait:
            self.call_after_refresh(self.bring_in_waiting_editor)
        if self.initial_partnership_id:
            self.set_timer(INDEX_DELAY, self._load_index_when_quiet)
        elif self._whole_index_wanted:
            self.call_after_refresh(self._read_whole_index)
        else:
            self._index_loaded(self.desk.problems)

    def _list_at_start(self, head: ListHead | None) -> Screen:
        """The list's first screen, at once: from the start of the index (the whole of it is read
        and checked against the files just after, which may change a row), or from the whole
        index already read. In shared-screen mode the rows wait, as ever, for the cover."""
        from .screens.partnerships import PartnershipsScreen

        if head is not None:
            self._list_screen = PartnershipsScreen(head.rows, (head.total, head.open))
            self._whole_index_wanted = True
        else:
            self._list_screen = PartnershipsScreen(None if self.shared_screen else self.desk.summaries())
        return self._list_screen

    def _opened_at_start(self, partnership_id: str) -> Screen | None:
        """On this thread, like opening the data folder: nothing is on screen yet to keep
        responsive, and a worker would only cost the dashboard a frame of start-up."""
        try:
            opened = self.desk.open(partnership_id)
        except WORKFLOW_ERRORS as error:
            self._start_problems.append(("Cannot open", str(error)))
            return None
        editor_after_first_frame = self.editor_after_first_frame and isinstance(opened, ClosingSession)  # a summary has none
        first = self._screen_for(opened, editor_after_first_frame=editor_after_first_frame)
        if editor_after_first_frame:
            self.hold_keys_for_the_editor(first)  # and on_mount has the editor built after the first frame
        return first

    def _read_whole_index(self) -> None:
        run_workflow(self, self.desk.load_index, self._whole_index_read, failed=self._index_unreadable, group="index")

    def _whole_index_read(self, problems: list[str]) -> None:
        self._index_loaded(problems)
        self.refresh_list()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.collector.activity()
        elif isinstance(event, events.Paste) and not event.is_forwarded:
            # A paste is the one way a control character (ESC...) can reach an input;
            # it would be refused when saved and could drive the terminal when drawn.
            clean = without_control_characters(event.text)
            if clean != event.text:
                event = events.Paste(clean)
        await super().on_event(event)

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None, markup: bool = False) -> None:
        """Notifications often quote user text or file names (a data file's name can hold an
        escape sequence): never read them as markup, and show control characters as symbols."""
        message, title = safe_for_terminal(message), safe_for_terminal(title)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def _load_index_when_quiet(self) -> None:
        """Read the index at a pause in typing: at 10,000 partnerships it holds the interpreter for ~30 ms."""
        if self.collector.typing_paused():
            run_workflow(self, self.desk.load_index, self._index_loaded, failed=self._index_unreadable, group="index")
        else:
            self.set_timer(INDEX_DELAY, self._load_index_when_quiet)

    def _index_loaded(self, problems: list[str]) -> None:
        for problem in problems:  # files skipped if the index had to be rebuilt
            self.notify(problem, title="A data file was skipped", severity="warning", timeout=30)

    def _index_unreadable(self, error: str) -> None:
        """What opening the store would have refused (a damaged or newer index) ends the app the same way."""
        self.flush_save()  # a note saves without the index; anything more is refused, not forced
        self.desk.read_only_reason = error  # nothing more is saved against an index closer cannot read
        self.startup_error = error
        self.exit(return_code=1)

    async def settle_typing(self, timeout: float = 1.0) -> None:
        await self.shutdown.settle_typing(timeout)

    def on_unmount(self) -> None:
        self.flush_save()
        self.window_title.show(None)  # the driver still writes here; it closes after
        self.shutdown.uninstall()
        if self.desk is not None:
            self.desk.close()

    async def action_quit(self) -> None:
        if await self.shutdown.may_quit():
            self.exit()

    # --- screens ask; the desk answers in a worker ---------------------------------

    @on(OpenRequested)
    def _open_requested(self, request: OpenRequested) -> None:
        run_workflow(self, partial(self.desk.open, request.partnership_id), self._opened, title="Cannot open")

    def _opened(self, opened: ClosingSession | Summary, notice: str = "") -> None:
        """Show what was opened; ``notice`` (how it came to open) goes in the dashboard's status box,
        or, for a summary, in a short notification."""
        self.push_screen(self._screen_for(opened, notice))
        if notice and not isinstance(opened, ClosingSession):
            self.notify(notice, timeout=4)

    def _screen_for(self, opened: ClosingSession | Summary, notice: str = "", *, editor_after_first_frame: bool = False) -> Screen:
        """The dashboard of an open close, or the summary of a closed partnership."""
        if isinstance(opened, ClosingSession):
            from .screens.dashboard import DashboardScreen

            return DashboardScreen(
                opened,
                read_only=bool(self.read_only_reason),
                notice=notice,
                editor_after_first_frame=editor_after_first_frame,
            )
        from .screens.summary import SummaryScreen

        return SummaryScreen(opened)

    @on(SummaryRequested)
    def _summary_requested(self, request: SummaryRequested) -> None:
        run_workflow(self, partial(self.desk.summary, request.partnership_id), self._show_summary, title="Cannot open")

    def _show_summary(self, summary: Summary) -> None:
        self.push_screen(self._screen_for(summary))

    @on(ExportRequested)
    def _export_requested(self, request: ExportRequested) -> None:
        export = partial(self.desk.export_to_file, request.partnership_id, request.fmt)
        run_workflow(self, export, lambda target: self.notify(str(target), title="Exported", timeout=15), title="Not exported")

    @on(CopyRequested)
    def _copy_requested(self, request: CopyRequested) -> None:
        self.copy_to_clipboard(request.text)  # Textual's request to the terminal: sent, never confirmed

        def copy() -> CopyOutcome:
            tool = self.system_clipboard.copy(request.text)
            if tool or not (request.partnership_id or request.file_name):
                return CopyOutcome(request.what, tool=tool)
            try:
                if request.partnership_id:
                    file = self.desk.export_to_file(request.partnership_id, "md")
                else:
                    file = self.desk.write_text_file(request.file_name, request.text)
            except CloserError as error:
                return CopyOutcome(request.what, file_error=str(error))
            return CopyOutcome(request.what, file=file)

        def copied(outcome: CopyOutcome) -> None:
            self.notify(outcome.message(), title=outcome.title, timeout=8 if outcome.tool else 20)

        run_workflow(self, copy, copied, title="Not copied", group="copy")

    @on(StoryRequested)
    def _story_requested(self, request: StoryRequested) -> None:
        run_workflow(self, partial(self.desk.story, request.partnership_id), self._show_story, title="Cannot open")

    def _show_story(self, view: StoryView) -> None:
        from .screens.story import StoryScreen

        self.push_screen(StoryScreen(view))

    @on(StoryVariantChosen)
    def _story_variant_chosen(self, request: StoryVariantChosen) -> None:
        choose = partial(self.desk.choose_story_variant, request.partnership_id, request.variant)
        run_workflow(self, choose, self.story_signal.publish, title="Not saved")

    @on(ConsentAnswered)
    def _consent_answered(self, answer: ConsentAnswered) -> None:
        record = partial(self.desk.record_consent, answer.partnership_id, answer.who, answer.given)
        run_workflow(self, record, self._consent_recorded, title="Not saved")

    def _consent_recorded(self, view: StoryView) -> None:
        self.story_signal.publish(view)
        self.notify(view.consent["mentor"] + "; " + view.consent["mentee"], title="Answer recorded")

    @on(EditDetailsRequested)
    def _edit_details_requested(self, request: EditDetailsRequested) -> None:
        if self.refuse_when_read_only("This window is read-only; the details cannot be corrected."):
            return
        from .screens.partnership_form import EditDetailsScreen, details_of

        pid = request.partnership_id

        def entered(details: dict | None) -> None:
            if details is not None:
                run_workflow(self, partial(self.desk.edit_details, pid, **details), self._details_corrected, title="Not saved")

        def read(partnership: Partnership) -> None:
            # A key pressed twice while the record is read (e e) opens one form, not two
            if not any(isinstance(screen, EditDetailsScreen) for screen in self.screen_stack):
                self.push_screen(EditDetailsScreen(details_of(partnership)), entered)

        run_workflow(self, partial(self.desk.read, pid), read, title="Cannot open")

    def _details_corrected(self, partnership: Partnership) -> None:
        self.notify(f"{partnership.mentee} with {partnership.mentor}", title="Details corrected")
        self.refresh_list(select=partnership.id)

    @on(ReopenRequested)
    def _reopen_requested(self, request: ReopenRequested) -> None:
        if not self.refuse_when_read_only("This window is read-only."):
            run_workflow(self, partial(self.desk.reopen, request.partnership_id), self._reopened, title="Not saved")

    def _reopened(self, session: ClosingSession) -> None:
        self.pop_screen()  # the summary
        self.refresh_list(select=session.partnership.id)
        self._opened(session)

    @on(SessionEdited)
    def _session_edited(self) -> None:
        # Not typing (a stage, a tick, a goal, the timer): rare, and the audience view
        # should show it within half a second, so it is saved at once.
        self.saver.soon(immediately=True)

    @on(SheetReadRequested)
    def _sheet_read_requested(self, request: SheetReadRequested) -> None:
        session = self.session
        if session is None:
            return
        path = Path(request.path).expanduser()
        # The file is read in a worker; its answers go into the session here, where every edit of it happens.
        run_workflow(self, partial(read_sheet_text, path), partial(self._sheet_text_read, session.partnership.id, path), title="Sheet not read")

    def _sheet_text_read(self, partnership_id: str, path: Path, text: str) -> None:
        try:
            reading = self.desk.place_sheet(partnership_id, text, str(path))
        except WORKFLOW_ERRORS as error:
            self.notify(str(error), title="Sheet not read", severity="error", timeout=15)
            return
        self.saver.soon(immediately=True)
        self.sheet_read_signal.publish(reading)

    @on(FinishRequested)
    def _finish_requested(self) -> None:
        run_workflow(self, self.desk.finish, self._finished, failed=self._not_finished)

    def _finished(self, summary: Summary) -> None:
        self.pop_screen()  # the dashboard
        self.refresh_list(select=summary.id)
        self._show_summary(summary)

    def _not_finished(self, error: str) -> None:
        self.notify(f"{error} The close was not finished.", title="Not saved", severity="error")

    @on(LeaveRequested)
    def _leave_requested(self) -> None:
        if not self.refuse_in_shared_screen("The list of partnerships"):
            self.desk.pause_for_exit()  # the timer does not run on while the close is put away
            run_workflow(self, self.desk.save, self._saved_before_leaving, failed=self._not_left)

    def _saved_before_leaving(self, _: None) -> None:
        if self.desk.put_away():
            self.action_back_to_list()
        else:  # a key came in while the save ran: save that too before going
            self._leave_requested()

    def _not_left(self, error: str) -> None:
        self.notify(f"{error} Staying here so nothing is lost.", title="Not saved", severity="error")

    def action_review(self) -> None:
        if not self.refuse_in_shared_screen("The review of past partnerships"):
            run_workflow(self, self.desk.review_rows, self._show_review, title="Cannot review")

    def _show_review(self, rows) -> None:
        from .screens.review import ReviewScreen

        self.push_screen(ReviewScreen(rows, self.desk.search_text_of))

    def action_report(self) -> None:
        if not self.refuse_in_shared_screen("The programme report"):
            report = partial(self.desk.report, skip_unreadable=True)
            run_workflow(self, report, self._show_report, group="report")

    def _show_report(self, figures: dict) -> None:
        from ..report import report_markdown
        from .screens.report import ReportScreen

        day = time.strftime("%Y-%m-%d", time.localtime(self.clock()))
        self.push_screen(ReportScreen(report_markdown(figures), file_name=f"closer-report-{day}.md"))

    def action_new_partnership(self) -> None:
        if self.refuse_in_shared_screen("The list of partnerships"):
            return
        if not self.refuse_when_read_only("This window is read-only; new partnerships cannot be saved."):
            from .screens.new_partnership import NewPartnershipScreen

            self.push_screen(NewPartnershipScreen(), self._new_partnership_entered)

    def _new_partnership_entered(self, partnership: Partnership | None) -> None:
        if partnership is not None:
            partnership.guide = self.guide
            run_workflow(self, partial(self.desk.new, partnership), self._created, title="Not saved", timeout=30)

    def _created(self, partnership: Partnership) -> None:
        self.notify(f"{partnership.mentee} with {partnership.mentor} ({partnership.id})", title="Partnership created")
        self.refresh_list(select=partnership.id)

    # --- the list of partnerships ---------------------------------------------------

    def show_list(self, rows: list[dict] | None = None, counts: tuple[int, int] | None = None) -> None:
        """The list of partnerships, showing ``rows`` (in list order) if given, else read in a worker;
        ``counts`` (partnerships, open ones) when ``rows`` are the first of them only."""
        from .screens.partnerships import PartnershipsScreen

        self._list_screen = PartnershipsScreen(rows, counts)
        self.push_screen(self._list_screen)  # without rows, it sends ListRequested once it can take them

    @on(ListRequested)
    def _list_requested(self) -> None:
        self.refresh_list()

    def refresh_list(self, select: str | None = None) -> None:
        """Read the summaries in a worker and publish them to whoever shows the list."""
        rows = partial(self.desk.summaries)
        run_workflow(self, rows, lambda rows: self.partnerships_signal.publish((rows, select)), group="list")

    def action_back_to_list(self) -> None:
        if self.refuse_in_shared_screen("The list of partnerships"):
            return
        if self._list_screen not in self.screen_stack:
            while self.screen.id != BLANK_SCREEN:  # opened straight onto a partnership: build the list now
                self.pop_screen()
            self.show_list()
            return
        while self.screen is not self._list_screen:
            self.pop_screen()
        self.refresh_list()

    def audience_command(self, partnership_id: str) -> str:
        import shlex

        return shlex.join(["closer", "--db", str(self.db.expanduser().resolve()), "present", partnership_id])

    def refuse_when_read_only(self, message: str) -> bool:
        if self.read_only_reason:
            self.notify(message, severity="warning")
        return bool(self.read_only_reason)

    # --- saving the session (see autosave.py): the app is the saver's host ------------------

    def flush_save(self) -> bool:
        """Save the session now (quit, signals), its timer paused first so the time closer is
        closed is not booked to the close. True when nothing is left unsaved."""
        if self.desk is not None:
            self.desk.pause_for_exit()
        return self.saver.flush() if self.saver else True

    def show_window_title(self, text: str | None) -> None:
        self.window_title.show(text)

    def run_in_thread(self, work: Callable[[], None]) -> None:
        self.run_worker(work, thread=True, group="autosave")

    def show_save_state(self, text: str, failed: bool) -> None:
        self.save_state_signal.publish((text, failed))

    def save_failed(self, message: str) -> None:
        self.notify(message, title="Not saved: closer keeps retrying", severity="error", timeout=20)

"""The closer Textual app: owns the store and the session, saves off the UI thread, routes screens."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from ..assets import style_paths
from ..autosave import SessionSaver
from ..config import ConfigError, Settings, load_settings, save_settings
from ..export import export_text, record_markdown
from ..locations import export_dir
from .messages import PartnershipsChanged, SessionEdited
from ..method import Guide, default_guide
from ..model import Partnership, ValidationError, without_control_characters
from ..pause_gc import PauseCollector
from ..report import build_report, report_markdown
from .screens.dashboard import DashboardScreen
from .screens.dialogs import ConfirmDialog
from .screens.help import HelpScreen
from .screens.new_partnership import NewPartnershipScreen
from .screens.partnerships import PartnershipsScreen
from .screens.report import ReportScreen
from .screens.review import ReviewScreen
from .screens.shared_cover import SharedCoverScreen
from .screens.summary import SummaryScreen
from ..session import ClosingSession
from ..store import CorruptFileError, NewerSchemaError, Store, StoreError, StoreLockedError
from ..store.files import atomic_write, ensure_private_folder
from .themes import CLOSER_THEMES, SHARED_SCREEN_THEME
from ..timer import Clock

EXTENSIONS = {"md": "md", "html": "html", "json": "json", "story": "story.md"}
HANDLED_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
INDEX_DELAY = 1.0  # seconds after opening one partnership before the index of all of them is read


def export_file_name(partnership: Partnership, fmt: str) -> str:
    """A readable, safe file name: closer-<mentee>-<id>.<ext>."""
    name = "".join(ch if ch.isalnum() else "-" for ch in partnership.mentee.casefold()).strip("-")
    name = "-".join(part for part in name.split("-") if part)[:40] or "partnership"
    return f"closer-{name}-{partnership.id}.{EXTENSIONS[fmt]}"


class CloserApp(App):
    """Run the closing session of a mentoring partnership.

    ``db`` is the data folder; ``partnership_id`` opens that partnership at once;
    ``clock`` drives the close timer (tests pass a fake one).
    """

    TITLE = "closer"
    SUB_TITLE = "closing a mentoring partnership"
    CSS_PATH = style_paths("app.tcss", "partnerships.tcss", "dashboard.tcss", "review.tcss", "shared_screen.tcss", "forms.tcss", "summary.tcss")
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
    ) -> None:
        super().__init__()
        self.db = Path(db)
        self.initial_partnership_id = partnership_id
        self.clock = clock
        self._guide = guide
        self.shared_screen_requested = shared_screen
        self.shared_screen = False
        self.settings = Settings()
        self._theme_before_sharing: str | None = None
        self.store: Store | None = None
        self.session: ClosingSession | None = None
        self.read_only_reason: str | None = None
        self.startup_error: str | None = None
        self.saver = SessionSaver(self)
        self.collector = PauseCollector()
        self._quit_warned_after: int | None = None  # saves that had succeeded when quitting was refused
        self._signal_task: asyncio.Future | None = None  # keeps the save-then-exit task alive

    def run(self, *args, **kwargs):
        try:
            return super().run(*args, **kwargs)
        finally:
            # Everything is saved by now and the process is about to end: spare it the
            # garbage collection Python runs at exit, which walks every object the app
            # made (about 40 ms) only to free memory the system takes back anyway.
            gc.freeze()

    @property
    def guide(self) -> Guide:
        """The guide for new partnerships; opening one uses the copy it keeps, so parse this only when needed."""
        if self._guide is None:
            self._guide = default_guide()
        return self._guide

    # --- lifecycle ------------------------------------------------------------

    def on_mount(self) -> None:
        try:
            self.store = self._open_store()
        except StoreError as error:
            self.startup_error = str(error)
            self.exit(return_code=1)
            return
        self._install_signal_handlers()
        for problem in self.store.problems:
            self.notify(problem, title="A data file was skipped", severity="warning", timeout=30)
        if not self.initial_partnership_id:
            self.push_screen(PartnershipsScreen())  # opening one partnership skips building the list
        self._apply_settings()  # after the list is up, so shared-screen mode can cover it
        if self.read_only_reason:
            self.notify(self.read_only_reason, title="Read-only", severity="warning", timeout=15)
        if self.initial_partnership_id:
            self.open_partnership(self.initial_partnership_id)
            self.set_timer(INDEX_DELAY, self._load_index_when_quiet)

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
        """Notifications often quote user text or file names: never read them as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # --- preferences: theme and shared-screen mode ---------------------------------

    def _apply_settings(self) -> None:
        for theme in CLOSER_THEMES:
            self.register_theme(theme)
        try:
            self.settings = load_settings()
        except ConfigError as error:
            self.notify(str(error), title="Settings ignored", severity="warning", timeout=15)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        wanted = self.shared_screen_requested
        self.set_shared_screen(self.settings.shared_screen if wanted is None else wanted, remember=False)

    def _theme_changed(self, theme: Theme) -> None:
        if self.shared_screen or theme.name == self.settings.theme:
            return  # the shared-screen theme is not the user's choice
        self.settings.theme = theme.name
        self._save_settings()

    def _save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except OSError as error:
            self.notify(f"Could not save your settings: {error.strerror or error}", severity="warning")

    def set_shared_screen(self, on: bool, *, remember: bool = True) -> None:
        if on == self.shared_screen:
            return
        self.shared_screen = on
        self.set_class(on, "-shared-screen")
        if on:
            self._theme_before_sharing = self.theme
            self.theme = SHARED_SCREEN_THEME
            if isinstance(self.screen, (PartnershipsScreen, ReviewScreen, ReportScreen)):
                self.push_screen(SharedCoverScreen())
        else:
            self.theme = self._theme_before_sharing or self.settings.theme or "textual-dark"
            if isinstance(self.screen, SharedCoverScreen):
                self.pop_screen()
        if remember:
            self.settings.shared_screen = on
            self._save_settings()

    def action_toggle_shared_screen(self) -> None:
        if not self.shared_screen:
            self.set_shared_screen(True)
            self.notify("Safe to share: other partnerships and private notes are hidden.", title="Shared-screen mode")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.set_shared_screen(False)

        self.push_screen(
            ConfirmDialog(
                "Leave shared-screen mode?",
                "Private notes and other people's partnerships can then be shown. Stop sharing your screen first.",
            ),
            answered,
        )

    def refuse_in_shared_screen(self, what: str) -> bool:
        """True (and a short message) when shared-screen mode hides ``what``."""
        if self.shared_screen:
            self.notify(f"{what} is hidden in shared-screen mode. Leave it with ctrl+o first.", severity="warning")
        return self.shared_screen

    def _open_store(self) -> Store:
        # Opening one partnership by id needs no index: it is read once the dashboard is up.
        load_index = not self.initial_partnership_id
        try:
            return Store.open_writer(self.db, load_index=load_index)
        except StoreLockedError as error:
            self.read_only_reason = f"{error} Changes cannot be saved in this window."
        except (CorruptFileError, NewerSchemaError):
            raise
        except StoreError as error:  # a read-only folder or disk: still let people look
            if not self.db.is_dir():
                raise
            self.read_only_reason = f"{error} Changes cannot be saved."
        return Store.open_reader(self.db, load_index=load_index)

    def _load_index_when_quiet(self) -> None:
        """Read the index at a pause in typing: at 10,000 partnerships it holds the interpreter for ~30 ms."""
        if self.collector.typing_paused():
            self.load_index_in_background()
        else:
            self.set_timer(INDEX_DELAY, self._load_index_when_quiet)

    @work(thread=True, exit_on_error=False, group="index")
    def load_index_in_background(self) -> None:
        """What opening the store would have refused (a damaged or newer index) ends the app the same way."""
        assert self.store is not None
        try:
            self.store.load_index()
        except StoreError as error:
            self.call_from_thread(self._index_unreadable, str(error))
            return
        for problem in self.store.problems:  # files skipped if the index had to be rebuilt
            self.call_from_thread(self.notify, problem, title="A data file was skipped", severity="warning", timeout=30)

    def _index_unreadable(self, error: str) -> None:
        self.flush_save()  # a note saves without the index; anything more is refused, not forced
        self.read_only_reason = error  # nothing more is saved against an index closer cannot read
        self.startup_error = error
        self.exit(return_code=1)

    def _install_signal_handlers(self) -> None:
        """Textual handles neither SIGTERM nor SIGHUP: save before going."""
        loop = asyncio.get_running_loop()
        for sig in HANDLED_SIGNALS:
            try:
                loop.add_signal_handler(sig, self._terminated, sig)
            except (NotImplementedError, RuntimeError, ValueError):
                pass

    def _terminated(self, sig: int) -> None:
        self._signal_task = asyncio.ensure_future(self._save_and_go(sig))

    async def _save_and_go(self, sig: int) -> None:
        await self.settle_typing()
        self.flush_save()
        if sig == signal.SIGHUP:
            # The terminal is gone: Textual's output thread has died on EIO and
            # a normal shutdown can block forever writing to it. Everything is saved.
            if self.store is not None:
                self.store.close()
            os._exit(128 + sig)
        self.exit(return_code=128 + sig)

    async def settle_typing(self, timeout: float = 1.0) -> None:
        """Let the focused widget handle keys it already received, then copy the notes into the session.

        A priority key (ctrl+q) or a signal can arrive while earlier keystrokes still
        wait in the editor's queue; their Changed messages would come too late.
        """
        focused = self.focused
        if focused is not None:
            handled = asyncio.Event()
            focused.call_later(handled.set)
            try:
                await asyncio.wait_for(handled.wait(), timeout)
            except TimeoutError:
                pass
        for screen in self.screen_stack:
            if isinstance(screen, DashboardScreen):
                screen.copy_notes_into_session()

    def on_unmount(self) -> None:
        self.flush_save()
        loop = asyncio.get_running_loop()
        for sig in HANDLED_SIGNALS:
            try:
                loop.remove_signal_handler(sig)
            except (NotImplementedError, RuntimeError, ValueError):
                pass
        if self.store is not None:
            self.store.close()

    async def action_quit(self) -> None:
        await self.settle_typing()
        if not self.flush_save() and self._quit_warned_after != self.saver.successes:
            self._quit_warned_after = self.saver.successes
            self.notify(
                f"{self.saver.error} Press ctrl+q again to quit anyway: changes since the last save would be lost.",
                title="Not saved",
                severity="error",
                timeout=30,
            )
            return
        self.exit()

    # --- data for screens -------------------------------------------------------

    def partnership_summaries(self) -> list[dict]:
        return self.store.summaries() if self.store else []

    def load_partnership(self, partnership_id: str) -> Partnership | None:
        assert self.store is not None
        try:
            return self.store.get(partnership_id)
        except StoreError as error:
            self.notify(str(error), title="Cannot open", severity="error", timeout=15)
            return None

    # --- opening and closing partnerships -------------------------------------------

    def open_partnership(self, partnership_id: str) -> None:
        partnership = self.load_partnership(partnership_id)
        if partnership is None:
            return
        if partnership.status == "closed":
            self.show_summary(partnership)
            return
        self.session = ClosingSession(partnership, clock=self.clock)
        self.saver.follow(self.session)
        self.push_screen(DashboardScreen(self.session, read_only=bool(self.read_only_reason)))

    def read_partnership(self, partnership_id: str) -> Partnership | None:
        """For background readers: the record, or None if it cannot be read (the UI says so elsewhere)."""
        assert self.store is not None
        try:
            return self.store.get(partnership_id)
        except StoreError:
            return None

    def show_review_summary(self, partnership_id: str) -> None:
        partnership = self.load_partnership(partnership_id)
        if partnership is not None:
            self.show_summary(partnership)

    def action_review(self) -> None:
        if not self.refuse_in_shared_screen("The review of past partnerships"):
            self.push_screen(ReviewScreen())

    def action_report(self) -> None:
        if not self.refuse_in_shared_screen("The programme report"):
            self.load_report()

    @work(thread=True, exclusive=True, group="report")
    def load_report(self) -> None:
        assert self.store is not None
        partnerships = [p for p in map(self.read_partnership, self.store.ids()) if p is not None]
        markdown = report_markdown(build_report(partnerships))
        self.call_from_thread(self.push_screen, ReportScreen(markdown))

    def export_partnership(self, partnership_id: str, fmt: str) -> None:
        partnership = self.load_partnership(partnership_id)
        if partnership is None:
            return
        folder = export_dir()
        target = folder / export_file_name(partnership, fmt)
        try:
            ensure_private_folder(folder)
            atomic_write(target, export_text(partnership, fmt).encode("utf-8"))
        except OSError as error:
            self.notify(f"Could not write {target}: {error.strerror or error}", title="Not exported", severity="error")
            return
        self.notify(str(target), title="Exported", timeout=15)

    def show_summary(self, partnership: Partnership) -> None:
        left = ClosingSession(partnership).goals_left_open()
        self.push_screen(
            SummaryScreen(
                partnership.id,
                record_markdown(partnership),
                f"{partnership.mentee} and {partnership.mentor}",
                closed=partnership.status == "closed",
                goals_left=len(left),
            )
        )

    def leave_dashboard(self) -> None:
        if self.refuse_in_shared_screen("The list of partnerships"):
            return
        if not self.flush_save():
            self.notify(f"{self.saver.error} Staying here so nothing is lost.", title="Not saved", severity="error")
            return
        self.session = None
        self.saver.follow(None)
        self.action_back_to_list()

    def action_back_to_list(self) -> None:
        if self.refuse_in_shared_screen("The list of partnerships"):
            return
        if not any(isinstance(screen, PartnershipsScreen) for screen in self.screen_stack):
            while len(self.screen_stack) > 1:  # opened straight onto a partnership: build the list now
                self.pop_screen()
            self.push_screen(PartnershipsScreen())
            return
        while not isinstance(self.screen, PartnershipsScreen):
            self.pop_screen()
        self.post_to_list(PartnershipsChanged())

    def post_to_list(self, message: PartnershipsChanged) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, PartnershipsScreen):
                screen.post_message(message)

    def finish_close(self) -> None:
        assert self.session is not None
        session = self.session
        session.finish()
        if not self.flush_save():
            session.reopen()
            self.notify(f"{self.saver.error} The close was not finished.", title="Not saved", severity="error")
            return
        self.session = None
        self.saver.follow(None)
        self.pop_screen()
        self.post_to_list(PartnershipsChanged(select=session.partnership.id))
        self.show_summary(session.partnership)

    def load_for_editing(self, partnership_id: str) -> Partnership | None:
        """The partnership, if this window may change it; otherwise say why and return None."""
        if self.read_only_reason:
            self.notify("This window is read-only.", severity="warning")
            return None
        return self.load_partnership(partnership_id)

    def reopen_partnership(self, partnership_id: str) -> None:
        partnership = self.load_for_editing(partnership_id)
        if partnership is None:
            return
        partnership.set_status("closing")
        if not self._save_now(partnership):
            return
        self.pop_screen()
        self.post_to_list(PartnershipsChanged(select=partnership_id))
        self.open_partnership(partnership_id)

    def start_follow_on(self, partnership_id: str) -> None:
        partnership = self.load_for_editing(partnership_id)
        if partnership is None:
            return
        draft = ClosingSession(partnership).follow_on()
        assert self.store is not None
        try:
            self.store.add(draft)
        except (StoreError, ValidationError) as error:
            self.notify(str(error), title="Not saved", severity="error")
            return
        self.notify(
            f"New partnership {draft.id} with {len(draft.goals)} goal(s) carried over.",
            title="Follow-on started",
            timeout=10,
        )
        self.post_to_list(PartnershipsChanged(select=draft.id))

    def _save_now(self, partnership: Partnership) -> bool:
        assert self.store is not None
        try:
            self.store.save(partnership)
        except (StoreError, ValidationError) as error:
            self.notify(str(error), title="Not saved", severity="error")
            return False
        return True

    # --- new partnerships -------------------------------------------------------

    def action_new_partnership(self) -> None:
        if self.refuse_in_shared_screen("The list of partnerships"):
            return
        if self.read_only_reason:
            self.notify("This window is read-only; new partnerships cannot be saved.", severity="warning")
            return
        self.push_screen(NewPartnershipScreen(), self._new_partnership_entered)

    def _new_partnership_entered(self, partnership: Partnership | None) -> None:
        if partnership is not None:
            partnership.guide = self.guide
            self.save_new_partnership(partnership)

    @work(thread=True, group="store")
    def save_new_partnership(self, partnership: Partnership) -> None:
        assert self.store is not None
        try:
            self.store.add(partnership)
        except StoreError as error:
            self.call_from_thread(self.notify, str(error), title="Not saved", severity="error", timeout=30)
            return
        self.call_from_thread(self._announce_new, partnership)

    def _announce_new(self, partnership: Partnership) -> None:
        self.notify(f"{partnership.mentee} with {partnership.mentor} ({partnership.id})", title="Partnership created")
        self.post_to_list(PartnershipsChanged(select=partnership.id))

    # --- saving the session (see autosave.py) -----------------------------------------

    @on(SessionEdited)
    def _session_edited(self) -> None:
        self.saver.soon()

    def flush_save(self) -> bool:
        """Save the session now (quit, signals, leaving). True when nothing is left unsaved."""
        return self.saver.flush()

    def show_save_state(self, text: str, failed: bool = False) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, DashboardScreen):
                screen.show_save_state(text, failed)

    def push_screen(self, screen, *args, **kwargs):
        """Push a screen that already carries its width class (-narrow, -wide).

        Textual adds the class at the screen's first resize, after its widgets
        are styled, and styles them all again: about 25 ms on the dashboard.
        """
        if isinstance(screen, Screen):
            width = self.size.width
            fitting = [name for least, name in sorted(self.HORIZONTAL_BREAKPOINTS) if width >= least][-1:]
            screen.update_classes({name: name in fitting for _, name in self.HORIZONTAL_BREAKPOINTS}, update=False)
        return super().push_screen(screen, *args, **kwargs)

    # --- help and the command palette -------------------------------------------------

    def described_bindings(self, screen: Screen) -> list[tuple[str, Binding, object]]:
        """Every binding with a description active on ``screen``: (key shown, binding, node)."""
        shown = []
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.id or binding.action in seen:
                continue
            seen.add(binding.action)
            shown.append((self.get_key_display(binding), binding, active.node))
        return shown

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        rows = [(key, binding.tooltip or binding.description) for key, binding, _ in self.described_bindings(self.screen)]
        guide = self.session.guide if self.session else self.guide
        self.push_screen(HelpScreen(rows, guide))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for key, binding, node in self.described_bindings(screen):
            if binding.action in ("quit", "help"):
                continue
            yield SystemCommand(
                f"{binding.description} ({key})",
                binding.tooltip or binding.description,
                partial(self.call_later, node.run_action, binding.action),
            )

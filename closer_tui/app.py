"""The closer Textual app: owns the store, saves off the UI thread, routes between screens."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding

from .assets import style_paths
from .export import record_markdown
from .messages import PartnershipsChanged
from .model import Partnership
from .store import Store, StoreError, StoreLockedError
from .screens.help import HelpScreen
from .screens.new_partnership import NewPartnershipScreen
from .screens.partnerships import PartnershipsScreen
from .screens.summary import SummaryScreen


class CloserApp(App):
    """Run the closing session of a mentoring partnership.

    ``db`` is the data folder; ``partnership_id`` opens that partnership at once.
    """

    TITLE = "closer"
    SUB_TITLE = "closing a mentoring partnership"
    CSS_PATH = style_paths("app.tcss", "partnerships.tcss", "forms.tcss", "summary.tcss")
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", tooltip="Save everything and quit", priority=True),
        Binding("f1", "help", "Help", id="app.help", tooltip="Every key, and the method's sources"),
        Binding("ctrl+n", "new_partnership", "New partnership", id="app.new", tooltip="Start a new partnership", show=False),
    ]

    def __init__(self, db: Path, partnership_id: str | None = None) -> None:
        super().__init__()
        self.db = Path(db)
        self.initial_partnership_id = partnership_id
        self.store: Store | None = None
        self.read_only_reason: str | None = None
        self.startup_error: str | None = None

    # --- lifecycle ------------------------------------------------------------

    def on_mount(self) -> None:
        try:
            self.store = self._open_store()
        except StoreError as error:
            self.startup_error = str(error)
            self.exit(return_code=1)
            return
        for problem in self.store.problems:
            self.notify(problem, title="A data file was skipped", severity="warning", timeout=30)
        self.push_screen(PartnershipsScreen())
        if self.read_only_reason:
            self.notify(self.read_only_reason, title="Read-only", severity="warning", timeout=15)
        if self.initial_partnership_id:
            self.open_partnership(self.initial_partnership_id)

    def _open_store(self) -> Store:
        try:
            return Store.open_writer(self.db)
        except StoreLockedError as error:
            self.read_only_reason = f"{error} Changes cannot be saved in this window."
            return Store.open_reader(self.db)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

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

    # --- actions ------------------------------------------------------------

    def open_partnership(self, partnership_id: str) -> None:
        partnership = self.load_partnership(partnership_id)
        if partnership is None:
            return
        self.push_screen(SummaryScreen(record_markdown(partnership), f"{partnership.mentee} and {partnership.mentor}"))

    def action_new_partnership(self) -> None:
        if self.read_only_reason:
            self.notify("This window is read-only; new partnerships cannot be saved.", severity="warning")
            return
        self.push_screen(NewPartnershipScreen(), self._new_partnership_entered)

    def _new_partnership_entered(self, partnership: Partnership | None) -> None:
        if partnership is not None:
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
        for screen in self.screen_stack:
            if isinstance(screen, PartnershipsScreen):
                screen.post_message(PartnershipsChanged(select=partnership.id))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        shown = []
        seen = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            shown.append((self.get_key_display(binding), binding.tooltip or binding.description))
        self.push_screen(HelpScreen(shown))

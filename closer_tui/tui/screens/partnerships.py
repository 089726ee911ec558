"""The partnership list: pick a partnership, or start a new one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from ...listing import count_open
from ..messages import DeleteRequested, EditDetailsRequested, ListRequested, OpenRequested, TrashRequested
from ..widgets.title_bar import TitleBar
from ..services import services
from ..widgets.key_footer import KeyFooter
from ..widgets.key_names import key_name
from ..widgets.partnership_table import PartnershipTable
from .shared_cover import CoveredWhenShared


def counted(number: int, noun: str) -> str:
    """``1 partnership``, ``10,000 partnerships``."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


class PartnershipsScreen(CoveredWhenShared, Screen):
    """Every partnership, active ones first: the app publishes them (services.partnerships_signal)."""

    STYLE_SHEETS = ("partnerships.tcss",)  # beyond those always read (style_sheets.py)

    BINDINGS = [
        Binding("n", "app.new_partnership", "New", id="partnerships.new", tooltip="Start a new partnership"),
        Binding("enter", "open_selected", "Open", id="partnerships.open", tooltip="Open the highlighted partnership"),
        Binding("e", "edit_selected", "Correct", id="partnerships.edit", tooltip="Correct the highlighted partnership's names, programme or dates"),
        Binding("v", "app.review", "Review", id="partnerships.review", tooltip="Review past partnerships: filter, sort, export"),
        Binding("p", "app.report", "Outcomes", id="partnerships.report", tooltip="The programme's outcomes across closed partnerships"),
        Binding(
            "d,delete",
            "delete_selected",
            "Delete",
            id="partnerships.delete",
            tooltip="Move the highlighted partnership to the trash (asks first; nothing is erased)",
        ),
        Binding("t", "trash", "Trash", id="partnerships.trash", tooltip="The partnerships in the trash: bring one back"),
    ]

    def __init__(self, rows: list[dict] | None = None, counts: tuple[int, int] | None = None) -> None:
        super().__init__()
        self._first_rows = rows  # shown at mount; None: asked for (ListRequested)
        self._first_counts = counts  # (partnerships, open ones) when the first rows are not all of them

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="read-only-banner")
        yield Static("", id="list-heading")
        yield PartnershipTable(id="partnerships")
        yield Static("", id="empty-message", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        banner = self.query_one("#read-only-banner", Static)
        app = services(self)
        reason = app.read_only_reason
        banner.display = bool(reason)
        banner.update(f"Read-only: {reason}" if reason else "")
        empty = self.query_one("#empty-message", Static)
        empty.update(f"No partnerships yet. Press {key_name(self, 'partnerships.new')} to start one.")
        empty.display = False  # until the rows arrive
        self.query_one(PartnershipTable).display = False
        app.partnerships_signal.subscribe(self, lambda published: self.reload(*published))
        if self._first_rows is None:
            self.post_message(ListRequested())
        else:
            self.reload(self._first_rows, counts=self._first_counts)
            self._first_rows = self._first_counts = None

    def reload(self, rows: list[dict], select: str | None = None, counts: tuple[int, int] | None = None) -> None:
        """Show ``rows`` (in list order), keeping the highlighted one or moving to ``select``;
        ``counts``: (partnerships, open ones), when ``rows`` are only the first of them."""
        table = self.query_one(PartnershipTable)
        table.set_rows(rows, keep=select)
        total, active = counts or (len(rows), count_open(rows))
        self.query_one("#list-heading", Static).update(
            f"{counted(total, 'partnership')}, {active:,} open. {key_name(self, 'partnerships.open').capitalize()} opens one,"
            f" {key_name(self, 'partnerships.new')} starts a new one."
        )
        self.query_one("#empty-message").display = not rows
        table.display = bool(rows)
        table.focus()

    @property
    def rows(self) -> list[dict]:
        """The summaries listed, in list order."""
        return self.query_one(PartnershipTable).rows

    def highlighted_id(self) -> str | None:
        return self.query_one(PartnershipTable).highlighted_id()

    def action_open_selected(self) -> None:
        pid = self.highlighted_id()
        if pid is not None:
            self.post_message(OpenRequested(pid))

    def action_edit_selected(self) -> None:
        pid = self.highlighted_id()
        if pid is not None:
            self.post_message(EditDetailsRequested(pid))

    def action_delete_selected(self) -> None:
        pid = self.highlighted_id()
        if pid is not None:
            self.post_message(DeleteRequested(pid))

    def action_trash(self) -> None:
        self.post_message(TrashRequested())

    @on(PartnershipTable.Chosen)
    def _row_chosen(self, event: PartnershipTable.Chosen) -> None:
        event.stop()
        self.post_message(OpenRequested(event.partnership_id))

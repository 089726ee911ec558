"""The partnership list: pick a partnership, or start a new one."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ...listing import STATUS_SYMBOLS
from ..messages import DeleteRequested, EditDetailsRequested, ListRequested, OpenRequested, TrashRequested
from ..services import services
from ..widgets.key_footer import KeyFooter
from ..widgets.key_names import key_name
from ..widgets.review_table import fit
from .shared_cover import CoveredWhenShared

COLUMNS = ("Status", "Mentee", "Mentor", "Goals met", "Since", "Programme")
# (narrowest, preferred) width of each column's text; a date is never cut.
WIDTHS = {"Status": (9, 9), "Mentee": (10, 24), "Mentor": (10, 24), "Goals met": (9, 9), "Since": (10, 10), "Programme": (10, 32)}
DROPPED_FIRST = ("Programme", "Goals met")  # when even the narrowest widths do not fit
CELL_PADDING = 2  # DataTable's, one cell each side


def list_widths(total: int) -> dict[str, int]:
    """The width of each column shown in ``total`` cells; the names and the programme share what is left."""
    shown = list(COLUMNS)
    for title in DROPPED_FIRST:
        if sum(WIDTHS[t][0] + CELL_PADDING for t in shown) <= total:
            break
        shown.remove(title)
    widths = {title: WIDTHS[title][0] for title in shown}
    spare = total - sum(widths.values()) - CELL_PADDING * len(shown) - 1
    flexible = [t for t in ("Mentee", "Mentor", "Programme") if t in widths]
    while spare > 0:
        growing = [t for t in flexible if widths[t] < WIDTHS[t][1]] or flexible
        for title in growing:
            if spare > 0:
                widths[title] += 1
                spare -= 1
    return widths


class PartnershipsScreen(CoveredWhenShared, Screen):
    """Every partnership, active ones first: the app publishes them (services.partnerships_signal)."""

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

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="read-only-banner")
        yield Static("", id="list-heading")
        yield DataTable(id="partnerships", cursor_type="row", zebra_stripes=True)
        yield Static("", id="empty-message", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.rows: list[dict] = []
        self._widths: dict[str, int] = {}
        banner = self.query_one("#read-only-banner", Static)
        app = services(self)
        reason = app.read_only_reason
        banner.display = bool(reason)
        banner.update(f"Read-only: {reason}" if reason else "")
        empty = self.query_one("#empty-message", Static)
        empty.update(f"No partnerships yet. Press {key_name(self, 'partnerships.new')} to start one.")
        empty.display = False  # until the rows arrive
        self.query_one(DataTable).display = False
        app.partnerships_signal.subscribe(self, lambda published: self.reload(*published))
        self.post_message(ListRequested())

    def reload(self, rows: list[dict], select: str | None = None) -> None:
        """Show ``rows`` (in list order), keeping the highlighted one or moving to ``select``."""
        current = select or self.highlighted_id()
        self.rows = rows
        self.fill(current)
        table = self.query_one(DataTable)
        active = sum(1 for row in rows if row["status"] != "closed")
        self.query_one("#list-heading", Static).update(
            f"{len(rows)} partnerships, {active} open. {key_name(self, 'partnerships.open').capitalize()} opens one,"
            f" {key_name(self, 'partnerships.new')} starts a new one."
        )
        self.query_one("#empty-message").display = not rows
        table.display = bool(rows)
        table.focus()

    def fill(self, current: str | None) -> None:
        """The rows in the columns that fit this width, each cell cut with … if too long."""
        table = self.query_one(DataTable)
        widths = list_widths(self.size.width or self.app.size.width)
        self._widths = widths
        table.clear(columns=True)
        for title, width in widths.items():
            table.add_column(title, width=width, key=title)
        for row in self.rows:
            cells = {
                "Status": f"{STATUS_SYMBOLS.get(row['status'], '?')} {row['status']}",
                "Mentee": row["mentee"],
                "Mentor": row["mentor"],
                "Goals met": f"{row['goals_met']} of {row['goals_total']}",
                "Since": row["start_date"],
                "Programme": row["programme"] or "—",
            }
            table.add_row(*(fit(cells[title], width).rstrip() for title, width in widths.items()), key=row["id"])
        if current is not None and current in {row["id"] for row in self.rows}:
            table.move_cursor(row=table.get_row_index(current))

    def on_resize(self, event: events.Resize) -> None:
        if self.rows and list_widths(event.size.width) != self._widths:
            self.fill(self.highlighted_id())

    def highlighted_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

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

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(OpenRequested(event.row_key.value))

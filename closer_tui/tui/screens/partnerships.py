"""The partnership list: pick a partnership, or start a new one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ...listing import STATUS_SYMBOLS
from ..messages import ListRequested, OpenRequested
from ..services import services
from ..widgets.key_footer import KeyFooter
from .shared_cover import CoveredWhenShared

COLUMNS = ("Status", "Mentee", "Mentor", "Goals met", "Since", "Programme")


class PartnershipsScreen(CoveredWhenShared, Screen):
    """Every partnership, active ones first: the app publishes them (services.partnerships_signal)."""

    BINDINGS = [
        Binding("n", "app.new_partnership", "New", id="partnerships.new", tooltip="Start a new partnership"),
        Binding("enter", "open_selected", "Open", id="partnerships.open", tooltip="Open the highlighted partnership"),
        Binding("v", "app.review", "Review", id="partnerships.review", tooltip="Review past partnerships: filter, sort, export"),
        Binding("p", "app.report", "Outcomes", id="partnerships.report", tooltip="The programme's outcomes across closed partnerships"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="read-only-banner")
        yield Static("", id="list-heading")
        yield DataTable(id="partnerships", cursor_type="row", zebra_stripes=True)
        yield Static(
            "No partnerships yet. Press [b]n[/b] to start one.",
            id="empty-message",
        )
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        banner = self.query_one("#read-only-banner", Static)
        app = services(self)
        reason = app.read_only_reason
        banner.display = bool(reason)
        banner.update(f"Read-only: {reason}" if reason else "")
        self.query_one("#empty-message").display = False  # until the rows arrive
        table.display = False
        app.partnerships_signal.subscribe(self, lambda published: self.reload(*published))
        self.post_message(ListRequested())

    def reload(self, rows: list[dict], select: str | None = None) -> None:
        """Show ``rows`` (in list order), keeping the highlighted one or moving to ``select``."""
        table = self.query_one(DataTable)
        current = select or self.highlighted_id()
        table.clear()
        for row in rows:
            table.add_row(
                f"{STATUS_SYMBOLS.get(row['status'], '?')} {row['status']}",
                row["mentee"],
                row["mentor"],
                f"{row['goals_met']} of {row['goals_total']}",
                row["start_date"],
                row["programme"] or "—",
                key=row["id"],
            )
        active = sum(1 for row in rows if row["status"] != "closed")
        self.query_one("#list-heading", Static).update(
            f"{len(rows)} partnerships, {active} open. Enter opens one, n starts a new one."
        )
        self.query_one("#empty-message").display = not rows
        table.display = bool(rows)
        if current is not None and current in {row["id"] for row in rows}:
            table.move_cursor(row=table.get_row_index(current))
        table.focus()

    def highlighted_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_open_selected(self) -> None:
        pid = self.highlighted_id()
        if pid is not None:
            self.post_message(OpenRequested(pid))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(OpenRequested(event.row_key.value))

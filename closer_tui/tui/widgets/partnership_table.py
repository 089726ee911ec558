"""The list of partnerships as a table that draws only the rows on screen.

Textual's DataTable measures and keeps every cell it is given: seconds and tens
of megabytes for 10,000 partnerships, all before the list is first drawn. This
table keeps the summaries as they came and renders the visible lines on demand
with the Line API, so a list of 10,000 costs what a list of 30 does.
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.strip import Strip

from ...control_characters import safe_for_terminal
from ...listing import STATUS_SYMBOLS
from .line_table import LineTable, cells_line
from .review_table import fit

COLUMNS = ("Status", "Mentee", "Mentor", "Goals met", "Since", "Programme")
# (narrowest, preferred) width of each column's text; a date is never cut.
WIDTHS = {"Status": (9, 9), "Mentee": (10, 24), "Mentor": (10, 24), "Goals met": (9, 9), "Since": (10, 10), "Programme": (10, 32)}
DROPPED_FIRST = ("Programme", "Goals met")  # when even the narrowest widths do not fit
CELL_PADDING = 2  # one cell each side of a column's text


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


def cells_of(row: dict) -> dict[str, str]:
    """What each column shows of one summary (drawn as it is: never read as markup; a control
    character, which closer refuses in names anyway, would show as a symbol)."""
    return {
        "Status": f"{STATUS_SYMBOLS.get(row['status'], '?')} {row['status']}",
        "Mentee": safe_for_terminal(row["mentee"]),
        "Mentor": safe_for_terminal(row["mentor"]),
        "Goals met": f"{row['goals_met']} of {row['goals_total']}",
        "Since": row["start_date"] or "",
        "Programme": safe_for_terminal(row["programme"]) or "—",
    }


class PartnershipTable(LineTable):
    """One partnership a line under a line of column titles; arrows move, a click or Enter opens."""

    COMPONENT_CLASSES = {"partnership-table--header", "partnership-table--cursor", "partnership-table--stripe"}

    class Chosen(Message):
        """A row was clicked: open it."""

        def __init__(self, partnership_id: str) -> None:
            super().__init__()
            self.partnership_id = partnership_id

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._widths: tuple[int, dict[str, int]] = (-1, {})

    # --- data -----------------------------------------------------------------

    def set_rows(self, rows: list[dict], keep: str | None = None) -> None:
        """Show ``rows`` (in list order); the highlight stays on ``keep`` (an id), else on the same partnership."""
        keep = keep or self.highlighted_id()
        self.show_rows(rows, next((i for i, row in enumerate(rows) if row["id"] == keep), 0) if keep else 0)

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def row_ids(self) -> list[str]:
        return [row["id"] for row in self.rows]

    def highlighted_id(self) -> str | None:
        return self.rows[self.cursor]["id"] if 0 <= self.cursor < len(self.rows) else None

    def move_to(self, partnership_id: str) -> None:
        self.cursor = next(i for i, row in enumerate(self.rows) if row["id"] == partnership_id)

    def widths(self) -> dict[str, int]:
        """The columns shown at the table's width, and the width of each."""
        width = self.size.width
        if self._widths[0] != width:
            self._widths = (width, list_widths(width))
        return self._widths[1]

    def shown_cells(self, index: int) -> list[str]:
        """Row ``index`` as drawn: each shown column's text, cut to its width (with … when cut)."""
        cells = cells_of(self.rows[index])
        return [fit(cells[title], width) for title, width in self.widths().items()]

    # --- drawing --------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            style = self.rich_style + self.get_component_rich_style("partnership-table--header")
            return cells_line([fit(title, w) for title, w in self.widths().items()], width, style, gap="  ")
        index = self.scroll_offset.y + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        style = self.rich_style
        if index % 2:
            style += self.get_component_rich_style("partnership-table--stripe")
        if index == self.cursor:
            style += self.get_component_rich_style("partnership-table--cursor")
        return cells_line(self.shown_cells(index), width, style, gap="  ")

    # --- choosing --------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y - 1
        if event.y >= 1 and 0 <= index < len(self.rows):
            self.cursor = index
            self.post_message(self.Chosen(self.rows[index]["id"]))

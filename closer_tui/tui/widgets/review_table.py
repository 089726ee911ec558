"""A table that draws only the rows on screen, so 10,000 partnerships cost no more than 40.

Textual's DataTable measures every cell it is given (about two seconds for
10,000 rows here); this table keeps plain rows and renders visible lines on
demand with the Line API.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from ...review import COLUMN_KEYS, COLUMNS, ReviewRow
from .line_table import LineTable, cells_line

# (narrowest, preferred) width per column: the narrowest fits the title with a sort arrow, and the
# dates and close times whole.
WIDTHS = {
    "mentee": (14, 22),
    "mentor": (14, 22),
    "programme": (11, 24),
    "status": (8, 8),
    "closed_on": (11, 11),
    "end_reason": (12, 23),
    "goals": (11, 11),
    "close_time": (13, 13),
}
# Which columns stay when the table is too narrow for all: the first ones (the rest go from the end).
KEEP_ORDER = ("mentee", "mentor", "status", "goals", "closed_on", "programme", "close_time", "end_reason")
GROW_ORDER = ("mentee", "mentor", "status", "closed_on", "goals", "end_reason", "close_time", "programme")
FLEXIBLE = ("mentee", "mentor", "programme")


def fit(text: str, width: int) -> str:
    """One line of exactly ``width`` cells (wide characters counted), with … when cut."""
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, max(0, width - 1)) + "…" if width else ""


def shown_columns(total: int) -> tuple[str, ...]:
    """The columns that fit in ``total`` cells at their narrowest, dropped in reverse KEEP_ORDER."""
    kept = list(KEEP_ORDER)
    while len(kept) > 2 and sum(WIDTHS[key][0] + 1 for key in kept) + 1 > total:
        kept.pop()
    return tuple(key for key in COLUMN_KEYS if key in kept)


def column_widths(total: int) -> list[int]:
    """A width per column of COLUMNS; 0 for a column left out at this width."""
    shown = shown_columns(total)
    widths = {key: WIDTHS[key][0] for key in shown}
    spare = total - sum(widths.values()) - len(shown) - 1
    for key in GROW_ORDER:
        if key in widths:
            grow = max(0, min(spare, WIDTHS[key][1] - widths[key]))
            widths[key] += grow
            spare -= grow
    flexible = [key for key in FLEXIBLE if key in widths]
    for i, key in enumerate(flexible):
        share = spare // (len(flexible) - i) if spare > 0 else 0
        widths[key] += share
        spare -= share
    return [widths.get(key, 0) for key in COLUMN_KEYS]


class ReviewTable(LineTable):
    """Rows of past partnerships; arrows move, Enter opens, ←/→ pick a column, s sorts by it."""

    BINDINGS = [
        Binding("left", "column(-1)", "Column", show=False),
        Binding("right", "column(1)", "Column", show=False),
        Binding("s", "sort", "Sort", id="review.sort", tooltip="Sort by the highlighted column (again: reverse)"),
        Binding("enter", "open", "Open", id="review.open", tooltip="Open the highlighted partnership's summary"),
    ]
    COMPONENT_CLASSES = {"review-table--header", "review-table--cursor", "review-table--sorted"}

    column = reactive(0)

    class Opened(Message):
        def __init__(self, partnership_id: str) -> None:
            super().__init__()
            self.partnership_id = partnership_id

    class SortRequested(Message):
        def __init__(self, column: str) -> None:
            super().__init__()
            self.column = column

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.sorted_by: tuple[str, bool] | None = None

    # --- data -----------------------------------------------------------------

    def set_rows(self, rows: list[ReviewRow], keep: str | None = None) -> None:
        keep = keep or self.highlighted_id()
        self.show_rows(rows, next((i for i, row in enumerate(rows) if row.summary["id"] == keep), 0) if keep else 0)

    def highlighted_id(self) -> str | None:
        return self.rows[self.cursor].id if 0 <= self.cursor < len(self.rows) else None

    # --- drawing --------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        widths = column_widths(width)
        if y == 0:
            return self._header(widths, width)
        index = self.scroll_offset.y + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        style = self.rich_style
        if index == self.cursor:
            style = style + self.get_component_rich_style("review-table--cursor")
        return self._line(self.rows[index].cells, widths, width, style)

    def _header(self, widths: list[int], width: int) -> Strip:
        base = self.rich_style + self.get_component_rich_style("review-table--header")
        chosen = base + (self.get_component_rich_style("review-table--sorted") if self.has_focus else Style(underline=True))
        segments = [Segment(" ", base)]
        for index, ((key, title), cell_width) in enumerate(zip(COLUMNS, widths, strict=True)):
            if not cell_width:
                continue
            if self.sorted_by and self.sorted_by[0] == key:
                title += " ▼" if self.sorted_by[1] else " ▲"
            segments += [Segment(fit(title, cell_width), chosen if index == self.column else base), Segment(" ", base)]
        return Strip(segments).adjust_cell_length(width, base)

    @staticmethod
    def _line(cells: tuple[str, ...], widths: list[int], width: int, style: Style) -> Strip:
        return cells_line([fit(cell, cell_width) for cell, cell_width in zip(cells, widths, strict=True) if cell_width], width, style)

    # --- moving -----------------------------------------------------------------

    def watch_column(self) -> None:
        self.refresh()

    def action_column(self, step: int) -> None:
        """The next column shown (those left out at this width are skipped)."""
        widths = column_widths(self.size.width)
        column = self.column
        for _ in COLUMNS:
            column = (column + step) % len(COLUMNS)
            if widths[column]:
                break
        self.column = column

    def action_sort(self) -> None:
        self.post_message(self.SortRequested(COLUMN_KEYS[self.column]))

    def action_open(self) -> None:
        pid = self.highlighted_id()
        if pid is not None:
            self.post_message(self.Opened(pid))

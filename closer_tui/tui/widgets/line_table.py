"""What the list's and the review's tables share: rows drawn on demand, a row cursor, and cells.

Both draw only the rows on screen (Textual's Line API), so 10,000 partnerships cost what 40
do; this is the cursor that moves over them and the way a row of cells becomes a line.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


def cells_line(cells: list[str], width: int, style: Style, gap: str = " ") -> Strip:
    """Cells (each already cut to its column) as one line of ``width`` cells after a space.

    One segment for the whole line: every extra segment costs the compositor and the terminal
    output on each frame, and a filter keystroke redraws every visible line."""
    return Strip([Segment(" " + gap.join(cells), style)]).adjust_cell_length(width, style)


class LineTable(ScrollView, can_focus=True):
    """A title line, then one row a line; the arrows, Page Up/Down, Home and End move the cursor."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]

    cursor = reactive(0, always_update=True)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[Any] = []

    def show_rows(self, rows: list[Any], at: int) -> None:
        """Show ``rows``, the cursor on row ``at``."""
        self.rows = rows
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        self.cursor = at
        self.refresh()

    def watch_cursor(self, cursor: int) -> None:
        visible = max(1, self.size.height - 1)
        top = self.scroll_offset.y
        if cursor < top:
            self.scroll_to(y=cursor, animate=False)
        elif cursor >= top + visible:
            self.scroll_to(y=cursor - visible + 1, animate=False)
        self.refresh()

    def action_cursor(self, step: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.size.height - 2))

    def action_jump(self, where: int) -> None:
        if self.rows:
            self.cursor = where % len(self.rows)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows) + 1)

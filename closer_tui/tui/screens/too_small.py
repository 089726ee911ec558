"""Shown instead of a broken layout when the terminal is smaller than closer can use."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from ..widgets.key_names import key_name

#: The smallest terminal closer lays out (columns, rows): the dashboard fits its timer, the stage,
#: five rows of notes and the goals here.
MIN_SIZE = (60, 20)


def too_small(width: int, height: int) -> bool:
    return width < MIN_SIZE[0] or height < MIN_SIZE[1]


class TooSmallScreen(Screen):
    """A plain notice; it goes by itself once the window is large enough (ctrl+q still quits)."""

    STYLE_SHEETS = ()  # app.tcss is always read (style_sheets.py)

    SCREEN_ID = "too-small-notice"

    def __init__(self) -> None:
        super().__init__(id=self.SCREEN_ID)

    def compose(self) -> ComposeResult:
        yield Static("", id="too-small", markup=False)

    def on_mount(self) -> None:
        self._show(self.app.size.width, self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._show(event.size.width, event.size.height)

    def on_screen_resume(self) -> None:
        self._show(self.app.size.width, self.app.size.height)

    def _show(self, width: int, height: int) -> None:
        if not too_small(width, height):
            if self.app.screen is self:  # one lower in the stack goes when it comes back on top
                self.app.pop_screen()
            return
        self.query_one("#too-small", Static).update(
            f"Make the window larger.\n\ncloser needs at least {MIN_SIZE[0]} columns and {MIN_SIZE[1]} rows;"
            f" this one has {width} by {height}.\nNothing is lost meanwhile ({key_name(self, 'app.quit')} saves and quits)."
        )

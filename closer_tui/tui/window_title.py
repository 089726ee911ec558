"""The terminal window's title: what a video tool's window picker and a taskbar show.

Textual never sets it. During a close the dashboard shows the time left and
the stage there; the terminal's own title is saved on its title stack
(``CSI 22;2 t``) before the first change and given back (``CSI 23;2 t``) when
the close is left or the app ends. Terminals without a title stack get the
app's name back instead.
"""

from __future__ import annotations

from textual.app import App

from ..control_characters import safe_for_terminal

SAVE_TITLE = "\x1b[22;2t"
RESTORE_TITLE = "\x1b[23;2t"


def set_title_sequence(text: str) -> str:
    """OSC 2 with ``text`` (control characters dropped: a guide's stage title is user text)."""
    one_line = " ".join(safe_for_terminal(text).split())
    return f"\x1b]2;{one_line}\x07"


class WindowTitle:
    def __init__(self, app: App) -> None:
        self.app = app
        #: The title closer set, or None while the terminal shows its own.
        self.shown: str | None = None

    def _write(self, sequence: str) -> None:
        driver = self.app._driver  # Textual has no public way to write a sequence of our own
        if driver is not None:
            driver.write(sequence)

    def show(self, text: str | None) -> None:
        """Put ``text`` in the window title; None gives the terminal its own title back."""
        if text == self.shown:
            return
        if text is None:
            self._write(set_title_sequence(self.app.title) + RESTORE_TITLE)
        else:
            self._write((SAVE_TITLE if self.shown is None else "") + set_title_sequence(text))
        self.shown = text

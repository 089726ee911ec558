"""The small, typed part of the app that screens may use directly.

Everything else a screen wants done it asks for with a message (messages.py);
what changes reaches it through these signals, which it subscribes to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from textual.dom import DOMNode
from textual.signal import Signal

from ..pacing import PauseCollector

if TYPE_CHECKING:  # names for the signals' types: none of these modules is needed to use them
    from ..autosave import SessionSaver
    from ..export.story import StoryView
    from ..model import Meeting
    from ..prep_sheet import SheetReading


class CloserServices(Protocol):
    saver: SessionSaver | None  # None until the data folder is open
    collector: PauseCollector
    shared_screen: bool
    #: (text, failed): the save indicator's new state
    save_state_signal: Signal[tuple[str, bool]]
    #: (rows, select): the list of partnerships changed
    partnerships_signal: Signal[tuple[list[dict], str | None]]
    #: on or off: shared-screen mode changed
    shared_screen_signal: Signal[bool]
    #: published just before a final save (quit, a signal): copy anything typed into the session now
    final_save_signal: Signal[None]
    #: (partnership id, its meetings, the index of the one changed or None): a session log changed
    session_log_signal: Signal[tuple[str, list[Meeting], int | None]]
    #: a partner's reflection sheet was read into the open session (SheetReadRequested answered)
    sheet_read_signal: Signal[SheetReading]
    #: a story's variant or consent changed: the story as it now reads
    story_signal: Signal[StoryView]

    @property
    def read_only_reason(self) -> str | None: ...

    @property
    def bell_on(self) -> bool:
        """Whether the bell rings when a stage's budget runs out (a remembered setting)."""

    def set_bell(self, on: bool) -> None: ...

    def show_window_title(self, text: str | None) -> None:
        """Put ``text`` in the terminal window's title; None gives the terminal its own back."""

    def refuse_in_shared_screen(self, what: str) -> bool: ...

    def has_screen_below(self) -> bool:
        """Whether there is a screen of closer's under the one on top, to go back to."""

    def audience_command(self, partnership_id: str) -> str:
        """The exact shell command that opens the audience view of this partnership."""

def services(node: DOMNode) -> CloserServices:
    """The app, seen through what screens may use of it."""
    return cast(CloserServices, node.app)

"""What a shared screen shows instead of other people's partnerships."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from ..widgets.key_footer import KeyFooter
from ..widgets.shared_marker import SharedScreenMarker


class SharedCoverScreen(Screen):
    """Covers the list, review and report while shared-screen mode is on."""

    def compose(self) -> ComposeResult:
        yield SharedScreenMarker()
        yield Static(
            "Shared-screen mode\n\n"
            "The list of partnerships is hidden while the screen is shared.\n"
            "Open one partnership before sharing (closer --shared-screen open ID),\n"
            "or leave shared-screen mode with ctrl+o.",
            id="shared-cover",
        )
        yield KeyFooter()

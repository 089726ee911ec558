"""What a shared screen shows instead of other people's partnerships."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from ..services import services
from ..widgets.key_footer import KeyFooter
from ..widgets.key_names import key_name
from ..widgets.shared_marker import SharedScreenMarker


class CoveredWhenShared(Screen):
    """Mixed into screens that show other people's partnerships: while shared-screen mode
    is on and such a screen is on top, a cover hides it."""

    def on_mount(self) -> None:
        app = services(self)
        app.shared_screen_signal.subscribe(self, self._shared_screen_changed)
        if app.shared_screen:
            self.call_after_refresh(self._shared_screen_changed, True)

    def on_screen_resume(self) -> None:
        """Whatever route led back here (escape from a summary, a dialog closing), it stays covered."""
        if services(self).shared_screen:
            self.call_after_refresh(self._shared_screen_changed, True)

    def _shared_screen_changed(self, on: bool) -> None:
        # On top only: Textual's is_current is true for the screen under the top one too, which
        # covered a dashboard opened from the list the moment shared-screen mode went on.
        if on and self.app.screen is self and services(self).shared_screen:
            self.app.push_screen(SharedCoverScreen())


class SharedCoverScreen(Screen):
    """Covers the list, review and report while shared-screen mode is on; goes when it goes off."""

    STYLE_SHEETS = ()  # shared_screen.tcss is always read (style_sheets.py)

    def on_mount(self) -> None:
        services(self).shared_screen_signal.subscribe(self, self._shared_screen_changed)

    def _shared_screen_changed(self, on: bool) -> None:
        if not on and self.is_current:
            self.dismiss()

    def compose(self) -> ComposeResult:
        yield SharedScreenMarker()
        yield Static(
            "Shared-screen mode\n\n"
            "The list of partnerships is hidden while the screen is shared.\n"
            "Open one partnership before sharing (closer --shared-screen open ID),\n"
            f"or leave shared-screen mode with {key_name(self, 'app.toggle_shared_screen')}.",
            id="shared-cover",
            markup=False,
        )
        yield KeyFooter()

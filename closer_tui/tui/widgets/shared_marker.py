"""A plain marker that the view is safe to share; shown only in shared-screen mode."""

from __future__ import annotations

from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from .key_names import key_name


class SharedScreenMarker(Static):
    def __init__(self) -> None:
        super().__init__("", classes="shared-marker")

    def on_mount(self) -> None:
        leave = key_name(self, "app.toggle_shared_screen")
        self.update(f"● SHARED SCREEN · safe to share ({leave} leaves): private notes and other partnerships are hidden")


def mark_dialog(screen: Screen) -> None:
    """Give a dialog the marker of its own, docked over the screen's top row where the marker
    of the screen beneath it is, so that the dialog's dimming never hides it (app.py calls
    this on every change of screen)."""
    if isinstance(screen, ModalScreen) and not screen.query(SharedScreenMarker):
        screen.mount(SharedScreenMarker(), before=0 if screen.children else None)
        screen.add_class("-with-marker")

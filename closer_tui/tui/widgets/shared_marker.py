"""A plain marker that the view is safe to share; shown only in shared-screen mode."""

from __future__ import annotations

from textual.widgets import Static

from .key_names import key_name


class SharedScreenMarker(Static):
    def __init__(self) -> None:
        super().__init__("", classes="shared-marker")

    def on_mount(self) -> None:
        leave = key_name(self, "app.toggle_shared_screen")
        self.update(f"● SHARED SCREEN · safe to share ({leave} leaves): private notes and other partnerships are hidden")

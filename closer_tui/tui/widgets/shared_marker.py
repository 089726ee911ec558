"""A plain marker that the view is safe to share; shown only in shared-screen mode."""

from __future__ import annotations

from textual.widgets import Static


class SharedScreenMarker(Static):
    def __init__(self) -> None:
        super().__init__(
            "● SHARED SCREEN · safe to share (ctrl+o leaves): private notes and other partnerships are hidden",
            classes="shared-marker",
        )

"""Messages the app sends to its screens when the data changes."""

from __future__ import annotations

from textual.message import Message


class PartnershipsChanged(Message):
    """The store's list of partnerships changed; ``select`` is the id to show."""

    def __init__(self, select: str | None = None) -> None:
        super().__init__()
        self.select = select


class SessionEdited(Message):
    """The closing session changed: the app saves it soon."""

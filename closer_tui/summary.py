"""What the read-only summary of one partnership shows, ready for a screen or a page."""

from __future__ import annotations

from dataclasses import dataclass

from .export import record_markdown
from .follow_on import goals_to_carry
from .model import Partnership


@dataclass(frozen=True)
class Summary:
    """What the read-only summary of one partnership shows."""

    id: str
    title: str  # "<mentee> and <mentor>"
    markdown: str  # the record, private notes left out
    closed: bool
    goals_left: int  # open, partly or not achieved, changed: what a follow-on would carry
    follow_on: str | None = None  # the follow-on partnership started from this one, if it is in the store

    @classmethod
    def of(cls, partnership: Partnership, *, follow_on: str | None = None) -> Summary:
        """``follow_on``: the id of this partnership's follow-on, once the caller knows it exists."""
        return cls(
            id=partnership.id,
            title=f"{partnership.mentee} and {partnership.mentor}",
            markdown=record_markdown(partnership),
            closed=partnership.status == "closed",
            goals_left=len(goals_to_carry(partnership)),
            follow_on=follow_on,
        )

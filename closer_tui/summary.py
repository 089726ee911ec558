"""What the read-only summary of one partnership shows, ready for a screen or a page."""

from __future__ import annotations

from dataclasses import dataclass

from .export import record_markdown
from .model import Partnership
from .session import ClosingSession


@dataclass(frozen=True)
class Summary:
    """What the read-only summary of one partnership shows."""

    id: str
    title: str  # "<mentee> and <mentor>"
    markdown: str  # the record, private notes left out
    closed: bool
    goals_left: int  # open, partly or not achieved: what a follow-on would carry

    @classmethod
    def of(cls, partnership: Partnership) -> Summary:
        return cls(
            id=partnership.id,
            title=f"{partnership.mentee} and {partnership.mentor}",
            markdown=record_markdown(partnership),
            closed=partnership.status == "closed",
            goals_left=len(ClosingSession(partnership).goals_left_open()),
        )

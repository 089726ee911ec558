"""What screens ask of the app. The app runs the workflow (see desk.py) and answers through its signals.

Screens post these and never call the app's methods by name; the app handles
each with ``@on`` in app.py.
"""

from __future__ import annotations

from textual.message import Message


class PartnershipRequest(Message):
    """Something to do with one partnership (handlers match the subclasses, never this)."""

    def __init__(self, partnership_id: str) -> None:
        super().__init__()
        self.partnership_id = partnership_id


class OpenRequested(PartnershipRequest):
    """Open a partnership: its dashboard, or the summary of one already closed."""


class SummaryRequested(PartnershipRequest):
    """Show the read-only summary of a partnership, whatever its status."""


class ReopenRequested(PartnershipRequest):
    """A closed partnership back to closing, and its dashboard."""


class FollowOnRequested(PartnershipRequest):
    """Open this closed partnership's follow-on; if it has none, ask which goals to carry and start one."""


class DeleteRequested(PartnershipRequest):
    """Move a partnership to the trash (the app asks first)."""


class TrashRequested(Message):
    """Show what the trash holds, to bring one back."""


class SessionLogChangeRequested(PartnershipRequest):
    """Add (``index`` None), edit or remove (``fields`` None) a meeting of the session log."""

    def __init__(self, partnership_id: str, index: int | None, fields: dict | None) -> None:
        super().__init__(partnership_id)
        self.index = index
        self.fields = fields  # date, notes, milestone


class StoryRequested(PartnershipRequest):
    """Show a partnership's story for both partners to read and answer."""


class StoryVariantChosen(Message):
    """Name the pair another way in the story (full, first, initials, roles)."""

    def __init__(self, partnership_id: str, variant: str) -> None:
        super().__init__()
        self.partnership_id = partnership_id
        self.variant = variant


class ConsentAnswered(Message):
    """One partner's answer to sharing the story as it now reads."""

    def __init__(self, partnership_id: str, who: str, given: bool) -> None:
        super().__init__()
        self.partnership_id = partnership_id
        self.who = who
        self.given = given


class EditDetailsRequested(PartnershipRequest):
    """Correct a partnership's names, programme, dates or agreed duration (the app asks with a form)."""


class ExportRequested(Message):
    """Write one partnership to a file in the exports folder."""

    def __init__(self, partnership_id: str, fmt: str) -> None:
        super().__init__()
        self.partnership_id = partnership_id
        self.fmt = fmt


class CopyRequested(Message):
    """Copy ``text`` for the user (the terminal's clipboard and the system's), and say where it went.

    When no tool confirms the copy, a file keeps the text: the partnership's Markdown export
    (``partnership_id``), or ``text`` itself as ``file_name`` in the exports folder; with
    neither, the text is on screen already (a command in a notification).
    """

    def __init__(self, text: str, what: str, *, partnership_id: str | None = None, file_name: str | None = None) -> None:
        super().__init__()
        self.text = text
        self.what = what
        self.partnership_id = partnership_id
        self.file_name = file_name


class ListRequested(Message):
    """A screen that shows the list of partnerships is ready for its rows (they come by signal)."""


class SessionEdited(Message):
    """The open closing session changed in a way that does not come from typing: save it soon."""


class FinishRequested(Message):
    """Finish the open close: mark it closed, save, show its summary."""


class LeaveRequested(Message):
    """Save the open close and go back to the list."""


class SheetReadRequested(Message):
    """Read a partner's filled reflection sheet from ``path`` into the open close (answered by
    the services' ``sheet_read_signal``, or a notification saying why it was not read)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

"""The session log beside the first stage's notes (F8): the meetings held, added, edited and removed by key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...model import Meeting

EMPTY = "No meetings logged yet. Press a to add one."


def meeting_prompt(meeting: Meeting) -> Content:
    """The date in bold; below it "★ milestone:" when it was one, and the notes (plain text, never markup)."""
    notes = " ".join(meeting.notes.split()) or "(no notes)"
    flag = "★ milestone: " if meeting.milestone else ""
    return Content.from_markup("[bold]$date[/]\n[$accent bold]$flag[/]$notes", date=meeting.date, flag=flag, notes=notes)


class MeetingList(OptionList):
    """The meetings, by date; the keys act on the highlighted one."""

    # Help lists these keys when the log does not have the cursor: where they work, and the key
    # that gets there (by its binding's id: the keymap may have moved it).
    HELP_WHERE = ("in the session log", "dashboard.session_log")

    BINDINGS = [
        Binding("a", "request('add')", "Add meeting", id="log.add", tooltip="Log a meeting (date, notes, milestone)"),
        Binding("e,enter", "request('edit')", "Edit meeting", id="log.edit", tooltip="Edit the highlighted meeting"),
        Binding("d,delete", "request('remove')", "Remove meeting", id="log.remove", tooltip="Remove the highlighted meeting from the log (asks first)"),
    ]

    class Requested(Message):
        """The facilitator asked to do ``what`` ("add", "edit", "remove") to the meeting at ``index`` (None when adding)."""

        def __init__(self, what: str, index: int | None) -> None:
            super().__init__()
            self.what = what
            self.index = index

    def action_request(self, what: str) -> None:
        index = self.highlighted if self.option_count else None
        if what != "add" and index is None:
            return
        self.post_message(self.Requested(what, index))

    def action_select(self) -> None:  # Enter edits, as 'e' does
        self.action_request("edit")


class SessionLog(Vertical):
    """A title, the meetings, and what to press when there are none."""

    def __init__(self, meetings: list[Meeting], **kwargs) -> None:
        super().__init__(**kwargs)
        self.meetings = list(meetings)

    def compose(self) -> ComposeResult:
        yield Static("Session log", id="session-log-title", classes="panel-title")
        yield Static(EMPTY, id="session-log-empty", markup=False)
        yield MeetingList(id="meetings")

    def on_mount(self) -> None:
        self.show(self.meetings)

    def show(self, meetings: list[Meeting], keep: int | None = None) -> None:
        """The meetings as they now are; the cursor stays where it was, or goes to ``keep``."""
        self.meetings = list(meetings)
        listed = self.query_one(MeetingList)
        keep = listed.highlighted if keep is None else keep
        listed.clear_options()
        listed.add_options([Option(meeting_prompt(m)) for m in meetings])
        if meetings:
            listed.highlighted = min(keep or 0, len(meetings) - 1)
        count = f": {len(meetings)} meeting{'s' if len(meetings) != 1 else ''}" if meetings else ""
        self.query_one("#session-log-title", Static).update(f"Session log{count}")
        self.query_one("#session-log-empty").display = not meetings

    def focus_meetings(self) -> None:
        self.query_one(MeetingList).focus()

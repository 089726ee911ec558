"""Log a meeting, or correct one: its date, a few lines of notes, and whether it was a milestone.

Checked as ``closer log`` checks it (model.new_meeting) before it closes, so a
mistake is shown under the fields with what was typed kept; returns the
meeting's fields, or None when cancelled.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from ...model import Meeting, ValidationError, new_meeting, today_iso
from .close_details import MarkedCheckbox
from .modal_form import ModalForm


class MeetingDialog(ModalForm, ModalScreen[dict | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="meeting.save", tooltip="Check and keep this meeting", priority=True),
        Binding("escape", "cancel", "Cancel", id="meeting.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, title: str, meeting: Meeting | None = None) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.meeting = meeting or Meeting(date=today_iso())

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide", id="meeting"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Label("Date (YYYY-MM-DD)")
            yield Input(self.meeting.date, id="meeting-date", placeholder="2026-03-01", compact=True)
            yield Label("Notes: what was done, decided or learnt")
            yield TextArea(self.meeting.notes, id="meeting-notes", classes="statement", compact=True, soft_wrap=True, tab_behavior="focus")
            yield MarkedCheckbox("a milestone", self.meeting.milestone, id="meeting-milestone", compact=True)
            yield Static("", id="dialog-error", classes="dialog-error", markup=False)
            yield Static("Tab: next field · ctrl+s: save · Esc: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#meeting-notes").focus()  # the date is filled in (today, for a new one)

    def entered(self) -> None:
        self.focus_next()  # Enter in the date goes on to the notes, as Tab does

    def answer(self) -> dict:
        return {
            "date": self.query_one("#meeting-date", Input).value.strip(),
            "notes": self.query_one("#meeting-notes", TextArea).text,
            "milestone": self.query_one("#meeting-milestone", MarkedCheckbox).value,
        }

    def checked(self) -> dict:
        answer = self.answer()
        new_meeting(answer["notes"], answer["date"], answer["milestone"])
        return answer

    def refusal(self, error: ValidationError) -> str:
        return f"⚠ {'Date' if error.field == 'date' else 'Notes'}: {error.reason}"

    def field_at_fault(self, error: ValidationError) -> str | None:
        return "#meeting-date" if error.field == "date" else "#meeting-notes"

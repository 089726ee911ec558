"""Add or edit one action of Next steps: what, who carries it, by when, and the goal it serves.

Returns ``{"text", "owner", "due", "goal_id"}`` with the due date as stored (an ISO date,
"in 2 weeks" already counted from today), or None when cancelled. The rules are the
model's: what breaks one is shown at the top and the cursor goes to the field.
"""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioSet, Static

from ...follow_ups import parse_when
from ...model import ACTION_OWNERS, Action, Goal, ValidationError
from .close_details import MarkedRadioButton
from .modal_form import ModalForm

GOAL_LABEL_LENGTH = 70
OWNER_LABELS = {"mentee": "the mentee", "mentor": "the mentor", "both": "both"}
FIELD_WIDGETS = {"text": "#action-text", "due": "#action-due", "owner": "#action-owner", "goal": "#action-goal"}


def short(text: str, length: int = GOAL_LABEL_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


class ActionForm(ModalForm, ModalScreen[dict | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="details.save", tooltip="Check and keep this action", priority=True),
        Binding("escape", "cancel", "Cancel", id="details.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, title: str, goals: list[Goal], action: Action | None = None, today: dt.date | None = None) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.goals = goals
        self.action_record = action or Action(text="")
        self.today = today

    def compose(self) -> ComposeResult:
        action = self.action_record
        with VerticalScroll(classes="dialog-box wide", id="action-form"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static("", id="dialog-error", classes="dialog-error", markup=False)
            yield Label("What will be done?")
            yield Input(action.text, id="action-text", compact=True)
            yield Label("Who carries it?")
            yield RadioSet(
                *(MarkedRadioButton(OWNER_LABELS[o], value=action.owner == o, id=f"owner-{o}") for o in ACTION_OWNERS),
                id="action-owner",
                compact=True,
            )
            yield Label("By when? (2026-06-30, or in 2 weeks; blank if no date)")
            yield Input(action.due or "", id="action-due", compact=True)
            yield Label("Which goal does it serve?")
            yield RadioSet(
                MarkedRadioButton("no goal in particular", value=action.goal_id is None, id="goal-none"),
                *(
                    MarkedRadioButton(short(g.text), value=action.goal_id == g.id, id=f"goal-{g.id}")
                    for g in self.goals
                ),
                id="action-goal",
                compact=True,
            )
            yield Static("Enter or ctrl+s saves, Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        for radio in self.query(RadioSet):
            if radio.pressed_index >= 0:  # the keyboard starts on the chosen option, not the first
                radio._selected = radio.pressed_index
        self.query_one("#action-text", Input).focus()

    def fields(self) -> dict:
        text = self.query_one("#action-text", Input).value.strip()
        if not text:
            raise ValidationError("text", "say what will be done")
        owner_index = self.query_one("#action-owner", RadioSet).pressed_index
        goal_index = self.query_one("#action-goal", RadioSet).pressed_index
        due_text = self.query_one("#action-due", Input).value
        due = parse_when(due_text, self.today or dt.date.today(), "due", time_allowed=False) if due_text.strip() else None
        goal_id = self.goals[goal_index - 1].id if goal_index > 0 else None
        fields = {"text": text, "owner": ACTION_OWNERS[max(owner_index, 0)], "due": due, "goal_id": goal_id}
        Action(**fields).validate("action")
        return fields

    def checked(self) -> dict:
        return self.fields()

    def refusal(self, error: ValidationError) -> str:
        return f"⚠ {error.field.split('.')[-1].capitalize()}: {error.reason}."

    def field_at_fault(self, error: ValidationError) -> str | None:
        return FIELD_WIDGETS.get(error.field.split(".")[-1])

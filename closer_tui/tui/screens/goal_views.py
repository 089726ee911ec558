"""How the mentor and the mentee each see one goal, typed or corrected during the call.

Returns partner -> (the outcome as they see it, "" if not said; their view in words),
or None when cancelled. Their sheets fill the same fields before the call.
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Select, Static, TextArea

from ...method import PARTNERS
from ...model import GOAL_STATUS_LABELS, GOAL_STATUSES, Goal, ValidationError
from .modal_form import ModalForm

Views = dict[str, tuple[str, str]]


class GoalViewsScreen(ModalForm, ModalScreen[Views | None]):
    """Both partners' views of one goal, side by side in one form."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="views.save", tooltip="Keep both views", priority=True),
        Binding("escape", "cancel", "Cancel", id="views.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, goal: Goal, people: dict[str, str]) -> None:
        super().__init__(classes="dialog")
        self.goal = goal
        self.people = people  # mentor and mentee -> their names

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-box wide", id="views"):
            yield Static("How each of them sees this goal", classes="dialog-title")
            yield Static(self.goal.text, markup=False)
            yield Static("", id="dialog-error", classes="dialog-error", markup=False)
            for partner in PARTNERS:
                yield Static(f"{self.people[partner]}, the {partner}", classes="views-who", markup=False)
                yield Select(
                    [(f"Outcome: {GOAL_STATUS_LABELS[status]}", status) for status in GOAL_STATUSES],
                    prompt="Outcome: not said",
                    value=self.goal.outcome_of(partner) or Select.NULL,
                    id=f"{partner}-outcome",
                    compact=True,
                )
                yield TextArea(
                    self.goal.view_of(partner),
                    id=f"{partner}-view",
                    classes="statement",
                    compact=True,
                    placeholder="How they see it, in their words",
                )
            yield Static("ctrl+s saves, Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Select).focus()

    def views(self) -> Views:
        views: Views = {}
        for partner in PARTNERS:
            outcome = self.query_one(f"#{partner}-outcome", Select)
            words = self.query_one(f"#{partner}-view", TextArea).text.strip()
            views[partner] = ("" if outcome.is_blank() else str(outcome.value), words)
        return views

    def checked(self) -> Views:
        views = self.views()
        changes = {f"{partner}_{name}": value for partner, (outcome, words) in views.items() for name, value in (("outcome", outcome), ("view", words))}
        replace(self.goal, **changes).validate("goal")
        return views

    def refusal(self, error: ValidationError) -> str:
        return f"⚠ {error.field.split('.')[-1].replace('_', ' ').capitalize()} {error.reason}."

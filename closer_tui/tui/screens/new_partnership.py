"""A form to start a new partnership; returns the validated record, or None."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from ...model import Goal, Partnership, ValidationError, today_iso

# Which input to focus when validation names a field.
FIELD_INPUTS = {
    "mentor": "#mentor",
    "mentee": "#mentee",
    "programme": "#programme",
    "start_date": "#start-date",
    "end_date": "#end-date",
}


def goals_from_lines(text: str, owner: str) -> list[Goal]:
    return [Goal(text=line.strip(), owner=owner) for line in text.splitlines() if line.strip()]


class NewPartnershipScreen(ModalScreen[Partnership | None]):
    """Who, which programme, when, and the goals agreed at the start."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="new.save", tooltip="Check the form and create the partnership", priority=True),
        Binding("escape", "cancel", "Cancel", id="new.cancel", tooltip="Close the form without saving"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield Static("New partnership", classes="form-title")
            yield Static("", id="form-error", markup=False)
            yield Label("Mentor")
            yield Input(id="mentor", compact=True, placeholder="Full name")
            yield Label("Mentee")
            yield Input(id="mentee", compact=True, placeholder="Full name")
            yield Label("Programme (optional)")
            yield Input(id="programme", compact=True, placeholder="e.g. Research Leaders 2026")
            with Horizontal(classes="dates"):
                with VerticalScroll(classes="date"):
                    yield Label("Start date")
                    yield Input(today_iso(), id="start-date", compact=True, placeholder="YYYY-MM-DD")
                with VerticalScroll(classes="date"):
                    yield Label("Agreed end date (optional)")
                    yield Input(id="end-date", compact=True, placeholder="YYYY-MM-DD")
            yield Label("The mentee's goals, one per line")
            yield TextArea(id="mentee-goals", classes="goals", compact=True)
            yield Label("The mentor's own goals, one per line (optional)")
            yield TextArea(id="mentor-goals", classes="goals", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Create (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#mentor", Input).focus()

    def value(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def build(self) -> Partnership:
        goals = goals_from_lines(self.query_one("#mentee-goals", TextArea).text, "mentee")
        goals += goals_from_lines(self.query_one("#mentor-goals", TextArea).text, "mentor")
        return Partnership.create(
            mentor=self.value("#mentor"),
            mentee=self.value("#mentee"),
            programme=self.value("#programme"),
            start_date=self.value("#start-date") or None,
            end_date=self.value("#end-date") or None,
            goals=goals,
        )

    def action_save(self) -> None:
        error_line = self.query_one("#form-error", Static)
        try:
            partnership = self.build()
        except ValidationError as error:
            error_line.update(f"⚠ {error.field.replace('_', ' ')}: {error.reason}")
            error_line.add_class("shown")
            self.query_one("#form").scroll_home(animate=False)
            selector = FIELD_INPUTS.get(error.field)
            if selector:
                self.query_one(selector).focus()
            return
        self.dismiss(partnership)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

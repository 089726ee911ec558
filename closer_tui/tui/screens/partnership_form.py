"""The form behind "New partnership" and "Correct the details": fields with visible borders, each
error beside its field (all at once, in words), a Tab order with no invisible stops, and the
buttons always in sight (the fields scroll, the buttons stay)."""

from __future__ import annotations

from collections.abc import Iterator

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from ...model import Goal, Partnership, ValidationError, details_problems
from ..widgets.key_names import key_name


class FormFields(VerticalScroll, can_focus=False):
    """Scrolls to the focused field; never a Tab stop of its own (it has nothing to type in)."""


# The details' fields: (record field, widget id, label, placeholder).
DETAIL_FIELDS = (
    ("mentor", "mentor", "Mentor", "Full name"),
    ("mentee", "mentee", "Mentee", "Full name"),
    ("programme", "programme", "Programme (optional)", "e.g. Research Leaders 2026"),
    ("start_date", "start-date", "Start date", "YYYY-MM-DD"),
    ("end_date", "end-date", "Agreed end date (optional)", "YYYY-MM-DD"),
    ("agreed_duration", "agreed-duration", "Agreed duration (optional)", 'e.g. "six months"'),
)
WIDGET_OF = {name: widget_id for name, widget_id, _, _ in DETAIL_FIELDS}


def details_of(partnership: Partnership) -> dict[str, str | None]:
    """What the details form shows of a partnership."""
    return {name: getattr(partnership, name) for name, _, _, _ in DETAIL_FIELDS}


def field(label: str, widget: Widget) -> Iterator[Widget]:
    """A label, the field, and the line under it where its error goes."""
    yield Label(label, classes="field-label")
    yield widget
    yield Static("", id=f"{widget.id}-error", classes="field-error", markup=False)


class PartnershipForm(ModalScreen):
    """The partnership's details; subclasses add fields (the goals) and say what saving does."""

    FORM_TITLE = "Partnership"
    SAVE_LABEL = "Save"
    SAVE_ID = "edit.save"  # the bindings whose keys the buttons name
    CANCEL_ID = "edit.cancel"

    def __init__(self, details: dict[str, str | None] | None = None) -> None:
        super().__init__()
        self.details = details or {}

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(self.FORM_TITLE, classes="form-title", markup=False)
            yield Static("", id="form-error", markup=False)
            with FormFields(id="form-fields"):
                yield from self.compose_fields()
            with Horizontal(classes="buttons"):
                yield Button(f"{self.SAVE_LABEL} ({key_name(self, self.SAVE_ID)})", id="save", variant="primary")
                yield Button(f"Cancel ({key_name(self, self.CANCEL_ID)})", id="cancel")

    def detail_input(self, name: str) -> Input:
        _, widget_id, _, placeholder = next(f for f in DETAIL_FIELDS if f[0] == name)
        return Input(self.details.get(name) or "", id=widget_id, placeholder=placeholder)

    def compose_fields(self) -> ComposeResult:
        labels = {name: label for name, _, label, _ in DETAIL_FIELDS}
        for name in ("mentor", "mentee", "programme"):
            yield from field(labels[name], self.detail_input(name))
        with Horizontal(classes="dates"):
            for name in ("start_date", "end_date"):
                with Vertical(classes="date"):
                    yield from field(labels[name], self.detail_input(name))
        yield from field(labels["agreed_duration"], self.detail_input("agreed_duration"))

    def on_mount(self) -> None:
        self.query_one("#mentor", Input).focus(scroll_visible=False)
        self.call_after_refresh(self.query_one(FormFields).scroll_home, animate=False)  # the first label in sight

    def focus_field(self, widget_id: str) -> None:
        """Put the cursor in a field and scroll so its label shows too."""
        widget = self.query_one(f"#{widget_id}")
        widget.focus(scroll_visible=False)
        siblings = list(widget.parent.children) if widget.parent else []
        label = siblings[siblings.index(widget) - 1] if widget in siblings and siblings.index(widget) else widget
        self.query_one(FormFields).scroll_to_widget(label, animate=False, top=True)

    # --- reading and checking ---------------------------------------------------------

    def value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def entered_details(self) -> dict[str, str | None]:
        values = {name: self.value(widget_id).strip() for name, widget_id, _, _ in DETAIL_FIELDS}
        values["end_date"] = values["end_date"] or None
        return values

    def problems(self) -> dict[str, str]:
        """Widget id -> what is wrong with it, for every field at once."""
        return {WIDGET_OF[name]: reason for name, reason in details_problems(self.entered_details()).items()}

    def show_problems(self, problems: dict[str, str], overall: str = "") -> bool:
        """Each problem beside its field, a count on top, the first field at fault focused. True if none."""
        for error in self.query(".field-error"):
            widget_id = (error.id or "").removesuffix("-error")
            reason = problems.get(widget_id, "")
            error.update(f"⚠ {reason}" if reason else "")
            error.set_class(bool(reason), "shown")
            self.query_one(f"#{widget_id}").set_class(bool(reason), "-has-error")
        summary = self.query_one("#form-error", Static)
        count = len(problems)
        if overall:
            summary.update(f"⚠ {overall}")
        elif count:
            summary.update(f"⚠ {'One thing' if count == 1 else f'{count} things'} to fix, marked below.")
        summary.set_class(bool(count or overall), "shown")
        if count:
            first = next(error for error in self.query(".field-error") if error.has_class("shown"))
            self.focus_field((first.id or "").removesuffix("-error"))
        return not (count or overall)

    # --- the keys and buttons ----------------------------------------------------------

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class EditDetailsScreen(PartnershipForm):
    """Correct a partnership's names, programme, dates or agreed duration: returns the details, or None."""

    FORM_TITLE = "Correct the partnership's details"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="edit.save", tooltip="Check the details and keep them", priority=True),
        Binding("escape", "cancel", "Cancel", id="edit.cancel", tooltip="Close the form without changing anything"),
    ]

    def action_save(self) -> None:
        if self.show_problems(self.problems()):
            self.dismiss(self.entered_details())


def goal_problems(text: str, widget_id: str) -> dict[str, str]:
    """The first goal line of ``text`` that breaks a rule, as the form shows it."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            Goal(text=line.strip()).validate("goal")
        except ValidationError as error:
            return {widget_id: f"line {number} {error.reason}"}
    return {}

"""A form to start a new partnership; returns the validated record, or None."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import TextArea

from ...model import Goal, Partnership, ValidationError, today_iso
from .partnership_form import PartnershipForm, field, goal_problems


def goals_from_lines(text: str, owner: str) -> list[Goal]:
    return [Goal(text=line.strip(), owner=owner) for line in text.splitlines() if line.strip()]


class NewPartnershipScreen(PartnershipForm):
    """Who, which programme, when, and the goals agreed at the start."""

    FORM_TITLE = "New partnership"
    SAVE_LABEL = "Create"
    SAVE_ID = "new.save"
    CANCEL_ID = "new.cancel"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="new.save", tooltip="Check the form and create the partnership", priority=True),
        Binding("escape", "cancel", "Cancel", id="new.cancel", tooltip="Close the form without saving"),
    ]

    def __init__(self) -> None:
        super().__init__({"start_date": today_iso()})

    def compose_fields(self) -> ComposeResult:
        yield from super().compose_fields()
        yield from field("The mentee's goals, one per line", TextArea(id="mentee-goals", classes="goals"))
        yield from field("The mentor's own goals, one per line (optional)", TextArea(id="mentor-goals", classes="goals"))

    def goal_lines(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", TextArea).text

    def problems(self) -> dict[str, str]:
        problems = super().problems()
        for widget_id in ("mentee-goals", "mentor-goals"):
            problems.update(goal_problems(self.goal_lines(widget_id), widget_id))
        return problems

    def build(self) -> Partnership:
        details = self.entered_details()
        goals = goals_from_lines(self.goal_lines("mentee-goals"), "mentee")
        goals += goals_from_lines(self.goal_lines("mentor-goals"), "mentor")
        return Partnership.create(
            mentor=details["mentor"] or "",
            mentee=details["mentee"] or "",
            programme=details["programme"] or "",
            start_date=details["start_date"] or None,
            end_date=details["end_date"],
            agreed_duration=details["agreed_duration"] or "",
            goals=goals,
        )

    def action_save(self) -> None:
        if not self.show_problems(self.problems()):
            return
        try:
            partnership = self.build()
        except ValidationError as error:  # a rule the fields' own checks do not know
            self.show_problems({}, overall=str(error))
            return
        self.dismiss(partnership)

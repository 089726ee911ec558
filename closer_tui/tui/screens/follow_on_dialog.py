"""Asks before a follow-on partnership is started, with the goals to carry on with ticked.

Returns the ids of the goals ticked (maybe none), or None when the facilitator
decides not to start one.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist

from ...model import GOAL_STATUS_LABELS, Goal


def goal_choice(goal: Goal) -> Content:
    return Content.from_markup("$text [dim]($status, $owner's goal)[/]", text=goal.text, status=GOAL_STATUS_LABELS[goal.status], owner=goal.owner)


class MarkedSelectionList(SelectionList[str]):
    """A selection list whose ticks show as ✔ (and a blank when not ticked), not only as a colour:
    shared screens, NO_COLOR and video tiles lose colours."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if len(segments) < 2:
            return line
        inner = segments[1]  # Textual draws the box as three segments: left, inner, right
        segments[1] = Segment("✔" if selection.value in self.selected else " ", inner.style, inner.control)
        return Strip(segments, line.cell_length)


class FollowOnDialog(ModalScreen[list[str] | None]):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start", id="follow_on.start", tooltip="Start the follow-on partnership with the goals ticked"),
        Binding("escape", "cancel", "Cancel", id="follow_on.cancel", tooltip="Do not start a follow-on"),
    ]

    def __init__(self, pair: str, goals: list[Goal]) -> None:
        super().__init__(classes="dialog")
        self.pair = pair
        self.goals = goals

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide", id="follow-on"):
            yield Static("Start a follow-on partnership?", classes="dialog-title")
            if self.goals:
                question = f"A new partnership for {self.pair}, linked to this one. Tick the goals it carries on with; they start again as open."
            else:
                question = f"A new partnership for {self.pair}, linked to this one. No goal is left to carry on with: add new ones on its dashboard."
            yield Static(question, classes="dialog-question", markup=False)
            if self.goals:
                yield MarkedSelectionList(*((goal_choice(g), g.id, True) for g in self.goals), id="carried-goals")
            yield Static("space: tick or untick · ctrl+s: start it · Esc: not now", classes="dialog-hint")

    def on_mount(self) -> None:
        if self.goals:
            self.query_one(SelectionList).focus()

    def action_start(self) -> None:
        if not self.goals:
            self.dismiss([])
            return
        ticked = set(self.query_one(SelectionList).selected)
        self.dismiss([goal.id for goal in self.goals if goal.id in ticked])

    def action_cancel(self) -> None:
        self.dismiss(None)

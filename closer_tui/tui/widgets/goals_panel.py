"""The partnership's goals, each with its owner and its status in words and a symbol."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...model import GOAL_STATUS_LABELS, Goal
from .key_names import key_name

# A symbol and a theme colour per status, so status never rests on colour alone.
STATUS_LOOK = {
    "open": ("○", "$text-muted"),
    "achieved": ("✔", "$success"),
    "exceeded": ("★", "$success"),
    "partly": ("◐", "$warning"),
    "changed": ("↻", "$accent"),
    "not_achieved": ("✗", "$error"),
}


def goal_prompt(goal: Goal) -> Content:
    symbol, colour = STATUS_LOOK[goal.status]
    return Content.from_markup(
        f"[{colour} bold]{symbol} $status[/] [dim]· $owner[/]\n  $text",
        status=GOAL_STATUS_LABELS[goal.status],
        owner=f"{goal.owner}'s goal",
        text=goal.text,
    )


class GoalList(OptionList):
    """Arrows move between goals; the keys below act on the highlighted one."""

    def help_where(self) -> str:
        """Where these keys work, for help when the goals do not have the cursor."""
        return f"in the goals, {key_name(self, 'dashboard.goals')}"

    BINDINGS = [
        Binding("s,enter", "request('status')", "Status", id="goals.status", tooltip="Change the highlighted goal's status"),
        Binding("a", "request('add')", "Add goal", id="goals.add", tooltip="Add a goal"),
        Binding("e", "request('edit')", "Edit goal", id="goals.edit", tooltip="Edit the highlighted goal's text"),
        Binding("d,delete", "request('remove')", "Remove goal", id="goals.remove", tooltip="Remove the highlighted goal (asks first; the record's history keeps it)"),
    ]

    class Requested(Message):
        """The facilitator asked to do ``what`` to goal ``goal_id`` (None when adding)."""

        def __init__(self, what: str, goal_id: str | None) -> None:
            super().__init__()
            self.what = what
            self.goal_id = goal_id

    def highlighted_goal_id(self) -> str | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    def action_request(self, what: str) -> None:
        goal_id = self.highlighted_goal_id()
        if what != "add" and goal_id is None:
            return
        self.post_message(self.Requested(what, goal_id))

    def action_select(self) -> None:  # Enter opens the status choice, as 's' does
        self.action_request("status")


class GoalsPanel(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("Goals", id="goals-title", classes="panel-title")
        yield GoalList(id="goals")

    def show(self, goals: list[Goal], keep: str | None = None) -> None:
        goal_list = self.query_one(GoalList)
        keep = keep or goal_list.highlighted_goal_id()
        goal_list.clear_options()
        goal_list.add_options([Option(goal_prompt(g), id=g.id) for g in goals])
        ids = [g.id for g in goals]
        if keep in ids:
            goal_list.highlighted = ids.index(keep)
        elif ids:
            goal_list.highlighted = 0
        met = sum(1 for g in goals if g.is_met)
        self.query_one("#goals-title", Static).update(f"Goals: {met} of {len(goals)} met ({key_name(self, 'dashboard.goals')})")

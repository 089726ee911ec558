"""The partnership's goals, each with its owner and its status in words and a symbol.

Where the mentor and the mentee see a goal's outcome differently, its line says so
(``≠ seen differently``); while the goals have the cursor, the highlighted goal's
detail shows under the list: its reasons and how each partner sees it.
"""

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


DIFFER = "≠ seen differently"


def goal_prompt(goal: Goal) -> Content:
    symbol, colour = STATUS_LOOK[goal.status]
    differ = f" [$warning bold]{DIFFER}[/]" if goal.views_differ else ""
    return Content.from_markup(
        f"[{colour} bold]{symbol} $status[/] [dim]· $owner[/]{differ}\n  $text",
        status=GOAL_STATUS_LABELS[goal.status],
        owner=f"{goal.owner}'s goal",
        text=goal.text,
    )


def goal_detail(goal: Goal) -> Content:
    """What the goal's line has no room for: why (not), what changed, and each partner's view.
    Kept short (roles, not names: the header has those): it shares the goals' column."""
    parts: list[Content] = []
    for label, text in (
        ("Why not achieved", goal.not_met_reason),
        ("Why only partly", goal.partly_reason),
        ("What changed", goal.what_changed),
    ):
        if text.strip():
            parts.append(Content.from_markup(f"[bold]{label}:[/] $text", text=" ".join(text.split())))
    for partner in ("mentor", "mentee"):
        outcome, words = goal.outcome_of(partner), " ".join(goal.view_of(partner).split())
        if outcome or words:
            symbol, colour = STATUS_LOOK[outcome] if outcome else ("·", "$text-muted")
            parts.append(
                Content.from_markup(
                    f"[bold]$role[/] [{colour} bold]{symbol} $outcome[/]" + (" $words" if words else ""),
                    role=f"{partner.capitalize()}:",
                    outcome=GOAL_STATUS_LABELS[outcome] + ("." if words else "") if outcome else "",
                    words=words,
                )
            )
    if goal.views_differ:
        parts.append(Content.from_markup(f"[$warning bold]{DIFFER}[/]: talk it through"))
    if not any(goal.outcome_of(p) or goal.view_of(p).strip() for p in ("mentor", "mentee")):
        parts.append(Content.from_markup("[dim]No views yet: v types how each of them sees it.[/]"))
    return Content("\n").join(parts)


class GoalList(OptionList):
    """Arrows move between goals; the keys below act on the highlighted one."""

    def help_where(self) -> str:
        """Where these keys work, for help when the goals do not have the cursor."""
        return f"in the goals, {key_name(self, 'dashboard.goals')}"

    BINDINGS = [
        Binding("s,enter", "request('status')", "Status", id="goals.status", tooltip="Change the highlighted goal's status"),
        Binding("a", "request('add')", "Add goal", id="goals.add", tooltip="Add a goal"),
        Binding("e", "request('edit')", "Edit goal", id="goals.edit", tooltip="Edit the highlighted goal's text"),
        Binding("v", "request('views')", "Views", id="goals.views", tooltip="Type or correct how the mentor and the mentee each see the highlighted goal"),
        Binding("r", "request('read_sheet')", "Read sheet", id="goals.read_sheet", tooltip="Read a partner's filled reflection sheet (closer prep) from a file"),
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
        if what not in ("add", "read_sheet") and goal_id is None:
            return
        self.post_message(self.Requested(what, goal_id))

    def action_select(self) -> None:  # Enter opens the status choice, as 's' does
        self.action_request("status")


class GoalsPanel(Vertical):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.goals: list[Goal] = []

    def compose(self) -> ComposeResult:
        yield Static("Goals", id="goals-title", classes="panel-title")
        yield GoalList(id="goals")
        yield Static("", id="goal-detail")

    def on_descendant_focus(self) -> None:
        self.add_class("-focused")  # the goal's detail shows (see dashboard.tcss)

    def on_descendant_blur(self) -> None:
        self.remove_class("-focused")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.show_detail(event.option.id)

    def show_detail(self, goal_id: str | None) -> None:
        goal = next((g for g in self.goals if g.id == goal_id), None)
        self.query_one("#goal-detail", Static).update(goal_detail(goal) if goal else "")

    def show(self, goals: list[Goal], keep: str | None = None) -> None:
        self.goals = list(goals)
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
        self.show_detail(goal_list.highlighted_goal_id())

"""The actions agreed in Next steps: each with its owner, due date and goal, ticked when done."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...actions import OWNER_WORDS
from ...follow_ups import readable_date
from ...model import Action, Goal


def action_prompt(action: Action, goals: dict[str, str]) -> Content:
    """A box (ticked when done), the text, then its owner, due date and goal, dimmed: one line when it fits."""
    box = ("[✔] ", "$success bold") if action.done else ("[ ] ", "bold")
    details = [OWNER_WORDS[action.owner]]
    if action.due:
        details.append(f"by {readable_date(action.due)}")
    if action.goal_id in goals:
        details.append(f"goal: {goals[action.goal_id]}")
    text = (action.text, "dim strike") if action.done else action.text
    return Content.assemble(box, text, (f" · {' · '.join(details)}", "dim"))


class ActionList(OptionList):
    """Arrows move between actions; the keys below act on the highlighted one."""

    # Help lists these keys when the actions do not have the cursor: where they work, and the key
    # that gets there (by its binding's id: the keymap may have moved it).
    HELP_WHERE = ("in the actions", "dashboard.actions")

    BINDINGS = [
        Binding("a", "request('add')", "Add action", id="actions.add", tooltip="Add an action: what, who, by when, for which goal"),
        Binding("e", "request('edit')", "Edit action", id="actions.edit", tooltip="Edit the highlighted action"),
        Binding("space,x", "request('done')", "Done", id="actions.done", tooltip="Tick the highlighted action done, or untick it"),
        Binding("d,delete", "request('remove')", "Remove action", id="actions.remove", tooltip="Remove the highlighted action (asks first)"),
    ]

    class Requested(Message):
        """The facilitator asked to do ``what`` to action ``action_id`` (None when adding)."""

        def __init__(self, what: str, action_id: str | None) -> None:
            super().__init__()
            self.what = what
            self.action_id = action_id

    def highlighted_action_id(self) -> str | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    def action_request(self, what: str) -> None:
        action_id = self.highlighted_action_id()
        if what != "add" and action_id is None:
            return
        self.post_message(self.Requested(what, action_id))

    def action_select(self) -> None:  # Enter edits, as e does
        self.action_request("edit")


def actions_title(actions: list[Action], go_key: str = "^a", add_key: str = "a") -> str:
    """The line over the actions, naming the keys as the keymap sets them: ``go_key`` goes to the
    actions (the dashboard's), ``add_key`` adds one there."""
    if not actions:
        return f"Actions: none yet ({go_key}, then {add_key} adds one)"
    done = sum(1 for a in actions if a.done)
    return f"Actions: {len(actions)} agreed, {done} done ({go_key})"


class ActionsPanel(Vertical):
    """The actions of the close, under the Next steps stage's prompts."""

    def __init__(self, actions: list[Action], goals: list[Goal], *, go_key: str = "^a", add_key: str = "a", **kwargs) -> None:
        super().__init__(**kwargs)
        self._initial = (actions, goals)
        self.keys = (go_key, add_key)

    def compose(self) -> ComposeResult:
        yield Static(actions_title(self._initial[0], *self.keys), classes="actions-title", markup=False)
        yield ActionList(id="actions", classes="actions")

    def on_mount(self) -> None:
        self.show(*self._initial)

    def show(self, actions: list[Action], goals: list[Goal], keep: str | None = None) -> None:
        action_list = self.query_one(ActionList)
        keep = keep or action_list.highlighted_action_id()
        goal_texts = {g.id: g.text for g in goals}
        action_list.clear_options()
        action_list.add_options([Option(action_prompt(a, goal_texts), id=a.id) for a in actions])
        ids = [a.id for a in actions]
        if keep in ids:
            action_list.highlighted = ids.index(keep)
        elif ids:
            action_list.highlighted = 0
        action_list.display = bool(actions)
        self.query_one(".actions-title", Static).update(actions_title(actions, *self.keys))

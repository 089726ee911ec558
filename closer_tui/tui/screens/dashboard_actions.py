"""The dashboard's part for the actions of Next steps: add, edit, tick done and remove them by keyboard.

Mixed into :class:`DashboardScreen`, whose session, stages and save it uses: the
actions list (widgets/action_list.py) asks with :class:`ActionList.Requested`, this
changes the session and shows the list again, and the dashboard saves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...actions import actions_stage
from ...model import ValidationError
from ..widgets.action_list import ActionList, ActionsPanel
from ..widgets.key_names import declared_key_name, key_name

if TYPE_CHECKING:
    from .dashboard import DashboardScreen

    _Base = DashboardScreen
else:
    _Base = object


class DashboardActions(_Base):
    def actions_panel_for(self, stage: str) -> ActionsPanel | None:
        """The actions panel a stage shows under its prompts (only the actions stage has one)."""
        if stage != actions_stage(self.session.guide):
            return None
        return ActionsPanel(
            self.session.close.actions,
            self.session.partnership.goals,
            go_key=key_name(self, "dashboard.actions"),
            add_key=declared_key_name(self, ActionList, "actions.add"),
            id="actions-panel",
        )

    def show_actions(self, keep: str | None = None) -> None:
        for panel in self.query(ActionsPanel):
            panel.show(self.session.close.actions, self.session.partnership.goals, keep=keep)

    async def action_focus_actions(self) -> None:
        """ctrl+a: to the actions stage and its list; with none yet, straight to adding the first."""
        stage = actions_stage(self.session.guide)
        if self.session.stage != stage:
            self.session.go_to_stage(stage)
            await self.show_stage(stage)
            self.edited()
        if not self.session.close.actions:
            self.request_action("add", None)
            return
        self.query_one(ActionList).focus()

    def on_action_list_requested(self, event: ActionList.Requested) -> None:
        event.stop()
        self.request_action(event.what, event.action_id)

    def request_action(self, what: str, action_id: str | None) -> None:
        from .action_form import ActionForm
        from .dialogs import ConfirmDialog

        if not self.guard_writable():
            return
        goals = self.session.partnership.goals
        if what == "add":
            self.app.push_screen(ActionForm("Add an action", goals), self._add_action)
        elif what == "edit" and action_id:
            action = self.session.action(action_id)
            self.app.push_screen(ActionForm("Edit the action", goals, action), lambda fields: self._edit_action(action_id, fields))
        elif what == "done" and action_id:
            self.session.toggle_action_done(action_id)
            self._actions_changed(action_id)
        elif what == "remove" and action_id:
            action = self.session.action(action_id)
            self.app.push_screen(
                ConfirmDialog("Remove this action?", f"“{action.text}” comes off the list."),
                lambda yes: self._remove_action(action_id) if yes else None,
            )

    def _add_action(self, fields: dict | None) -> None:
        if not fields:
            return
        try:
            action = self.session.add_action(**fields)
        except ValidationError as error:
            self.notify(error.reason, title="Action not added", severity="error")
            return
        self._actions_changed(action.id)

    def _edit_action(self, action_id: str, fields: dict | None) -> None:
        if not fields:
            return
        try:
            self.session.edit_action(action_id, **fields)
        except ValidationError as error:
            self.notify(error.reason, title="Action not changed", severity="error")
            return
        self._actions_changed(action_id)

    def _remove_action(self, action_id: str) -> None:
        self.session.remove_action(action_id)
        self._actions_changed(None)

    def _actions_changed(self, keep: str | None) -> None:
        self.show_actions(keep)
        self.edited()
        lists = self.query(ActionList)
        if lists and self.session.close.actions:
            lists.first().focus()

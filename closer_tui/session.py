"""A closing session in progress: one partnership, its timer, and every edit made live.

Pure logic (no Textual). The dashboard calls these methods as the facilitator
types; the app saves :meth:`ClosingSession.snapshot` in the background. Each
change bumps :attr:`revision`, so the saver knows whether what it wrote is
still the latest.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from .follow_on import build_follow_on, goals_to_carry
from .method import PARTNERS, Guide
from .model import (
    ASKS_WHAT_CHANGED,
    ACTION_OWNERS,
    GOAL_OWNERS,
    MAX_ACTIONS,
    GOAL_STATUSES,
    GOALS_MET,
    Action,
    Close,
    Extension,
    Goal,
    Partnership,
    StatusChange,
    ValidationError,
    check_choice,
    correct_details,
    now_iso,
)
from .timer import Clock, CloseTimer

if TYPE_CHECKING:
    from .prep_sheet import SheetReading  # the sheet's reader (markdown-it) loads when a sheet is read

T = TypeVar("T")


def budget_minutes(text: str, stage_count: int) -> list[float]:
    """What the budgets dialog takes: one total in minutes ("60", shared out as the stages were) or
    one number per stage ("8 5 7"). Anything else is a ValidationError saying what to write."""
    try:
        values = [float(part) for part in text.replace(",", " ").split()]
    except ValueError:
        values = []
    if len(values) not in (1, stage_count):
        raise ValidationError("budget", f"Give one total in minutes (60) or {stage_count} numbers, one per stage (8 5 7).")
    if any(not math.isfinite(v) or v < 0 or v > 24 * 60 for v in values) or (len(values) == 1 and values[0] <= 0):
        raise ValidationError("budget", "Minutes go from 0 to 1,440 (and a total needs some time).")
    return values


class ClosingSession:
    def __init__(self, partnership: Partnership, clock: Clock = time.time) -> None:
        self.partnership = partnership
        self.timer = CloseTimer(partnership.timer, self.guide.stage_keys, self.guide.default_budgets(), clock=clock)
        self.revision = 0

    # --- reading ------------------------------------------------------------

    @property
    def guide(self) -> Guide:
        return self.partnership.guide

    @property
    def close(self) -> Close:
        return self.partnership.close

    @property
    def stage(self) -> str:
        return self.timer.stage

    @property
    def closed(self) -> bool:
        return self.partnership.status == "closed"

    def stage_title(self, key: str | None = None) -> str:
        return self.guide.stage(key or self.stage).title

    def notes(self, stage: str) -> str:
        return self.close.stage_notes.get(stage, "")

    def is_discussed(self, prompt_id: str) -> bool:
        return prompt_id in self.close.prompts_discussed

    def goal(self, goal_id: str) -> Goal:
        for goal in self.partnership.goals:
            if goal.id == goal_id:
                return goal
        raise KeyError(goal_id)

    def action(self, action_id: str) -> Action:
        for action in self.close.actions:
            if action.id == action_id:
                return action
        raise KeyError(action_id)

    def snapshot(self) -> dict:
        """The whole record as it stands, timer included, safe to hand to another thread."""
        self.partnership.timer = self.timer.state()
        return self.partnership.to_dict()

    def goals_left_open(self) -> list[Goal]:
        """What a follow-on may carry on with: open, partly achieved, not achieved or changed."""
        return goals_to_carry(self.partnership)

    # --- edits --------------------------------------------------------------

    def _changed(self) -> None:
        """Any edit during the close moves an active partnership to 'closing'."""
        if self.partnership.status == "active":
            self.partnership.set_status("closing")
        self.revision += 1

    def set_notes(self, stage: str, text: str) -> None:
        if self.close.stage_notes.get(stage, "") == text:
            return
        self.close.stage_notes[stage] = text
        self._changed()

    def set_private_notes(self, text: str) -> None:
        if self.close.private_notes != text:
            self.close.private_notes = text
            self._changed()

    def toggle_prompt(self, prompt_id: str) -> bool:
        """Tick or untick a prompt; returns whether it is now discussed."""
        discussed = self.close.prompts_discussed
        if prompt_id in discussed:
            discussed.remove(prompt_id)
        else:
            discussed.append(prompt_id)
        self._changed()
        return prompt_id in discussed

    def set_prompt_cursor(self, prompt_id: str | None) -> None:
        """Where the facilitator's cursor is in the checklist (None: not in it), for the audience view."""
        if self.close.prompt_cursor != prompt_id:
            self.close.prompt_cursor = prompt_id
            self.revision += 1  # not an edit of the close: an active partnership stays active

    def set_goal_status(self, goal_id: str, status: str, *, reason: str = "", what_changed: str = "") -> Goal:
        """Change a goal's outcome. ``reason`` says why not: for *not achieved* (where it is needed,
        checked by the model) or why only *partly*, each in its own field; ``what_changed`` is kept
        for any outcome where something changed (achieved, exceeded, partly, changed)."""
        check_choice(status, GOAL_STATUSES, "status")
        goal = self.goal(goal_id)
        updated = replace(goal, status=status)
        if status == "not_achieved":
            updated.not_met_reason = reason.strip()
        elif status == "partly" and reason.strip():
            updated.partly_reason = reason.strip()
        if status in ASKS_WHAT_CHANGED and what_changed.strip():
            updated.what_changed = what_changed.strip()
        updated.validate("goal")
        index = self.partnership.goals.index(goal)
        self.partnership.goals[index] = updated
        self._changed()
        return updated

    def add_goal(self, text: str, owner: str = "mentee") -> Goal:
        check_choice(owner, GOAL_OWNERS, "owner")
        existing = {g.id for g in self.partnership.goals}
        goal = Goal(text=text.strip(), owner=owner)
        while goal.id in existing:
            goal = Goal(text=text.strip(), owner=owner)
        goal.validate("goal")
        self.partnership.goals.append(goal)
        self._changed()
        return goal

    def edit_goal(self, goal_id: str, text: str, owner: str | None = None) -> Goal:
        goal = self.goal(goal_id)
        updated = replace(goal, text=text.strip(), owner=owner or goal.owner)
        updated.validate("goal")
        self.partnership.goals[self.partnership.goals.index(goal)] = updated
        self._changed()
        return updated

    def set_goal_views(self, goal_id: str, views: dict[str, tuple[str, str]]) -> Goal:
        """How each partner sees a goal, as the facilitator types or corrects it during the call:
        partner -> (the outcome as they see it, "" if not said; their view in words)."""
        goal = self.goal(goal_id)
        changes: dict[str, str] = {}
        for partner, (outcome, words) in views.items():
            check_choice(partner, PARTNERS, "partner")
            changes[f"{partner}_outcome"] = outcome
            changes[f"{partner}_view"] = words.strip()
        updated = replace(goal, **changes)
        updated.validate("goal")
        self.partnership.goals[self.partnership.goals.index(goal)] = updated
        self._changed()
        return updated

    def read_sheet(self, text: str, source: str, partner: str | None = None) -> SheetReading:
        """A partner's filled reflection sheet, read into the close (see prep_sheet.py)."""
        from .prep_sheet import read_into

        reading = read_into(self.partnership, text, source, partner)
        self._changed()
        return reading

    def remove_goal(self, goal_id: str) -> Goal:
        """Take a goal off the partnership; its history keeps the goal as it was."""
        goal = self.goal(goal_id)
        self._changed()
        self.partnership.goals.remove(goal)
        for action in self.close.actions:
            if action.goal_id == goal_id:
                action.goal_id = None  # the action stays; the goal it served is in the history
        self.partnership.history.append(StatusChange(self.partnership.status, now_iso(), removed_goal=goal))
        return goal

    def change_partnership(self, change: Callable[[Partnership], T]) -> T:
        """A change to the record that is not part of the close (the session log): ``change`` checks
        before it changes anything. An active partnership stays active."""
        result = change(self.partnership)
        self.revision += 1
        return result

    # --- actions agreed in Next steps ---------------------------------------------

    def add_action(self, text: str, owner: str = "mentee", due: str | None = None, goal_id: str | None = None) -> Action:
        if len(self.close.actions) >= MAX_ACTIONS:
            raise ValidationError("actions", f"a close holds at most {MAX_ACTIONS} actions")
        existing = {a.id for a in self.close.actions}
        action = self._checked_action(Action(text=text.strip(), owner=owner, due=due, goal_id=goal_id))
        while action.id in existing:
            action = replace(action, id=Action(text=action.text).id)
        self.close.actions.append(action)
        self._changed()
        return action

    def edit_action(self, action_id: str, text: str, owner: str, due: str | None, goal_id: str | None) -> Action:
        """Change an action's text, owner, due date and goal at once (all or nothing)."""
        action = self.action(action_id)
        updated = self._checked_action(replace(action, text=text.strip(), owner=owner, due=due, goal_id=goal_id))
        self.close.actions[self.close.actions.index(action)] = updated
        self._changed()
        return updated

    def _checked_action(self, action: Action) -> Action:
        check_choice(action.owner, ACTION_OWNERS, "owner")
        if action.goal_id is not None and action.goal_id not in {g.id for g in self.partnership.goals}:
            raise ValidationError("goal", "is not one of this partnership's goals")
        action.validate("action")
        return action

    def toggle_action_done(self, action_id: str) -> bool:
        """Tick an action done, or untick it; returns whether it is now done."""
        action = self.action(action_id)
        action.done = not action.done
        self._changed()
        return action.done

    def remove_action(self, action_id: str) -> Action:
        action = self.action(action_id)
        self.close.actions.remove(action)
        self._changed()
        return action

    def correct_details(self, details: dict[str, str | None]) -> None:
        """Correct the names, programme, dates or agreed duration (all or nothing, see model.correct_details)."""
        correct_details(self.partnership, details)
        self.revision += 1

    def update_close(self, **fields: object) -> None:
        """Set fields of the close at once; all or nothing if a rule is broken."""
        candidate = replace(self.close, **fields)
        if isinstance(candidate.extension, dict):
            candidate.extension = Extension(**candidate.extension)
        candidate.validate("close")
        self.partnership.close = candidate
        self._changed()

    # --- the timer ----------------------------------------------------------

    def toggle_timer(self) -> bool:
        running = self.timer.toggle()
        self._changed()
        return running

    def go_to_stage(self, stage: str) -> None:
        self.timer.switch_to(stage)
        self.revision += 1

    def next_stage(self) -> str:
        self.timer.next_stage()
        self.revision += 1
        return self.stage

    def previous_stage(self) -> str:
        self.timer.previous_stage()
        self.revision += 1
        return self.stage

    def reset_timer(self) -> None:
        self.timer.reset()
        self.revision += 1

    def pause_for_exit(self) -> bool:
        """Leaving the close (quit, a signal, back to the list): a running timer is paused with the
        time so far booked, so the time closer stays closed is never counted. True if it was running."""
        if self.closed or not self.timer.running:
            return False
        self.timer.pause()
        self.revision += 1
        return True

    def add_minutes(self, minutes: int) -> int:
        """A minute more (or, negative, less) for the current stage's budget, never below zero.

        Returns the stage's new budget in seconds."""
        budget = max(0, self.timer.budgets[self.stage] + round(minutes * 60))
        self.timer.set_budget(self.stage, budget)
        self.revision += 1
        return budget

    def share_budget_minutes(self, total: float) -> None:
        """A new total for the close (say the whole 60-minute meeting), shared as the stages were."""
        if not math.isfinite(total) or not 0 < total <= 24 * 60:
            raise ValidationError("budget", "must be between 0 and 1,440 minutes")
        self.timer.scale_budgets(round(total * 60))
        self.revision += 1

    def set_budgets(self, values: list[float]) -> None:
        """The budgets dialog's answer (see :func:`budget_minutes`): a total to share out, or one per stage."""
        if len(values) == 1:
            self.share_budget_minutes(values[0])
        else:
            self.set_budgets_minutes(dict(zip(self.guide.stage_keys, values, strict=True)))

    def set_budgets_minutes(self, minutes: dict[str, float]) -> None:
        for key, value in minutes.items():
            if not math.isfinite(value) or value < 0 or value > 24 * 60:
                raise ValidationError(f"budget.{key}", "must be between 0 and 1,440 minutes")
        for key, value in minutes.items():
            self.timer.set_budget(key, round(value * 60))
        self.revision += 1

    # --- finishing ------------------------------------------------------------

    def finish(self) -> None:
        """The close is done: pause the timer and mark the partnership closed, with the time."""
        self.timer.pause()
        self.partnership.set_status("closed")
        self.revision += 1

    def reopen(self) -> None:
        self.partnership.set_status("closing")
        self.revision += 1

    def follow_on(self) -> Partnership:
        """A draft partnership that carries over every goal left open (NORDP: set new goals); see follow_on.py."""
        return build_follow_on(self.partnership)

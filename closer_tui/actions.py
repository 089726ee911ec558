"""The actions agreed in Next steps, after the close: what a follow-on carries, what the report counts.

Pure: partnerships in, actions or plain figures out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .method import Guide
from .model import Action, Partnership

OWNER_WORDS = {"mentee": "the mentee", "mentor": "the mentor", "both": "both"}
#: The stage where actions are agreed: the END guide's Next steps.
ACTIONS_STAGE = "next_steps"


def actions_stage(guide: Guide) -> str:
    """The stage of ``guide`` that holds the actions: Next steps, or in a programme's own guide
    without one, the stage after the first (the last of two)."""
    keys = guide.stage_keys
    if ACTIONS_STAGE in keys:
        return ACTIONS_STAGE
    return keys[1] if len(keys) > 1 else keys[0]


def open_actions(partnership: Partnership) -> list[Action]:
    return [a for a in partnership.close.actions if not a.done]


def actions_for_follow_on(partnership: Partnership, follow_on: Partnership | None = None) -> list[Action]:
    """The actions still open, for a follow-on of ``partnership``: fresh ids, each remembering the
    action it continues (so the report can see it done later). An action keeps its goal when the
    follow-on carries that goal (matched by text and owner, since a carried goal has a new id)."""
    carried_goals = {(g.text, g.owner): g.id for g in (follow_on.goals if follow_on else [])}
    old_goals = {g.id: (g.text, g.owner) for g in partnership.goals}
    fresh: list[Action] = []
    for action in open_actions(partnership):
        goal_id = carried_goals.get(old_goals.get(action.goal_id or "", ("", "")))
        copy = replace(action, id=Action(text=action.text).id, goal_id=goal_id, carried_from=action.id)
        while copy.id in {a.id for a in fresh}:
            copy = replace(copy, id=Action(text=action.text).id)
        fresh.append(copy)
    return fresh


def action_figures(closed: Iterable[Partnership], everything: Iterable[Partnership]) -> dict:
    """Per close: the actions set, those with a due date, and those done, in the close itself or,
    carried over, in a follow-on partnership. ``everything``: where to look for the follow-ons."""
    done_later = {a.carried_from for p in everything if p.follows for a in p.close.actions if a.done and a.carried_from}
    per_close = []
    for p in closed:
        actions = p.close.actions
        done_here = sum(1 for a in actions if a.done)
        done_in_follow_on = sum(1 for a in actions if not a.done and a.id in done_later)
        per_close.append(
            {
                "partnership": p.id,
                "mentee": p.mentee,
                "set": len(actions),
                "with_due_date": sum(1 for a in actions if a.due),
                "done": done_here + done_in_follow_on,
                "done_in_follow_on": done_in_follow_on,
            }
        )
    totals = {key: sum(row[key] for row in per_close) for key in ("set", "with_due_date", "done", "done_in_follow_on")}
    return {**totals, "closes": len(per_close), "per_close": per_close}

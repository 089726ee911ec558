"""A follow-on partnership: the same pair carrying on with what the close left unfinished.

Pure (no disk, no Textual). The desk stores what :func:`build_follow_on` makes
and links the two records both ways (``follows`` / ``followed_by``).
"""

from __future__ import annotations

from collections.abc import Iterable

from .actions import actions_for_follow_on
from .model import GOALS_TO_CARRY, Goal, Partnership, ValidationError, today_iso


def goals_to_carry(partnership: Partnership) -> list[Goal]:
    """The goals a follow-on may carry on with: open, partly achieved, not achieved or changed."""
    return [goal for goal in partnership.goals if goal.status in GOALS_TO_CARRY]


def build_follow_on(old: Partnership, goal_ids: Iterable[str] | None = None) -> Partnership:
    """A new draft partnership of the same pair (not stored), following ``old``.

    ``goal_ids``: the goals the facilitator ticked, each one :func:`goals_to_carry`
    offers (None: all of those). They start again as open goals, in their old order.
    """
    offered = goals_to_carry(old)
    if goal_ids is None:
        chosen = offered
    else:
        wanted = set(goal_ids)
        unknown = wanted - {goal.id for goal in offered}
        if unknown:
            raise ValidationError("goals", f"{', '.join(sorted(unknown))} is not a goal left to carry on with")
        chosen = [goal for goal in offered if goal.id in wanted]
    draft = Partnership.create(
        mentor=old.mentor,
        mentee=old.mentee,
        programme=old.programme,
        start_date=today_iso(),
        goals=[Goal(text=goal.text, owner=goal.owner) for goal in chosen],
        follows=old.id,
        guide=old.guide,
    )
    carry_open_actions(old, draft)
    return draft


def carry_open_actions(old: Partnership, draft: Partnership) -> None:
    """The actions agreed in Next steps that are still open join the follow-on (fresh ids, and
    their goal where the follow-on carries it)."""
    draft.close.actions = actions_for_follow_on(old, draft)

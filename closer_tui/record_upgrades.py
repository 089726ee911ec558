"""Upgrades of a stored record (a dict as ``Partnership.to_dict()`` writes it) from an older shape.

Pure functions on plain dicts, so the store's file migrations and the import of an
older export can both run them before the model reads the record.
"""

from __future__ import annotations

import copy


def upgrade_partly_reasons(record: dict) -> dict:
    """A partly achieved goal's explanation gets a field of its own.

    Before, it was asked in the words of a goal not achieved and kept in ``not_met_reason``;
    now that field is only for goals not achieved, and ``partly_reason`` holds why a goal got
    part of the way. Moves the one to the other for every partly achieved goal (the goals a
    record's history keeps as they were removed too), unless it already has a partly reason.
    Returns a new record; the one given is left as it was. Running it twice changes nothing more.
    """
    upgraded = copy.deepcopy(record)
    goals = list(_goals(upgraded.get("goals")))
    history = upgraded.get("history")
    if isinstance(history, list):
        goals += [change["removed_goal"] for change in history if isinstance(change, dict) and isinstance(change.get("removed_goal"), dict)]
    for goal in goals:
        reason = goal.get("not_met_reason")
        if goal.get("status") == "partly" and isinstance(reason, str) and reason.strip() and not goal.get("partly_reason"):
            goal["partly_reason"] = reason
            goal["not_met_reason"] = ""
    return upgraded


def _goals(goals: object) -> list[dict]:
    return [goal for goal in goals if isinstance(goal, dict)] if isinstance(goals, list) else []

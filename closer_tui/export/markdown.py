"""The closing record as Markdown: readable as plain text, rendered in the app and in HTML."""

from __future__ import annotations

import re

from ..model import END_REASON_LABELS, GOAL_STATUS_LABELS, Partnership
from ..timer import format_clock

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<])")


def inline(text: str) -> str:
    """User text on one line, with Markdown's special characters made literal."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(text.split()))


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "not discussed"}[value]


def record_markdown(p: Partnership, *, include_private: bool = False) -> str:
    lines: list[str] = []
    add = lines.append
    add(f"# {inline(p.mentee)} and {inline(p.mentor)}")
    add("")
    add(f"- **Mentee**: {inline(p.mentee)}")
    add(f"- **Mentor**: {inline(p.mentor)}")
    if p.programme:
        add(f"- **Programme**: {inline(p.programme)}")
    add(f"- **Started**: {p.start_date}")
    if p.end_date:
        add(f"- **Agreed end**: {p.end_date}")
    if p.agreed_duration:
        add(f"- **Agreed duration**: {inline(p.agreed_duration)}")
    add(f"- **Status**: {p.status}" + (f" (closed {p.closed_at})" if p.closed_at else ""))
    add(f"- **Id**: `{p.id}`")
    add("")

    close = p.close
    add("## Why it is ending")
    add("")
    if close.end_reason:
        reason = END_REASON_LABELS[close.end_reason]
        add(f"{reason.capitalize()}" + (f": {inline(close.end_reason_text)}" if close.end_reason_text else "."))
    else:
        add("Not recorded yet.")
    ext = close.extension
    add("")
    if ext.extra_meetings:
        add(f"**Extension**: {ext.extra_meetings} extra meeting{'s' if ext.extra_meetings > 1 else ''}, agreed by both.")
    else:
        add("**Extension**: none.")
    add("")

    add(f"## Goals ({p.goals_met} of {len(p.goals)} met)")
    add("")
    if not p.goals:
        add("No goals recorded.")
    for goal in p.goals:
        add(f"- {inline(goal.text)} (**{GOAL_STATUS_LABELS[goal.status]}**, {goal.owner}'s goal)")
        if goal.not_met_reason:
            add(f"  - Why not achieved: {inline(goal.not_met_reason)}")
        if goal.what_changed:
            add(f"  - What changed as a result: {inline(goal.what_changed)}")
        if goal.mentee_view:
            add(f"  - As the mentee sees it: {inline(goal.mentee_view)}")
        if goal.mentor_view:
            add(f"  - As the mentor sees it: {inline(goal.mentor_view)}")
    add("")

    if p.meetings:
        add("## Session log")
        add("")
        for meeting in p.meetings:
            flag = " (milestone)" if meeting.milestone else ""
            add(f"- {meeting.date}{flag}: {inline(meeting.notes) or '(no notes)'}")
        add("")

    guide = p.guide
    known = guide.prompts_by_id
    add(f"## The close ({guide.discussed_line(close.prompts_discussed)})")
    add("")
    add(f"*Guide: {inline(guide.title)}*")
    add("")
    for stage in guide.stages:
        used = p.timer.used.get(stage.key, 0)
        budget = p.timer.budgets.get(stage.key, stage.budget_seconds)
        add(f"### {stage.title}")
        add("")
        add(f"*Time used: {format_clock(used)} of {format_clock(budget)}*")
        add("")
        discussed = [known[pid] for pid in close.prompts_discussed if pid.startswith(stage.key + ".") and pid in known]
        if discussed:
            add("Discussed:")
            add("")
            for prompt in discussed:
                add(f"- [x] {prompt.text}")
            add("")
        notes = close.stage_notes.get(stage.key, "").strip()
        add(notes if notes else "*No notes.*")
        add("")

    add("## Looking ahead")
    add("")
    touch = _yes_no(close.stay_in_touch)
    add(f"- **Stay in touch**: {touch}" + (f" ({inline(close.stay_in_touch_how)})" if close.stay_in_touch_how else ""))
    add(f"- **Mentor would mentor others**: {_yes_no(close.mentor_would_mentor_others)}")
    add(f"- **Mentee would mentor others**: {_yes_no(close.mentee_would_mentor_others)}")
    gifts = ", ".join(close.gifts_acknowledged) or "none recorded"
    add(f"- **Gifts acknowledged**: {gifts}" + (f"; {inline(close.gifts_notes)}" if close.gifts_notes else ""))
    add(f"- **Celebration**: {inline(close.celebration_plan) or 'not planned'}")
    add(f"- **Thanks said**: {'yes' if close.thanks_said else 'not yet'}")
    add("")
    add("## Highlights")
    add("")
    add(close.highlights.strip() or "*Not recorded.*")
    add("")
    add("## Impact")
    add("")
    add("**The mentee, on the mentor's impact:**")
    add("")
    add(close.mentee_on_mentor.strip() or "*Not recorded.*")
    add("")
    add("**The mentor, on the mentee's development:**")
    add("")
    add(close.mentor_on_mentee.strip() or "*Not recorded.*")
    add("")
    total_used = sum(p.timer.used.values())
    total_budget = sum(p.timer.budgets.values()) or sum(guide.default_budgets().values())
    add(f"*Close time: {format_clock(total_used)} of {format_clock(total_budget)}.*")
    add("")
    if include_private and close.private_notes.strip():
        add("## Private facilitator notes")
        add("")
        add(close.private_notes.strip())
        add("")
    return "\n".join(lines)

"""The closing record as Markdown: readable as plain text, rendered in the app and in HTML."""

from __future__ import annotations

import re

from ..actions import OWNER_WORDS
from ..follow_ups import follow_ups, readable_date, when_text
from ..model import END_REASON_LABELS, GOAL_STATUS_LABELS, STORY_PARTNERS, STORY_VARIANT_LABELS, Action, Goal, Meeting, Partnership, close_label, yes_no
from ..timer import format_clock
from .consent import consent_line
from .prepared import preparation_markdown

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<])")


def inline(text: str) -> str:
    """User text on one line, with Markdown's special characters made literal."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(text.split()))


def session_log_markdown(meetings: list[Meeting], *, in_record: bool = False) -> str:
    """The session log, one meeting a line in the order given.

    For the panel beside the close: a bold title, bold dates, a ★ for
    milestones, the notes as Markdown, and how to log meetings when there are
    none. ``in_record``: a "## Session log" section with the notes made
    literal, and nothing at all when no meeting was logged.
    """
    title = "## Session log" if in_record else "**Session log**"
    if not meetings:
        return "" if in_record else f"{title}\n\nNo meetings logged. Add them with `closer log ID TEXT`."
    lines = [title, ""]
    for meeting in meetings:
        date = meeting.date if in_record else f"**{meeting.date}**"
        flag = (" (milestone)" if in_record else " ★ milestone") if meeting.milestone else ""
        notes = inline(meeting.notes) if in_record else " ".join(meeting.notes.split())
        lines.append(f"- {date}{flag}: {notes or '(no notes)'}")
    return "\n".join(lines)


def view_line(goal: Goal, partner: str) -> str:
    """How one partner sees a goal, on a line: "**partly achieved**; in their words", or ""."""
    outcome, words = goal.outcome_of(partner), inline(goal.view_of(partner))
    if outcome:
        return f"**{GOAL_STATUS_LABELS[outcome]}**" + (f"; {words}" if words else "")
    return words


def action_line(action: Action, goals: list[Goal]) -> str:
    """One action as a Markdown list item: ticked when done, with its owner, due date and goal."""
    goal = next((g.text for g in goals if g.id == action.goal_id), None)
    parts = [OWNER_WORDS[action.owner]]
    if action.due:
        parts.append(f"by {readable_date(action.due)}")
    if goal:
        parts.append(f"for the goal: {inline(goal)}")
    return f"- [{'x' if action.done else ' '}] {inline(action.text)} ({'; '.join(parts)})"


def actions_markdown(p: Partnership) -> list[str]:
    actions = p.close.actions
    if not actions:
        return []
    done = sum(1 for a in actions if a.done)
    return [f"## Actions agreed ({done} of {len(actions)} done)", "", *(action_line(a, p.goals) for a in actions), ""]


def follow_ups_markdown(p: Partnership) -> list[str]:
    dated = follow_ups(p)
    if not dated:
        return []
    return ["## Follow-up dates", "", *(f"- {when_text(item.when)}: {inline(item.title)}" for item in dated), ""]


def story_consent_markdown(p: Partnership) -> list[str]:
    said = "; ".join(consent_line(p, who) for who in STORY_PARTNERS)
    return [f"- **Story**: with {STORY_VARIANT_LABELS[p.story.variant]}; {said}"]


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
    add(f"- **Status**: {p.status}" + (f" (closed {readable_date(p.closed_at)})" if p.closed_at else ""))
    add(f"- **Id**: `{p.id}`")
    if p.follows:
        add(f"- **Follows**: `{p.follows}`")
    if p.followed_by:
        add(f"- **Follow-on**: `{p.followed_by}`")
    add("")

    close = p.close
    add(f"## {close_label('end_reason_text')}")
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
        if goal.partly_reason:
            add(f"  - Why only partly: {inline(goal.partly_reason)}")
        if goal.what_changed:
            add(f"  - What changed as a result: {inline(goal.what_changed)}")
        for partner in ("mentee", "mentor"):
            seen = view_line(goal, partner)
            if seen:
                add(f"  - As the {partner} sees it: {seen}")
        if goal.views_differ:
            add("  - The mentor and the mentee see this outcome differently.")
    add("")

    if p.meetings:
        add(session_log_markdown(p.meetings, in_record=True))
        add("")

    prepared = preparation_markdown(p)
    if prepared:
        add(prepared)
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

    lines += actions_markdown(p)
    add("## Looking ahead")
    add("")
    how = f" ({inline(close.stay_in_touch_how)})" if close.stay_in_touch_how else ""
    add(f"- **{close_label('stay_in_touch_how')}**: {yes_no(close.stay_in_touch)}{how}")
    add(f"- **Mentor would mentor others**: {yes_no(close.mentor_would_mentor_others)}")
    add(f"- **Mentee would mentor others**: {yes_no(close.mentee_would_mentor_others)}")
    gifts = ", ".join(close.gifts_acknowledged) or "none recorded"
    add(f"- **{close_label('gifts_notes')}**: {gifts}" + (f"; {inline(close.gifts_notes)}" if close.gifts_notes else ""))
    add(f"- **{close_label('celebration_plan')}**: {inline(close.celebration_plan) or 'not planned'}")
    add(f"- **Thanks said**: {'yes' if close.thanks_said else 'not yet'}")
    lines += story_consent_markdown(p)
    add("")
    lines += follow_ups_markdown(p)
    add(f"## {close_label('highlights')}")
    add("")
    add(close.highlights.strip() or "*Not recorded.*")
    add("")
    add("## Impact")
    add("")
    add(f"**{close_label('mentee_on_mentor')}:**")
    add("")
    add(close.mentee_on_mentor.strip() or "*Not recorded.*")
    add("")
    add(f"**{close_label('mentor_on_mentee')}:**")
    add("")
    add(close.mentor_on_mentee.strip() or "*Not recorded.*")
    add("")
    total_used = sum(p.timer.used.values())
    total_budget = sum(p.timer.budgets.values()) or sum(guide.default_budgets().values())
    add(f"*Close time: {format_clock(total_used)} of {format_clock(total_budget)}.*")
    add("")
    if include_private and close.private_notes.strip():
        add(f"## {close_label('private_notes')}")
        add("")
        add(close.private_notes.strip())
        add("")
    return "\n".join(lines)

"""A short, shareable story of one partnership (NORDP: share your outcomes as a story).

Only what the pair said for sharing goes in: outcomes, how each of them sees
them, highlights and the two impact statements. Stage notes, the answers each
prepared on their own, and private notes never do.
"""

from __future__ import annotations

from ..model import GOAL_STATUS_LABELS, Partnership
from .markdown import inline, view_line


def _sentence_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def story_markdown(p: Partnership) -> str:
    mentee, mentor = inline(p.mentee), inline(p.mentor)
    lines = [f"# {mentee} and {mentor}: a mentoring story", ""]
    where = f" in {inline(p.programme)}" if p.programme else ""
    since = f" from {p.start_date}" + (f" to {p.closed_at[:10]}" if p.closed_at else "")
    lines.append(f"{mentor} mentored {mentee}{where}{since}.")
    lines.append("")

    met = [g for g in p.goals if g.is_met]
    if p.goals:
        lines.append(
            f"They set out with {len(p.goals)} goal{'s' if len(p.goals) != 1 else ''}"
            f" and met {len(met)} of {'them' if len(p.goals) != 1 else 'it'}."
        )
        lines.append("")
        for goal in p.goals:
            outcome = GOAL_STATUS_LABELS[goal.status]
            line = f"- **{inline(goal.text)}**: {outcome}"
            if goal.is_met and goal.what_changed:
                line += f". {inline(goal.what_changed)}"
            lines.append(line)
            for partner, name in (("mentee", mentee), ("mentor", mentor)):
                seen = view_line(goal, partner)
                if seen:
                    lines.append(f"  - As {name} sees it: {seen}")
        lines.append("")

    close = p.close
    if close.highlights.strip():
        lines += ["## Highlights", "", close.highlights.strip(), ""]
    if close.mentee_on_mentor.strip():
        lines += [f"## {mentee}, on {mentor}", "", _quoted(close.mentee_on_mentor), ""]
    if close.mentor_on_mentee.strip():
        lines += [f"## {mentor}, on {mentee}", "", _quoted(close.mentor_on_mentee), ""]

    after = []
    if close.stay_in_touch:
        after.append("they are staying in touch")
    willing = [name for name, yes in ((mentor, close.mentor_would_mentor_others), (mentee, close.mentee_would_mentor_others)) if yes]
    if willing:
        after.append(f"{_sentence_list(willing)} would mentor others")
    if after:
        sentence = _sentence_list(after)
        lines += ["## What comes next", "", f"{sentence[0].upper()}{sentence[1:]}.", ""]
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())

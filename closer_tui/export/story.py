"""A short, shareable story of one partnership (NORDP: share your outcomes as a story).

Only what the pair said for sharing goes in: outcomes, how each of them sees
them, highlights, the two impact statements and the actions they agreed. Stage
notes, the answers each prepared on their own, and private notes never do.
The story names the pair as they chose (full names, first names, initials or roles
only), and is shared only when both said yes to it as named: :func:`consent_problem`
says what is missing, and an export without both consents says so in its first line.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import CloserError
from ..model import GOAL_STATUS_LABELS, STORY_PARTNERS, STORY_VARIANT_LABELS, Partnership
from .consent import consent_line, consent_problem
from .markdown import inline, readable_date, view_line

#: Titles left out of first names and initials ("Dr Anaïs Lefebvre": "Anaïs", "A. L.").
HONORIFICS = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame"})
WITHOUT_CONSENT = "> **Not agreed for sharing**: exported without both partners' consent"


class StoryConsentError(CloserError):
    """A story asked for without both partners' consent to share it as named."""


def name_parts(name: str) -> list[str]:
    parts = name.split()
    while len(parts) > 1 and parts[0].casefold().rstrip(".") in HONORIFICS:
        parts = parts[1:]
    return parts or [name]


def first_name(name: str) -> str:
    return name_parts(name)[0]


def initials(name: str) -> str:
    return " ".join(f"{part[0]}." for part in name_parts(name))


@dataclass(frozen=True)
class StoryNames:
    """How the story calls each partner, as its variant says."""

    mentee: str
    mentor: str
    roles: bool  # the roles are the names ("the mentee"): a sentence starting with one needs a capital

    @classmethod
    def of(cls, p: Partnership, variant: str) -> StoryNames:
        if variant == "roles":
            return cls("the mentee", "the mentor", True)
        name = {"full": str.strip, "first": first_name, "initials": initials}[variant]
        return cls(name(p.mentee), name(p.mentor), False)

    def of_owner(self, owner: str) -> str:
        return {"mentee": self.mentee, "mentor": self.mentor}.get(owner, "both")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def story_markdown(p: Partnership, variant: str | None = None) -> str:
    """The story, naming the pair as ``variant`` says (default: the variant chosen in the record)."""
    names = StoryNames.of(p, variant or p.story.variant)
    mentee, mentor = inline(names.mentee), inline(names.mentor)
    where = f" in {inline(p.programme)}" if p.programme else ""
    title = f"A mentee and a mentor{where}" if names.roles else f"{mentee} and {mentor}"
    lines = [f"# {title}: a mentoring story", ""]
    since = f" from {p.start_date}" + (f" to {p.closed_at[:10]}" if p.closed_at else "")
    lines.append(f"{_capital(mentor)} mentored {mentee}{where}{since}.")
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
        lines += [f"## {_capital(mentee)}, on {mentor}", "", _quoted(close.mentee_on_mentor), ""]
    if close.mentor_on_mentee.strip():
        lines += [f"## {_capital(mentor)}, on {mentee}", "", _quoted(close.mentor_on_mentee), ""]

    if close.actions:
        lines += ["## Next steps they agreed", ""]
        for action in close.actions:
            by = f", by {readable_date(action.due)}" if action.due else ""
            done = " (done)" if action.done else ""
            lines.append(f"- {inline(action.text)} ({inline(names.of_owner(action.owner))}{by}){done}")
        lines.append("")

    after = []
    if close.stay_in_touch:
        after.append("they are staying in touch")
    willing = [name for name, yes in ((mentor, close.mentor_would_mentor_others), (mentee, close.mentee_would_mentor_others)) if yes]
    if willing:
        after.append(f"{_sentence_list(willing)} would mentor others")
    if after:
        sentence = _sentence_list(after)
        lines += ["## What comes next", "", f"{_capital(sentence)}.", ""]
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def shared_story(p: Partnership, *, without_consent: bool = False) -> str:
    """The story to share: refused (StoryConsentError) unless both partners said yes to it as named;
    ``without_consent`` writes it all the same, its first line saying so and why."""
    problem = consent_problem(p)
    if problem is None:
        return story_markdown(p)
    if not without_consent:
        raise StoryConsentError(
            f"the story is shared only when both partners agree: {problem}. Record their answers on the "
            "summary (s) or with `closer consent`, or export with --without-consent"
        )
    return f"{WITHOUT_CONSENT} ({problem}).\n\n{story_markdown(p)}"


@dataclass(frozen=True)
class StoryView:
    """The story as both partners see it before they answer, and where their consent stands."""

    partnership_id: str
    mentee: str  # full names: the people asked, on their own close's screen
    mentor: str
    variant: str  # how the story names them
    markdown: str
    consent: dict[str, str]  # mentor/mentee -> where their answer stands, in words
    agreed: bool  # both said yes to the chosen variant: the story may be shared

    @classmethod
    def of(cls, p: Partnership) -> StoryView:
        return cls(
            partnership_id=p.id,
            mentee=p.mentee,
            mentor=p.mentor,
            variant=p.story.variant,
            markdown=story_markdown(p),
            consent={who: consent_line(p, who) for who in STORY_PARTNERS},
            agreed=consent_problem(p) is None,
        )

    @property
    def variant_label(self) -> str:
        return STORY_VARIANT_LABELS[self.variant]

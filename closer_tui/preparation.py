"""What each partner is asked before the close, and what they answered, prompt by prompt.

A guide's ``Prepare:`` lines (see guide_file.py) say which of its prompts each
partner answers on their own reflection sheet (prep_sheet.py writes and reads it).
A guide without any borrows the questions of closer's END guide for the prompts
it shares with it, so a record started before guides had them still gets a sheet.
Whatever the guide, the sheet asks for each goal how far it got and how the
partner sees it: these two answers are kept on the goal, beside the other
partner's. No Textual here: the dashboard and the exports both use it.
"""

from __future__ import annotations

from typing import NamedTuple
import re
from functools import lru_cache

from .method import PARTNERS, Guide, Prepare, default_guide
from .model import GOAL_STATUS_LABELS, GOAL_STATUSES, Goal, Partnership

#: closer's own wording when a guide does not ask for a goal's outcome or view itself.
OUTCOME_QUESTION = "As you see it, how far did this goal get?"
VIEW_QUESTION = "How do you see this outcome from where you stand?"
ANYTHING_ELSE = "Anything else you want to say, or to remember on the day?"

#: What a partner may write as a goal's outcome, folded (lower case, single spaces) -> the status.
OUTCOME_WORDS = {
    **{status.replace("_", " "): status for status in GOAL_STATUSES},
    **{label: status for status, label in GOAL_STATUS_LABELS.items()},
    "partially": "partly",
    "partially achieved": "partly",
    "partly met": "partly",
    "not met": "not_achieved",
    "met": "achieved",
    "still open": "open",
}
OUTCOME_CHOICES = "achieved, exceeded, partly, changed, not achieved or open"

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<])")


class SheetQuestion(NamedTuple):
    """One question of a sheet: its words, the guide's prompt it answers (None: closer's own
    question, on no prompt), and what its answer is (text, a goal's outcome, a view)."""

    text: str
    prompt_id: str | None
    answer: str = "text"

    @property
    def heading(self) -> str:
        """The question as the sheet heads it: an outcome's heading lists the words to choose from."""
        return f"{self.text} ({OUTCOME_CHOICES})" if self.answer == "outcome" else self.text


@lru_cache(maxsize=16)
def sheet_prompts(guide: Guide) -> dict[str, Prepare]:
    """Prompt id -> its sheet question, in the guide's order: the guide's own ``Prepare:`` lines, or,
    when it has none at all, those of closer's END guide for the prompts of the same id."""
    prompts = [prompt for stage in guide.stages for prompt in stage.prompts]
    own = {prompt.id: prompt.prepare for prompt in prompts if prompt.prepare is not None}
    if own:
        return own
    borrowed = {prompt.id: prompt.prepare for stage in default_guide().stages for prompt in stage.prompts if prompt.prepare}
    return {prompt.id: borrowed[prompt.id] for prompt in prompts if prompt.id in borrowed}


def goal_questions(guide: Guide, partner: str) -> list[SheetQuestion]:
    """What the sheet asks ``partner`` about each goal: the outcome and the view first, then the rest."""
    asked = {pid: q for pid, q in sheet_prompts(guide).items() if q.for_each_goal and partner in q.who}
    by_kind = {q.answer: SheetQuestion(q.text, pid, q.answer) for pid, q in reversed(asked.items())}
    first = [
        by_kind.get("outcome", SheetQuestion(OUTCOME_QUESTION, None, "outcome")),
        by_kind.get("view", SheetQuestion(VIEW_QUESTION, None, "view")),
    ]
    return first + [SheetQuestion(q.text, pid) for pid, q in asked.items() if q.answer == "text"]


def overall_questions(guide: Guide, partner: str) -> list[SheetQuestion]:
    """What the sheet asks ``partner`` about the partnership as a whole, in the guide's order."""
    return [
        SheetQuestion(q.text, pid)
        for pid, q in sheet_prompts(guide).items()
        if not q.for_each_goal and partner in q.who
    ]


def outcome_from(text: str) -> str | None:
    """The status a partner's word for an outcome means ("Partly achieved." -> partly), or None."""
    folded = " ".join(text.casefold().replace("_", " ").strip().strip(".!").split())
    return OUTCOME_WORDS.get(folded)


def name_of(partnership: Partnership, partner: str) -> str:
    return partnership.mentor if partner == "mentor" else partnership.mentee


def goal_answer(partnership: Partnership, partner: str, goal: Goal, question: SheetQuestion) -> str:
    """What ``partner`` answered to one goal question ("" when nothing yet)."""
    if question.answer == "outcome":
        outcome = goal.outcome_of(partner)
        return GOAL_STATUS_LABELS[outcome] if outcome else ""
    if question.answer == "view":
        return goal.view_of(partner)
    if question.prompt_id is None:
        return ""
    return partnership.preparation[partner].goal_answers.get(goal.id, {}).get(question.prompt_id, "")


def prepared_prompt_ids(partnership: Partnership) -> set[str]:
    """The guide's prompts for which at least one partner has an answer (the checklist marks them)."""
    prompts = sheet_prompts(partnership.guide)
    found: set[str] = set()
    for pid, prepare in prompts.items():
        question = SheetQuestion(prepare.text, pid, prepare.answer)
        for partner in prepare.who:
            if prepare.for_each_goal:
                answered = any(goal_answer(partnership, partner, goal, question) for goal in partnership.goals)
            else:
                answered = bool(partnership.preparation[partner].answers.get(pid))
            if answered:
                found.add(pid)
    return found


def literal(text: str) -> str:
    """A name or a goal on one line, with Markdown's special characters shown as they are."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(text.split()))


def _short(text: str, limit: int = 60) -> str:
    """A goal named in a narrow panel: its first words, enough to know it by."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _indented(text: str) -> str:
    """A Markdown answer inside a list item: its following lines indented to stay in the item."""
    first, *rest = text.strip().split("\n")
    return "\n".join([first, *(f"  {line}" if line.strip() else "" for line in rest)])


def answers_markdown(partnership: Partnership, prompt_id: str) -> str:
    """Both partners' prepared answers to one prompt, as Markdown for the panel beside the notes."""
    prepare = sheet_prompts(partnership.guide).get(prompt_id)
    if prepare is None:
        return sheets_markdown(partnership)
    lines = ["**Prepared answers**", "", f"*{literal(prepare.text)}*", ""]
    question = SheetQuestion(prepare.text, prompt_id, prepare.answer)
    for partner in prepare.who:
        lines += [f"**{literal(name_of(partnership, partner))}** ({partner})", ""]
        if prepare.for_each_goal:
            given = [(goal, goal_answer(partnership, partner, goal, question)) for goal in partnership.goals]
            given = [(goal, answer) for goal, answer in given if answer]
            lines += [f"- {literal(_short(goal.text))}: {_indented(answer)}" for goal, answer in given] or ["*No answer yet.*"]
        else:
            answer = partnership.preparation[partner].answers.get(prompt_id, "").strip()
            lines.append(answer or "*No answer yet.*")
        lines.append("")
    return "\n".join(lines)


def sheets_markdown(partnership: Partnership) -> str:
    """For a prompt no sheet asks about: whose sheet has been read, and what else each partner wrote."""
    lines = ["**Reflection sheets**", "", "No sheet question goes with this prompt.", ""]
    for partner in PARTNERS:
        preparation = partnership.preparation[partner]
        read = f"read on {preparation.read_at[:10]}" if preparation.read_at else "not read yet"
        lines += [f"**{literal(name_of(partnership, partner))}** ({partner}): sheet {read}.", ""]
        if preparation.other.strip():
            lines += [preparation.other.strip(), ""]
    return "\n".join(lines)

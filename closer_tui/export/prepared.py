"""The partners' preparation in the record: each one's answers from their reflection sheet."""

from __future__ import annotations

from ..method import PARTNERS
from ..model import Partnership
from ..prep_sheet import readable_day
from ..preparation import ANYTHING_ELSE, goal_questions, literal, name_of, overall_questions


def preparation_markdown(p: Partnership) -> str:
    """A "## Preparation" section, partner by partner, question by question ("" when neither
    partner prepared anything). The outcomes and views are under the goals already."""
    parts: list[str] = []
    for partner in PARTNERS:
        preparation = p.preparation[partner]
        if preparation.is_empty:
            continue
        read = f", sheet read on {readable_day(preparation.read_at[:10])}" if preparation.read_at else ""
        parts += [f"### {literal(name_of(p, partner))} ({partner}){read}", ""]
        questions = [q for q in goal_questions(p.guide, partner) if q.answer == "text" and q.prompt_id]
        for goal in p.goals:
            answers = preparation.goal_answers.get(goal.id, {})
            given = [(q, answers[q.prompt_id]) for q in questions if answers.get(q.prompt_id or "", "").strip()]
            if given:
                parts += [f"**{literal(goal.text)}**", ""]
                for question, answer in given:
                    parts += [f"*{literal(question.text)}*", "", answer.strip(), ""]
        for question in overall_questions(p.guide, partner):
            answer = preparation.answers.get(question.prompt_id or "", "").strip()
            if answer:
                parts += [f"**{literal(question.text)}**", "", answer, ""]
        if preparation.other.strip():
            parts += [f"**{literal(ANYTHING_ELSE)}**", "", preparation.other.strip(), ""]
    if not parts:
        return ""
    return "\n".join(["## Preparation", "", *parts]).rstrip("\n")

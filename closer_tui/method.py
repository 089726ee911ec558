"""The closing method: the three END stages, their prompts and time budgets.

The prompts merge two guides, reworded for a facilitator reading them aloud:

* ``END``: "Ending a mentoring partnership", The National Lottery (Evaluate,
  Next steps, Development; at least 20 minutes; at most two extra meetings).
* ``NORDP``: "Closing Your Mentoring Relationship", the National Organization
  for Research Development Professionals (outcomes, staying connected, impact,
  the story, celebration and gifts).

Budget split of the 20-minute close (8 / 5 / 7 minutes): Evaluate holds the
most to get through (each goal, seen from both sides, why some were missed,
the session log), so it gets the largest share. Next steps builds on what
Evaluate settled and is the shortest. Development keeps seven minutes because
it ends the partnership: impact statements both ways, staying in touch, the
gifts and the thanks should never be squeezed by an overrunning review.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCES = {
    "END": "“Ending a mentoring partnership”, The National Lottery mentoring guide (the END close)",
    "NORDP": "“Closing Your Mentoring Relationship”, NORDP (National Organization for Research Development Professionals)",
}

DEFAULT_CLOSE_MINUTES = 20


@dataclass(frozen=True)
class Prompt:
    id: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Stage:
    key: str
    title: str
    purpose: str
    budget_seconds: int
    prompts: tuple[Prompt, ...]


def _prompts(stage: str, *rows: tuple[str, str, str]) -> tuple[Prompt, ...]:
    return tuple(Prompt(f"{stage}.{slug}", text, tuple(src.split("+"))) for slug, src, text in rows)


STAGES: tuple[Stage, ...] = (
    Stage(
        "evaluate",
        "Evaluate",
        "Look back: why it ends, what was reached, what was learned.",
        8 * 60,
        _prompts(
            "evaluate",
            ("prepared", "NORDP", "Did each of you reflect on the outcomes alone before today? Share what came up."),
            ("reason", "END", "Name why the partnership ends now: the agreed term is up, the goals are met, or another reason."),
            ("extension", "END+NORDP", "If a goal still needs work, decide on an extension: two extra meetings at most, and only if you both say yes."),
            ("goals", "END+NORDP", "Walk through every goal you agreed, the mentor's own goals too: which are done?"),
            ("log", "END", "Go back over the session log and your notes: what steps did you take, how far did you get?"),
            ("milestones", "END", "Pick out the milestones, the results and the lessons worth keeping."),
            ("changes", "NORDP", "For each goal reached: what is different now because of it?"),
            ("perspectives", "NORDP", "Mentor and mentee: how does each of you see these results from where you stand?"),
            ("not_met", "NORDP", "For each goal not reached: what got in the way?"),
            ("credit", "NORDP", "What do you put the success of this partnership down to?"),
            ("highlights", "NORDP", "What stood out for each of you across the programme?"),
            ("learned", "END", "What did each of you learn about yourself, and about mentoring as a way to grow?"),
            ("strengths", "END", "Which strengths did each of you bring, and which grew along the way?"),
            ("celebrate", "END", "Mark the successes out loud before moving on."),
        ),
    ),
    Stage(
        "next_steps",
        "Next steps",
        "Look forward on the goals: how the mentee carries on alone.",
        5 * 60,
        _prompts(
            "next_steps",
            ("per_goal", "END", "For each goal, whether reached, partly reached or changed: what is the next step?"),
            ("springboard", "END", "The work does not stop with the meetings: how will the mentee keep going on this path alone?"),
            ("independence", "END", "Which of the mentee's own strengths, and what new confidence, will carry them forward?"),
            ("new_goals", "NORDP", "Goals met? Set new ones, and consider a new partnership for the next stretch."),
            ("pass_on", "NORDP", "How can each of you pass on what you learned to other people?"),
        ),
    ),
    Stage(
        "development",
        "Development",
        "Beyond this partnership: careers, staying in touch, impact and thanks.",
        7 * 60,
        _prompts(
            "development",
            ("career", "END", "Mentee: where do you want your career to go beyond the goals you worked on here?"),
            ("support", "END", "What other opportunities, people or support could the mentee draw on next?"),
            ("mentor_goals", "END", "Mentor: has this partnership changed your own goals or plans?"),
            ("mentor_others", "END", "Would each of you mentor someone else in future?"),
            ("stay_in_touch", "END+NORDP", "Do you want to stay in touch informally, and how?"),
            ("impact_mentee", "NORDP", "Mentee: say how your mentor shaped your development."),
            ("impact_mentor", "NORDP", "Mentor: describe the changes you have seen in your mentee."),
            ("story", "NORDP", "Agree how you will share your story, so others in the programme see what mentoring offers."),
            ("gifts", "NORDP", "Acknowledge what you gave each other: time, vision, advice, and what was learned from it."),
            ("celebrate", "NORDP", "Plan a celebration: a meal together, or a get-together online if you are far apart."),
            ("thanks", "END", "Thank each other, wish each other well, and say anything else that needs saying."),
        ),
    ),
)

STAGE_KEYS: tuple[str, ...] = tuple(stage.key for stage in STAGES)
PROMPTS_BY_ID: dict[str, Prompt] = {p.id: p for stage in STAGES for p in stage.prompts}


def stage(key: str) -> Stage:
    for candidate in STAGES:
        if candidate.key == key:
            return candidate
    raise KeyError(key)


def default_budgets() -> dict[str, int]:
    return {s.key: s.budget_seconds for s in STAGES}


def total_prompts() -> int:
    return len(PROMPTS_BY_ID)


def prompts_discussed_line(discussed: list[str]) -> str:
    count = sum(1 for pid in set(discussed) if pid in PROMPTS_BY_ID)
    return f"{count} of {total_prompts()} discussed"

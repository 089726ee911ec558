"""The closing method: a guide's stages, their prompts and time budgets, and its sources.

Guides are data: Markdown files parsed by :mod:`closer_tui.guide_file`. The
default one, ``guides/end.md``, merges two guides, reworded for a facilitator
to read aloud:

* ``END``: "Ending a mentoring partnership", The National Lottery (Evaluate,
  Next steps, Development; at least 20 minutes; at most two extra meetings).
* ``NORDP``: "Closing Your Mentoring Relationship", the National Organization
  for Research Development Professionals (outcomes, staying connected, impact,
  the story, celebration and gifts).

Its budget split of the 20-minute close (8 / 5 / 7 minutes): Evaluate holds the
most to get through (each goal, seen from both sides, why some were missed,
the session log), so it gets the largest share. Next steps builds on what
Evaluate settled and is the shortest. Development keeps seven minutes because
it ends the partnership: impact statements both ways, staying in touch, the
gifts and the thanks should never be squeezed by an overrunning review.

Each partnership keeps a copy of the guide it was closed with
(:meth:`Guide.to_dict`), so a past close always shows its own prompts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

DEFAULT_CLOSE_MINUTES = 20
DEFAULT_GUIDE = "end"


class GuideDataError(ValueError):
    """A stored copy of a guide is not in the expected shape."""


PARTNERS = ("mentor", "mentee")
#: What the answer to a sheet's question is: words, kept as that partner's prepared answer to the
#: prompt; or, asked for each goal, the goal's outcome as they see it, or their view of it in words
#: (both kept on the goal, beside the other partner's).
ANSWER_KINDS = ("text", "outcome", "view")


class Prepare(NamedTuple):
    """A prompt's question on each partner's reflection sheet, in the guide's words (prep_sheet.py
    writes the sheet): asked once, or once for each goal; of both partners, or of one."""

    text: str
    for_each_goal: bool = False
    who: tuple[str, ...] = PARTNERS
    answer: str = "text"

    def to_dict(self) -> dict:
        return {"text": self.text, "for_each_goal": self.for_each_goal, "who": list(self.who), "answer": self.answer}

    @classmethod
    def from_dict(cls, data: Any) -> Prepare:
        who = tuple(str(w) for w in data.get("who", PARTNERS))
        answer = str(data.get("answer", "text"))
        if not who or not set(who) <= set(PARTNERS) or answer not in ANSWER_KINDS:
            raise GuideDataError(f"not a sheet question ({data!r:.60})")
        return cls(str(data["text"]), bool(data.get("for_each_goal", False)) or answer != "text", who, answer)


class Prompt(NamedTuple):
    """One question of a stage, in the guide's words, with the guides it comes from."""

    id: str
    text: str
    sources: tuple[str, ...]
    prepare: Prepare | None = None  # what each partner is asked about it before the close, if anything


class Stage(NamedTuple):
    """One of the three closing stages: its purpose, its share of the close's time, its prompts."""

    key: str
    title: str
    purpose: str
    budget_seconds: int
    prompts: tuple[Prompt, ...]


@dataclass(frozen=True)
class Guide:
    """The closing method a programme follows: its stages in order, and the publications it draws on."""

    name: str
    title: str
    stages: tuple[Stage, ...]
    sources: dict[str, str] = field(default_factory=dict, hash=False, compare=True)

    @property
    def stage_keys(self) -> tuple[str, ...]:
        return tuple(stage.key for stage in self.stages)

    @property
    def prompts_by_id(self) -> dict[str, Prompt]:
        return {p.id: p for stage in self.stages for p in stage.prompts}

    def stage(self, key: str) -> Stage:
        for candidate in self.stages:
            if candidate.key == key:
                return candidate
        raise KeyError(key)

    def default_budgets(self) -> dict[str, int]:
        return {s.key: s.budget_seconds for s in self.stages}

    def total_prompts(self) -> int:
        return sum(len(stage.prompts) for stage in self.stages)

    def discussed_line(self, discussed: list[str]) -> str:
        known = self.prompts_by_id
        count = sum(1 for pid in set(discussed) if pid in known)
        return f"{count} of {self.total_prompts()} discussed"

    # --- the copy kept with each partnership -----------------------------------

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "sources": dict(self.sources),
            "stages": [
                {
                    "key": s.key,
                    "title": s.title,
                    "purpose": s.purpose,
                    "budget_seconds": s.budget_seconds,
                    "prompts": [_prompt_dict(p) for p in s.prompts],
                }
                for s in self.stages
            ],
        }

    @classmethod
    def from_dict(cls, data: Any) -> Guide:
        try:
            stages = tuple(
                Stage(
                    key=str(s["key"]),
                    title=str(s["title"]),
                    purpose=str(s.get("purpose", "")),
                    budget_seconds=int(s["budget_seconds"]),
                    prompts=tuple(
                        Prompt(
                            str(p["id"]),
                            str(p["text"]),
                            tuple(str(x) for x in p.get("sources", [])),
                            Prepare.from_dict(p["prepare"]) if p.get("prepare") is not None else None,
                        )
                        for p in s["prompts"]
                    ),
                )
                for s in data["stages"]
            )
            sources = {str(k): str(v) for k, v in dict(data.get("sources", {})).items()}
            guide = cls(name=str(data["name"]), title=str(data.get("title", data["name"])), stages=stages, sources=sources)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise GuideDataError(f"not a closing guide ({error})") from None
        if not stages:
            raise GuideDataError("a guide needs at least one stage")
        if len(set(guide.stage_keys)) != len(stages):
            raise GuideDataError("two stages share a name")
        return guide


def _prompt_dict(prompt: Prompt) -> dict:
    data: dict = {"id": prompt.id, "text": prompt.text, "sources": list(prompt.sources)}
    if prompt.prepare is not None:  # left out when there is none: older copies read the same
        data["prepare"] = prompt.prepare.to_dict()
    return data


ENDING, LOOKING_AHEAD = "ending", "looking_ahead"


def details_kind(guide: Guide, stage: str) -> str | None:
    """Which decisions a stage records: the first stage the ending, the last what comes after."""
    keys = guide.stage_keys
    if stage == keys[0]:
        return ENDING
    if stage == keys[-1]:
        return LOOKING_AHEAD
    return None


@cache
def bundled_guide(name: str = DEFAULT_GUIDE) -> Guide:
    """A guide shipped with closer, by name (``end`` is the default)."""
    from .guide_file import load_bundled  # the parser needs markdown-it; load it only when asked

    return load_bundled(name)


def default_guide() -> Guide:
    return bundled_guide(DEFAULT_GUIDE)

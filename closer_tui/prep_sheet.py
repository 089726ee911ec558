"""A partner's reflection sheet: written as plain Markdown, read back with markdown-it-py.

Each partner answers the closing questions on their own before the close (NORDP:
consider the outcomes on your own, then meet). The sheet is plain Markdown that reads
well in any editor or mail client: a greeting, then one heading per question with
room under it to write. The headings are the only markup, and the sheet asks for
them to be left as they are: they tell the reader whose sheet it is (the title names
the partner and the partnership) and which answer is which (the goal's id is in its
heading; the questions are the guide's). Everything under a question is its answer,
Markdown and all. Whatever the reader cannot place is kept in that partner's "other"
notes and reported with its line, never dropped; an empty answer changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import textwrap
from dataclasses import dataclass, field, replace

from .control_characters import first_control_character
from .errors import CloserError
from .method import PARTNERS
from .model import Partnership, Preparation, ValidationError, check_text, now_iso
from .preparation import ANYTHING_ELSE, OUTCOME_CHOICES, SheetQuestion, goal_questions, name_of, outcome_from, overall_questions

#: A sheet is a few pages; a file far larger is not one (and is refused before it is parsed).
MAX_SHEET_CHARACTERS = 1_000_000
WRAP = 90

TITLE_PATTERN = re.compile(r"\((?P<partner>mentor|mentee), partnership (?P<id>[a-z0-9]+)\)\s*$")
GOAL_PATTERN = re.compile(r"^Goal (?P<number>\d+) \((?P<id>[^()\s]+)\)")

#: The sheet's own paragraphs under its title. The reader knows them by their shape (the names and
#: the date may have changed since the sheet was written), so they are never taken for answers.
INTRO = (
    "Hello {name}.",
    "Your mentoring partnership with {other} comes to its close {when}. Before that meeting, set aside"
    " half an hour on your own to look back over it and note down what you think. {other} is doing the"
    " same on a sheet of their own, and in the meeting you will put the two side by side: where you see"
    " things differently is worth talking about, not something to settle beforehand.",
    "Write under each question, in your own words: a line or a few paragraphs, lists welcome. Skip"
    " whatever does not fit, and put anything else under the last question. Please leave the lines that"
    " start with # as they are: they tell closer where each answer belongs.",
    "When you are done, save this file as plain text and send it back to whoever runs your closing meeting.",
)


class SheetError(CloserError, ValueError):
    """A sheet cannot be read at all (not a sheet, another partnership's, a control character)."""


@dataclass(frozen=True)
class Unplaced:
    line: int  # where it starts in the sheet
    text: str
    why: str


@dataclass
class SheetAnswers:
    """What one sheet says, before it is stored (nothing empty is in here)."""

    partner: str
    answers: dict[str, str] = field(default_factory=dict)  # prompt id -> answer
    goal_answers: dict[str, dict[str, str]] = field(default_factory=dict)  # goal id -> prompt id -> answer
    outcomes: dict[str, str] = field(default_factory=dict)  # goal id -> status
    views: dict[str, str] = field(default_factory=dict)  # goal id -> view in words
    anything_else: str = ""
    unplaced: list[Unplaced] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many answers the sheet gave, each counted once."""
        per_goal = sum(len(answers) for answers in self.goal_answers.values())
        return len(self.answers) + per_goal + len(self.outcomes) + len(self.views) + bool(self.anything_else)


@dataclass(frozen=True)
class SheetReading:
    """What reading a sheet did, to tell the person who read it."""

    partner: str
    name: str
    answers: int  # answers stored
    problems: tuple[str, ...]  # "line 12: ...", one for each piece kept in the other notes

    @property
    def summary(self) -> str:
        answers = f"{self.answers} answer{'s' if self.answers != 1 else ''}"
        kept = f"; {len(self.problems)} piece{'s' if len(self.problems) != 1 else ''} kept in their other notes" if self.problems else ""
        return f"read {self.name}'s sheet ({self.partner}): {answers}{kept}"


# --- writing ------------------------------------------------------------------------


def readable_day(iso_date: str) -> str:
    day = dt.date.fromisoformat(iso_date)
    return f"{day.day} {day:%B %Y}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def write_sheet(partnership: Partnership, partner: str, close_date: str | None = None) -> str:
    """``partner``'s reflection sheet for ``partnership`` (the close on ``close_date``, else the agreed end)."""
    if partner not in PARTNERS:
        raise ValidationError("partner", f"{partner!r} is not one of: {', '.join(PARTNERS)}")
    name = _one_line(name_of(partnership, partner))
    other = _one_line(name_of(partnership, "mentee" if partner == "mentor" else "mentor"))
    day = close_date or partnership.end_date
    slots = {"name": name, "other": other, "when": f"on {readable_day(day)}" if day else "soon"}
    lines = [f"# Closing reflection for {name} ({partner}, partnership {partnership.id})", ""]
    for paragraph in INTRO:
        lines += [textwrap.fill(paragraph.format(**slots), WRAP, break_long_words=False, break_on_hyphens=False), ""]
    questions = goal_questions(partnership.guide, partner)
    for number, goal in enumerate(partnership.goals, 1):
        whose = "yours" if goal.owner == partner else f"{other}'s"
        lines += [f"## Goal {number} ({goal.id}), {whose}: {_one_line(goal.text)}", ""]
        for question in questions:
            lines += [f"### {question.heading}", "", ""]
    for question in overall_questions(partnership.guide, partner):
        lines += [f"## {question.heading}", "", ""]
    lines += [f"## {ANYTHING_ELSE}", "", ""]
    return "\n".join(lines)


# --- reading ------------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _intro_pattern(template: str) -> re.Pattern[str]:
    parts = [re.escape(_fold(literal)) + (".+?" if slot else "") for literal, slot, _, _ in string.Formatter().parse(template)]
    return re.compile("".join(parts))


INTRO_PATTERNS = tuple(_intro_pattern(paragraph) for paragraph in INTRO)


@dataclass
class _Section:
    """A structural heading (# to ###, never a setext one) and the blocks under it, as line ranges."""

    level: int  # 0: before any heading
    heading: str
    line: int  # 1-based
    blocks: list[tuple[int, int]] = field(default_factory=list)  # [start, end) 0-based


def _sections(text: str) -> tuple[list[str], list[_Section]]:
    from markdown_it import MarkdownIt  # the parser loads when a sheet is read, not with every close

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tokens = MarkdownIt("commonmark").parse(text)
    sections = [_Section(0, "", 1)]
    for i, token in enumerate(tokens):
        if token.level != 0 or token.nesting == -1 or token.map is None:
            continue
        if token.type == "heading_open" and token.markup.startswith("#") and token.tag in ("h1", "h2", "h3"):
            sections.append(_Section(int(token.tag[1]), tokens[i + 1].content.strip(), token.map[0] + 1))
        else:
            sections[-1].blocks.append((token.map[0], token.map[1]))
    return lines, sections


def _text_of(lines: list[str], blocks: list[tuple[int, int]]) -> str:
    """The source of the blocks, from the first to the last, as the person wrote it."""
    if not blocks:
        return ""
    return "\n".join(lines[blocks[0][0] : blocks[-1][1]]).strip()


def check_sheet_characters(text: str, source: str) -> None:
    """A sheet's answers are shown on a shared screen: a control character or a direction override
    anywhere refuses the whole sheet, naming the line (nothing of it is stored)."""
    if len(text) > MAX_SHEET_CHARACTERS:
        raise SheetError(f"{source}: {len(text):,} characters is far more than a reflection sheet holds (at most {MAX_SHEET_CHARACTERS:,})")
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        at = first_control_character(line)
        if at is not None:
            raise SheetError(f"{source}, line {number}: contains a control character (U+{ord(line[at]):04X}) at column {at + 1}")


def read_sheet(partnership: Partnership, text: str, source: str, partner: str | None = None) -> SheetAnswers:
    """Read a filled sheet for ``partnership`` (and ``partner``, when given): every answer in its
    place; SheetError if it is not a sheet of theirs."""
    check_sheet_characters(text, source)
    lines, sections = _sections(text)
    titled = [s for s in sections if s.level]
    title = TITLE_PATTERN.search(titled[0].heading) if titled and titled[0].level == 1 else None
    if title is None:
        raise SheetError(
            f"{source}: not a closer reflection sheet (its first heading names no partner and partnership,"
            " like '# Closing reflection for Sam (mentee, partnership k7m2qx)'); write one with `closer prep`"
        )
    if title["id"] != partnership.id:
        raise SheetError(
            f"{source}: this sheet is for partnership {title['id']}, not {partnership.id}"
            f" ({partnership.mentee} and {partnership.mentor}); nothing was read"
        )
    if partner is not None and title["partner"] != partner:
        raise SheetError(f"{source}: this is the {title['partner']}'s sheet, not the {partner}'s; nothing was read")
    return _Reader(partnership, lines, title["partner"]).read(sections)


class _Reader:
    def __init__(self, partnership: Partnership, lines: list[str], partner: str) -> None:
        self.partnership = partnership
        self.lines = lines
        self.found = SheetAnswers(partner)
        self.goals = {goal.id: goal for goal in partnership.goals}
        self.goal_questions = {_fold(q.heading): q for q in goal_questions(partnership.guide, partner)}
        self.goal_questions |= {_fold(q.text): q for q in self.goal_questions.values()}
        self.overall = {_fold(q.text): q for q in overall_questions(partnership.guide, partner)}

    def keep(self, line: int, text: str, why: str) -> None:
        if text.strip():
            self.found.unplaced.append(Unplaced(line, text.strip(), why))

    def keep_section(self, section: _Section, why: str, *, at_answer: bool = False) -> None:
        """A heading and what is under it, kept whole (reported at the heading, or ``at_answer``)."""
        end = section.blocks[-1][1] if section.blocks else section.line
        line = section.blocks[0][0] + 1 if at_answer and section.blocks else section.line
        self.keep(line, "\n".join(self.lines[section.line - 1 : end]), why)

    def read(self, sections: list[_Section]) -> SheetAnswers:
        before, *rest = sections
        self.keep(before.blocks[0][0] + 1 if before.blocks else 1, _text_of(self.lines, before.blocks), "written above the sheet's title")
        title, *rest = rest
        self.read_intro(title)
        goal_id: str | None = None
        for section in rest:
            folded = _fold(section.heading)
            if section.level == 2:
                goal_id = None
                match = GOAL_PATTERN.match(section.heading)
                if match:
                    goal_id = self.start_goal(section, match["id"])
                elif folded in self.overall:
                    self.answer(self.found.answers, self.overall[folded].prompt_id or "", section)
                elif folded == _fold(ANYTHING_ELSE):
                    self.found.anything_else = _joined(self.found.anything_else, _text_of(self.lines, section.blocks))
                else:
                    self.keep_section(section, "under a heading that is not one of the sheet's questions")
            elif section.level == 3 and goal_id is not None and folded in self.goal_questions:
                if goal_id in self.goals:
                    self.goal_answer(goal_id, self.goal_questions[folded], section)
                elif section.blocks:  # answered about a goal taken off since: kept with its question
                    self.keep_section(section, f"about a goal ({goal_id}) this partnership no longer has", at_answer=True)
            else:
                self.keep_section(section, "under a heading that is not one of the sheet's questions")
        return self.found

    def read_intro(self, title: _Section) -> None:
        for start, end in title.blocks:
            paragraph = "\n".join(self.lines[start:end])
            if not any(pattern.fullmatch(_fold(paragraph)) for pattern in INTRO_PATTERNS):
                self.keep(start + 1, paragraph, "not under a question")

    def start_goal(self, section: _Section, goal_id: str) -> str:
        """A goal's heading: its questions follow (answers about a goal no longer there are kept)."""
        if section.blocks:
            self.keep_section(section, "under a goal but not under one of its questions", at_answer=True)
        return goal_id

    def answer(self, answers: dict[str, str], key: str, section: _Section) -> None:
        text = _text_of(self.lines, section.blocks)
        if text:
            answers[key] = _joined(answers.get(key, ""), text)

    def goal_answer(self, goal_id: str, question: SheetQuestion, section: _Section) -> None:
        text = _text_of(self.lines, section.blocks)
        if not text:
            return
        if question.answer == "outcome":
            outcome = outcome_from(text)
            if outcome is None:
                shown = text if len(text) <= 40 else text[:37] + "..."
                self.keep(section.blocks[0][0] + 1, text, f"{shown!r} is not an outcome closer knows ({OUTCOME_CHOICES})")
            else:
                self.found.outcomes[goal_id] = outcome
        elif question.answer == "view":
            self.found.views[goal_id] = _joined(self.found.views.get(goal_id, ""), text)
        elif question.prompt_id is not None:
            self.answer(self.found.goal_answers.setdefault(goal_id, {}), question.prompt_id, section)


def _joined(before: str, text: str) -> str:
    """The same question answered twice on one sheet: both answers, once each."""
    return f"{before}\n\n{text}" if before and text not in before else (before or text)


# --- storing ------------------------------------------------------------------------


def place_answers(partnership: Partnership, found: SheetAnswers) -> SheetReading:
    """Store a sheet's answers as that partner's: each answer replaces the one before, an empty one
    leaves it; what could not be placed goes to their other notes. All or nothing."""
    partner = found.partner
    before = partnership.preparation[partner]
    preparation = Preparation(
        answers=before.answers | found.answers,
        goal_answers={goal_id: dict(answers) for goal_id, answers in before.goal_answers.items()},
        other=before.other,
        read_at=now_iso(),
    )
    for goal_id, answers in found.goal_answers.items():
        preparation.goal_answers[goal_id] = preparation.goal_answers.get(goal_id, {}) | answers
    other = "\n\n".join(part for part in [found.anything_else, *(piece.text for piece in found.unplaced)] if part)
    if other:
        preparation.other = other
    where = f"preparation.{partner}"
    preparation.validate(where)
    goals = []
    for index, goal in enumerate(partnership.goals):
        changes = {}
        if goal.id in found.outcomes:
            changes[f"{partner}_outcome"] = found.outcomes[goal.id]
        if goal.id in found.views:
            changes[f"{partner}_view"] = check_text(found.views[goal.id], f"{where}.views.{goal.id}")
        updated = replace(goal, **changes)
        updated.validate(f"goals[{index}]")
        goals.append(updated)
    partnership.preparation[partner] = preparation
    partnership.goals[:] = goals
    problems = tuple(f"line {piece.line}: {piece.why}; kept in {name_of(partnership, partner)}'s other notes" for piece in found.unplaced)
    return SheetReading(partner, name_of(partnership, partner), found.count, problems)


def read_into(partnership: Partnership, text: str, source: str, partner: str | None = None) -> SheetReading:
    """Read a filled sheet and store its answers in ``partnership`` (see :func:`place_answers`)."""
    return place_answers(partnership, read_sheet(partnership, text, source, partner))

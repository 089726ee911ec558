"""Each partner's reflection sheet: written from the guide, filled in as a person would, read back."""

from __future__ import annotations

import pytest

from closer_tui.guide_file import GuideError, parse_guide
from closer_tui.model import Partnership
from closer_tui.prep_sheet import SheetError, read_into, read_sheet, write_sheet
from closer_tui.preparation import ANYTHING_ELSE, OUTCOME_QUESTION, answers_markdown, prepared_prompt_ids

from records import partnership

HIGHLIGHTS = "Looking back over the whole partnership, what stood out for you?"
LEARNED = "What did you find out about yourself along the way?"
CHANGES = "If it got somewhere, even part of the way, what is different now because of it?"
NOT_MET = "If it fell short, what got in the way?"
OWED = "What, or who, do you owe the progress to?"
VIEW = "How do you see this outcome from where you stand?"
OUTCOME = "As you see it, how far did this goal get?"
MENTEE_IMPACT = "In what ways did your mentor change how you work or grow?"
MENTOR_IMPACT = "What changes have you noticed in your mentee, and what did working with them change for you?"


def fill(sheet: str, question: str, answer: str, *, goal: int | None = None) -> str:
    """Write ``answer`` under ``question`` (in goal number ``goal``'s section), as a person would:
    on the empty lines under the heading, leaving the heading alone."""
    lines = sheet.split("\n")
    start = 0
    if goal is not None:
        start = next(i for i, line in enumerate(lines) if line.startswith(f"## Goal {goal} ("))
    at = next(i for i, line in enumerate(lines) if i > start and line.lstrip("#").strip().startswith(question))
    assert lines[at + 1] == "" and lines[at + 2] == "", "the sheet leaves room to write under each question"
    lines[at + 1 : at + 2] = ["", *answer.split("\n")]
    return "\n".join(lines)


def line_of(text: str, words: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), 1) if words in line)


@pytest.fixture
def pair() -> Partnership:
    p = partnership()  # Sam Rivera (mentee) with Dana Okafor (mentor); a goal of each
    p.end_date = "2026-07-10"
    return p


# --- writing --------------------------------------------------------------------------


def test_the_sheet_greets_the_partner_names_the_pair_and_the_day_of_the_close(pair):
    sheet = write_sheet(pair, "mentee", close_date="2026-06-30")
    title, blank, greeting = sheet.split("\n")[:3]
    assert title == f"# Closing reflection for Sam Rivera (mentee, partnership {pair.id})"
    assert greeting == "Hello Sam Rivera."
    assert "partnership with Dana Okafor comes to its close on 30 June 2026" in " ".join(sheet.split())
    assert "on 10 July 2026" in " ".join(write_sheet(pair, "mentor").split())  # the agreed end by default


def test_the_sheet_asks_about_every_goal_theirs_and_the_others_then_the_partnership(pair):
    sheet = write_sheet(pair, "mentee")
    goal_lines = [line for line in sheet.split("\n") if line.startswith("## Goal")]
    assert goal_lines == [
        f"## Goal 1 ({pair.goals[0].id}), yours: Submit the first grant application",
        f"## Goal 2 ({pair.goals[1].id}), Dana Okafor's: Mentor someone outside my field",
    ]
    questions = [line for line in sheet.split("\n") if line.startswith("### ")]
    assert questions[:5] == [
        f"### {OUTCOME} (achieved, exceeded, partly, changed, not achieved or open)",
        f"### {VIEW}",
        f"### {CHANGES}",
        f"### {NOT_MET}",
        f"### {OWED}",
    ]
    overall = [line for line in sheet.split("\n") if line.startswith("## ") and not line.startswith("## Goal")]
    assert overall[0] == f"## {HIGHLIGHTS}" and overall[-1] == f"## {ANYTHING_ELSE}"
    assert f"## {MENTEE_IMPACT}" in overall and f"## {MENTOR_IMPACT}" not in overall  # each their own impact question
    assert f"## {MENTOR_IMPACT}" in write_sheet(pair, "mentor")


def test_the_only_markup_is_headings(pair):
    sheet = write_sheet(pair, "mentor")
    marked = [line for line in sheet.split("\n") if line[:1] in ("<", ">", "-", "*", "|", "`", "[", "!")]
    assert marked == []


def test_a_programmes_own_guide_gets_its_own_sheet(pair):
    guide = parse_guide(
        """\
# Riverside close

| Stage | Minutes |
|---|---|
| Look back | 10 |

## Look back

- `wins` Name the wins.
  - Prepare: Which win are you proudest of?
- `goals` Go through the goals.
  - Prepare (each goal, outcome): Did we get there?
- `again` What would you change?
  - Prepare (mentee, each goal): What would you do differently?
""",
        "riverside.md",
    )
    pair.guide = guide
    sheet = write_sheet(pair, "mentee")
    assert "## Which win are you proudest of?" in sheet
    assert "### Did we get there? (achieved, exceeded, partly, changed, not achieved or open)" in sheet
    assert "### What would you do differently?" in sheet
    assert HIGHLIGHTS not in sheet  # the END guide's questions are not this guide's
    assert "What would you do differently?" not in write_sheet(pair, "mentor")


def test_a_guide_without_any_prepare_lines_borrows_the_END_guides_for_the_prompts_it_shares(pair):
    plain = parse_guide("# Old copy\n\n| Stage | Minutes |\n|---|---|\n| Evaluate | 8 |\n\n## Evaluate\n\n- `highlights` Highlights?\n", "old.md")
    pair.guide = plain
    sheet = write_sheet(pair, "mentor")
    assert f"## {HIGHLIGHTS}" in sheet and f"### {OUTCOME_QUESTION}" in sheet
    assert LEARNED not in sheet  # a prompt the old copy does not have


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  - Prepare (each goal, outcome, view): What?", "not both"),
        ("  - Prepare (sometimes): What?", "'sometimes' is not something a Prepare: line can say"),
        ("  - Prepare:", "needs the question"),
        ("  - Ask the mentee first", "an item under a prompt may only be its Prepare: line"),
    ],
)
def test_a_mistake_in_a_prepare_line_names_its_line(line, message):
    text = f"# G\n\n| Stage | Minutes |\n|---|---|\n| One | 5 |\n\n## One\n\n- `a` A prompt\n{line}\n"
    with pytest.raises(GuideError) as refused:
        parse_guide(text, "g.md")
    assert "g.md, line 10" in str(refused.value) and message in str(refused.value)


def test_two_prompts_cannot_ask_the_same_question_on_a_sheet():
    text = "# G\n\n| Stage | Minutes |\n|---|---|\n| One | 5 |\n\n## One\n\n- A\n  - Prepare: Why?\n- B\n  - Prepare: why?\n"
    with pytest.raises(GuideError, match="line 12: the Prepare: question 'why\\?' is asked twice"):
        parse_guide(text, "g.md")


# --- reading back ---------------------------------------------------------------------


def filled_mentee_sheet(pair: Partnership) -> str:
    """The mentee's sheet as a person fills it: some answers, some left empty, one with Markdown,
    one outcome in their own capitals, and a line written where no question is."""
    sheet = write_sheet(pair, "mentee")
    sheet = fill(sheet, OUTCOME, "Partly achieved.", goal=1)
    sheet = fill(sheet, VIEW, "Submitted, but only after the **second** deadline.", goal=1)
    sheet = fill(sheet, NOT_MET, "Two rounds of internal review.\n\n- the budget\n- the letters", goal=1)
    sheet = fill(sheet, OUTCOME, "achieved", goal=2)  # left empty: goal 1's owed-to, goal 2's view...
    sheet = fill(sheet, HIGHLIGHTS, "The *mock panel* in June.")
    sheet = fill(sheet, ANYTHING_ELSE, "Thank you for the coffee.")
    return sheet.replace("Hello Sam Rivera.", "Hello Sam Rivera.\n\nPS: I printed this out first.", 1)


def test_a_filled_sheet_puts_every_answer_in_its_place(pair):
    sheet = filled_mentee_sheet(pair)
    reading = read_into(pair, sheet, "sam.md")
    grant, mentoring = pair.goals
    assert (grant.mentee_outcome, mentoring.mentee_outcome) == ("partly", "achieved")
    assert grant.mentee_view == "Submitted, but only after the **second** deadline."
    assert mentoring.mentee_view == ""
    assert (grant.mentor_outcome, grant.mentor_view) == ("", "")  # the other partner's are untouched
    sam = pair.preparation["mentee"]
    assert sam.goal_answers == {grant.id: {"evaluate.not_met": "Two rounds of internal review.\n\n- the budget\n- the letters"}}
    assert sam.answers == {"evaluate.highlights": "The *mock panel* in June."}
    assert sam.other == "Thank you for the coffee.\n\nPS: I printed this out first."
    assert sam.read_at is not None
    assert pair.preparation["mentor"].is_empty
    assert reading.partner == "mentee" and reading.answers == 6
    assert reading.problems == (f"line {line_of(sheet, 'PS: I printed')}: not under a question; kept in Sam Rivera's other notes",)
    pair.validate()


def test_reading_the_same_sheet_twice_replaces_never_duplicates(pair):
    sheet = filled_mentee_sheet(pair)
    read_into(pair, sheet, "sam.md")
    once = pair.to_dict()
    read_into(pair, sheet, "sam.md")
    again = pair.to_dict()
    for record in (once, again):
        record["preparation"]["mentee"]["read_at"] = None
    assert again == once


def test_an_empty_answer_leaves_what_was_there_and_a_new_one_replaces_it(pair):
    read_into(pair, filled_mentee_sheet(pair), "sam.md")
    later = fill(write_sheet(pair, "mentee"), HIGHLIGHTS, "The grant going in.")
    read_into(pair, later, "sam-2.md")
    sam = pair.preparation["mentee"]
    assert sam.answers["evaluate.highlights"] == "The grant going in."
    assert sam.goal_answers[pair.goals[0].id]["evaluate.not_met"].startswith("Two rounds")  # empty on the new sheet
    assert pair.goals[0].mentee_outcome == "partly"
    assert sam.other == "Thank you for the coffee.\n\nPS: I printed this out first."


def test_a_sheet_for_another_partnership_or_partner_is_refused_and_nothing_changes(pair):
    other = partnership("Ana Lima", "Tomás Ngata")
    sheet = fill(write_sheet(other, "mentee"), HIGHLIGHTS, "Everything")
    before = pair.to_dict()
    with pytest.raises(SheetError, match=f"this sheet is for partnership {other.id}, not {pair.id}"):
        read_into(pair, sheet, "tomas.md")
    with pytest.raises(SheetError, match="this is the mentee's sheet, not the mentor's"):
        read_into(pair, filled_mentee_sheet(pair), "sam.md", partner="mentor")
    assert pair.to_dict() == before


def test_text_that_is_not_a_sheet_is_refused(pair):
    with pytest.raises(SheetError, match="not a closer reflection sheet"):
        read_sheet(pair, "# My thoughts\n\nIt went well.\n", "notes.md")


def test_what_closer_cannot_place_is_reported_by_line_and_kept(pair):
    sheet = write_sheet(pair, "mentor")
    sheet = fill(sheet, OUTCOME, "mostly there", goal=1)
    sheet = fill(sheet, VIEW, "A good try.", goal=2)
    sheet = sheet.replace(f"## Goal 2 ({pair.goals[1].id})", "## Goal 2 (zzzz)")  # a goal removed since
    sheet += "\n## A heading of my own\n\nSee you at the lab.\n"
    reading = read_into(pair, sheet, "dana.md")
    assert [problem.split(":")[0] for problem in reading.problems] == [
        f"line {line_of(sheet, 'mostly there')}",
        f"line {line_of(sheet, 'A good try.')}",
        f"line {line_of(sheet, 'A heading of my own')}",
    ]
    assert "'mostly there' is not an outcome closer knows" in reading.problems[0]
    assert "about a goal (zzzz) this partnership no longer has" in reading.problems[1]
    other = pair.preparation["mentor"].other
    assert "mostly there" in other and "## A heading of my own\n\nSee you at the lab." in other
    assert f"### {VIEW}\n\nA good try." in other  # the question it answered goes with it
    assert pair.goals[0].mentor_outcome == "" and pair.goals[1].mentor_view == ""


def test_a_setext_heading_in_an_answer_stays_part_of_the_answer(pair):
    sheet = fill(write_sheet(pair, "mentor"), HIGHLIGHTS, "The talk\n---\nand the paper")
    read_into(pair, sheet, "dana.md")
    assert pair.preparation["mentor"].answers["evaluate.highlights"] == "The talk\n---\nand the paper"


@pytest.mark.parametrize("hostile", ["\x1b]0;pwned\x07", "\u202eevil", "\x00", "\x9b31m"])
def test_hostile_text_refuses_the_whole_sheet_naming_the_line(pair, hostile):
    sheet = fill(write_sheet(pair, "mentee"), HIGHLIGHTS, f"Fine {hostile} words")
    before = pair.to_dict()
    with pytest.raises(SheetError, match=f"line {line_of(sheet, 'Fine ')}: contains a control character"):
        read_into(pair, sheet, "sam.md")
    assert pair.to_dict() == before


def test_wide_characters_and_emoji_are_answers_like_any_other(pair):
    sheet = fill(write_sheet(pair, "mentee"), HIGHLIGHTS, "研究 going well 🎉")
    read_into(pair, sheet, "sam.md")
    assert pair.preparation["mentee"].answers["evaluate.highlights"] == "研究 going well 🎉"


def test_windows_line_endings_are_read_the_same(pair):
    sheet = filled_mentee_sheet(pair)
    read_into(pair, sheet.replace("\n", "\r\n"), "sam.md")
    assert pair.preparation["mentee"].answers == {"evaluate.highlights": "The *mock panel* in June."}


# --- the answers where they are needed ----------------------------------------------------


def test_the_prompts_with_prepared_answers_are_known_and_show_both_partners(pair):
    read_into(pair, filled_mentee_sheet(pair), "sam.md")
    assert prepared_prompt_ids(pair) == {"evaluate.goals", "evaluate.perspectives", "evaluate.not_met", "evaluate.highlights"}
    shown = answers_markdown(pair, "evaluate.goals")
    assert "**Sam Rivera** (mentee)" in shown and "- Submit the first grant application: partly achieved" in shown
    assert "**Dana Okafor** (mentor)" in shown and "*No answer yet.*" in shown
    assert "Two rounds of internal review.\n\n  - the budget" in answers_markdown(pair, "evaluate.not_met")
    assert "sheet read" in answers_markdown(pair, "evaluate.reason")  # no sheet question: whose sheet was read


# --- the file a sheet comes from --------------------------------------------------------


def test_a_sheets_file_must_be_a_regular_file_of_utf8_text(tmp_path):
    import os

    from closer_tui.desk import read_sheet_text

    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(SheetError, match="is a FIFO"):
        read_sheet_text(fifo)  # refused at once: reading it would wait for a writer forever
    with pytest.raises(SheetError, match="not a sheet's file"):
        read_sheet_text(tmp_path)
    latin = tmp_path / "latin.md"
    latin.write_bytes("# Réflexion".encode("latin-1"))
    with pytest.raises(SheetError, match="not UTF-8 text"):
        read_sheet_text(latin)


def test_an_outcome_closer_does_not_know_is_refused_on_a_record_by_name():
    from closer_tui.model import Goal, ValidationError

    with pytest.raises(ValidationError, match=r"goal.mentee_outcome: 'great' is not one of: open, achieved"):
        Goal("Write more", mentee_outcome="great").validate()

"""Both partners' views and their prepared answers on the dashboard, driven with the keyboard."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Markdown, OptionList, Select, Static, TextArea

from closer_tui.prep_sheet import write_sheet
from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.dashboard import DashboardScreen
from closer_tui.tui.screens.dialogs import ChoiceDialog, TextDialog
from closer_tui.tui.screens.goal_views import GoalViewsScreen
from closer_tui.tui.widgets.stage_panel import PREPARED_MARK, PromptChecklist

from conftest import stored
from test_prep_sheet import HIGHLIGHTS, OUTCOME, VIEW, fill  # the unit tests' way of filling a sheet in


class FixedClock:
    def __call__(self) -> float:
        return 1_800_000_000.0


def text_of(widget) -> str:
    return str(widget.render())


@pytest.fixture
def app(filled_db, partnerships) -> CloserApp:
    return CloserApp(filled_db, partnership_id=partnerships[0].id, clock=FixedClock())


async def test_the_facilitator_types_both_views_and_the_goal_shows_them_and_that_they_differ(app, filled_db, partnerships):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+g")
        detail = app.screen.query_one("#goal-detail", Static)
        assert detail.display and "No views yet" in text_of(detail)
        await pilot.press("v")
        assert isinstance(app.screen, GoalViewsScreen)
        app.screen.query_one("#mentor-outcome", Select).value = "achieved"
        app.screen.query_one("#mentor-view", TextArea).text = "Submitted on time, a first"
        app.screen.query_one("#mentee-outcome", Select).value = "partly"
        app.screen.query_one("#mentee-view", TextArea).text = "Only as co-lead"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        shown = text_of(detail)
        assert "Mentor: ✔ achieved. Submitted on time, a first" in shown
        assert "Mentee: ◐ partly achieved. Only as co-lead" in shown
        goals = app.screen.query_one("#goals", OptionList)
        assert "≠ seen differently" in str(goals.get_option_at_index(0).prompt)
        assert "≠" not in str(goals.get_option_at_index(1).prompt)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert not detail.display  # the detail makes room for the list while the cursor is elsewhere
        await pilot.press("ctrl+q")
    goal = stored(filled_db, partnerships[0].id).goals[0]
    assert (goal.mentor_outcome, goal.mentor_view, goal.mentee_outcome, goal.mentee_view) == (
        "achieved",
        "Submitted on time, a first",
        "partly",
        "Only as co-lead",
    )


async def test_adding_a_goal_asks_whose_it_is(app, filled_db, partnerships):
    async with app.run_test() as pilot:
        await pilot.press("ctrl+g", "a")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("down", "enter")  # the mentor's own
        assert isinstance(app.screen, TextDialog) and "mentor's own goal" in text_of(app.screen.query_one(".dialog-question"))
        await pilot.press(*"Take a sabbatical", "enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
    goal = stored(filled_db, partnerships[0].id).goals[-1]
    assert (goal.text, goal.owner) == ("Take a sabbatical", "mentor")


async def test_a_partly_met_goal_asks_what_changed_and_why_only_partly(app, filled_db, partnerships):
    async with app.run_test() as pilot:
        await pilot.press("ctrl+g", "s")
        choices = app.screen.query_one(OptionList)
        choices.highlighted = [o.id for o in choices.options].index("partly")
        await pilot.press("enter")
        assert "What changed" in text_of(app.screen.query_one(".dialog-question"))
        await pilot.press(*"A draft exists", "enter")
        assert "held it back" in text_of(app.screen.query_one(".dialog-question"))
        await pilot.press(*"The co-lead left", "enter")
        await pilot.pause()
        assert "Why only partly: The co-lead left" in text_of(app.screen.query_one("#goal-detail"))
        await pilot.press("ctrl+q")
    goal = stored(filled_db, partnerships[0].id).goals[0]
    assert (goal.status, goal.what_changed, goal.partly_reason, goal.not_met_reason) == ("partly", "A draft exists", "The co-lead left", "")


async def test_a_sheet_read_with_r_marks_the_prompts_and_p_shows_both_answers_beside_the_notes(app, filled_db, partnerships, tmp_path):
    p = partnerships[0]
    sheet = write_sheet(p, "mentee")
    sheet = fill(sheet, OUTCOME, "exceeded", goal=1)
    sheet = fill(sheet, VIEW, "Bigger than **planned**", goal=1)
    sheet = fill(sheet, HIGHLIGHTS, "Writing every morning")
    sheet = sheet.replace("Hello 李明.", "Hello 李明.\n\nA line in the wrong place", 1)
    wrong_line = sheet.split("\n").index("A line in the wrong place") + 1
    path = tmp_path / "ming.md"
    path.write_text(sheet, encoding="utf-8")
    async with app.run_test(size=(140, 45)) as pilot:
        checklist = app.screen.query_one("#prompts-evaluate", PromptChecklist)
        assert PREPARED_MARK not in str(checklist.get_option("evaluate.highlights").prompt)
        await pilot.press("ctrl+g", "r")
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        notices = [n.message for n in app._notifications]
        assert any("Read 李明's sheet (mentee): 3 answers" in m and f"line {wrong_line}: not under a question" in m for m in notices), notices
        for prompt_id in ("evaluate.goals", "evaluate.perspectives", "evaluate.highlights"):
            assert PREPARED_MARK in str(checklist.get_option(prompt_id).prompt), prompt_id
        assert PREPARED_MARK not in str(checklist.get_option("evaluate.reason").prompt)
        assert "≠" not in str(app.screen.query_one("#goals", OptionList).get_option_at_index(0).prompt)  # one view only
        await pilot.press("ctrl+l")
        checklist.highlighted = [o.id for o in checklist.options].index("evaluate.highlights")
        await pilot.press("p")
        answers = app.screen.query_one("#prepared-evaluate", Markdown)
        assert answers.display and "Writing every morning" in answers.source and "**李明** (mentee)" in answers.source
        assert "*No answer yet.*" in answers.source  # the mentor's sheet is not in
        notes = app.screen.query_one("#notes-evaluate")
        assert answers.region.x >= notes.region.right  # beside the notes
        await pilot.press("up")  # the answers follow the cursor
        assert "Bigger than **planned**" not in answers.source
        checklist.highlighted = [o.id for o in checklist.options].index("evaluate.perspectives")
        await pilot.pause()
        assert "Bigger than **planned**" in answers.source
        await pilot.press("p")
        assert not answers.display
        await pilot.press("ctrl+q")
    saved = stored(filled_db, p.id)
    assert (saved.goals[0].mentee_outcome, saved.goals[0].mentee_view) == ("exceeded", "Bigger than **planned**")
    assert saved.preparation["mentee"].answers == {"evaluate.highlights": "Writing every morning"}
    assert saved.preparation["mentee"].other == "A line in the wrong place"


async def test_another_partnerships_sheet_is_refused_on_the_dashboard(app, filled_db, partnerships, tmp_path):
    path = tmp_path / "other.md"
    path.write_text(fill(write_sheet(partnerships[1], "mentor"), HIGHLIGHTS, "Not yours"), encoding="utf-8")
    async with app.run_test() as pilot:
        await pilot.press("ctrl+g", "r")
        app.screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        notices = [n.message for n in app._notifications]
        assert any(f"this sheet is for partnership {partnerships[1].id}" in m for m in notices), notices
        await pilot.press("ctrl+q")
    assert stored(filled_db, partnerships[0].id).preparation["mentor"].is_empty

"""After the close, in the app: actions in Next steps, follow-up dates in the decisions, the story's consent."""

from __future__ import annotations

import datetime as dt

import icalendar
from textual.widgets import Input, Markdown, Static

from closer_tui.follow_ups import add_months
from closer_tui.tui.app import CloserApp
from closer_tui.tui.audience import AudienceApp
from closer_tui.tui.screens.action_form import ActionForm
from closer_tui.tui.screens.close_details import CloseDetailsScreen
from closer_tui.tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from closer_tui.tui.screens.story import StoryScreen
from closer_tui.tui.screens.summary import SummaryScreen
from closer_tui.tui.widgets.action_list import ActionList

from conftest import dashboard, stored

SECRET = "PRIVATE-for-the-facilitator-only-4K"


class FixedClock:
    def __call__(self) -> float:
        return 1_800_000_000.0


async def type_into(pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector, Input).focus()
    await pilot.press(*text)


# --- actions --------------------------------------------------------------------------------


async def test_actions_are_added_edited_ticked_and_removed_by_keyboard_in_next_steps(filled_db, partnerships):
    goal = partnerships[0].goals[0]
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=FixedClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+a")  # to Next steps; with no action yet, the form for the first
        assert isinstance(app.screen, ActionForm)
        await pilot.press(*"Send the draft to the office")
        await pilot.press("tab", "down", "down", "enter")  # who: both
        await pilot.press("tab", *"2026-06-30")
        await pilot.press("tab", "down", "enter")  # the goal: the first one
        await pilot.press("ctrl+s")
        screen = dashboard(app)
        assert screen.session.stage == "next_steps"
        (action,) = screen.session.close.actions
        assert (action.text, action.owner, action.due, action.goal_id, action.done) == (
            "Send the draft to the office", "both", "2026-06-30", goal.id, False
        )
        assert isinstance(screen.focused, ActionList)
        shown = str(screen.query_one(ActionList).get_option_at_index(0).prompt)
        assert "Send the draft to the office" in shown and "both" in shown and "30 June 2026" in shown
        assert "1 agreed, 0 done" in str(screen.query_one(".actions-title", Static).render())

        await pilot.press("a", *"Introduce Li to the writing group", "enter")  # Enter saves the form too
        assert [a.text for a in screen.session.close.actions][1] == "Introduce Li to the writing group"
        assert screen.session.close.actions[1].owner == "mentee"

        await pilot.press("up", "e")  # edit the first
        assert isinstance(app.screen, ActionForm)
        assert app.screen.query_one("#action-due", Input).value == "2026-06-30"
        await pilot.press("end", *" today", "ctrl+s")
        assert screen.session.close.actions[0].text == "Send the draft to the office today"
        assert screen.session.close.actions[0].owner == "both"  # what was not touched stays

        await pilot.press("space")
        assert screen.session.close.actions[0].done
        assert "2 agreed, 1 done" in str(screen.query_one(".actions-title", Static).render())

        await pilot.press("down", "d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        assert [a.text for a in screen.session.close.actions] == ["Send the draft to the office today"]
        await pilot.press("ctrl+q")
    (kept,) = stored(filled_db, partnerships[0].id).close.actions
    assert (kept.text, kept.owner, kept.due, kept.goal_id, kept.done) == ("Send the draft to the office today", "both", "2026-06-30", goal.id, True)


async def test_the_action_form_refuses_a_date_it_cannot_read_and_keeps_what_was_typed(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=FixedClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+a", *"Book the room")
        await type_into(pilot, "#action-due", "next Tuesday")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ActionForm)
        error = str(app.screen.query_one("#dialog-error", Static).render())
        assert "next Tuesday" in error and "2026-09-01" in error
        assert app.screen.focused is app.screen.query_one("#action-due", Input)
        assert app.screen.query_one("#action-text", Input).value == "Book the room"
        await pilot.press(*["backspace"] * 12, *"in 2 weeks", "ctrl+s")
        assert not isinstance(app.screen, ActionForm)
        (action,) = dashboard(app).session.close.actions
        assert action.due == (dt.date.today() + dt.timedelta(weeks=2)).isoformat()


async def test_the_summary_and_the_audience_view_show_the_actions_and_no_private_note(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=FixedClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dashboard(app).session.set_private_notes(SECRET)
        await pilot.press("ctrl+a", *"Apply for the travel fund", "enter")
        await pilot.press("ctrl+q")
    audience = AudienceApp(filled_db, partnerships[0].id, clock=FixedClock())
    async with audience.run_test(size=(120, 40)) as pilot:
        audience.poll()
        await audience.workers.wait_for_complete()
        await pilot.pause()
        goals = str(audience.query_one("#aud-goals", Static).render())
        assert "Actions" in goals and "☐ Apply for the travel fund (the mentee)" in goals
        assert SECRET not in audience.export_screenshot()
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=FixedClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f", "y")
        assert isinstance(app.screen, SummaryScreen)
        source = app.screen.query_one(Markdown).source
        assert "## Actions agreed (0 of 1 done)" in source and "- [ ] Apply for the travel fund (the mentee)" in source
        assert SECRET not in source


# --- follow-up dates ------------------------------------------------------------------------------


async def test_follow_up_dates_are_asked_in_the_decisions_and_reach_the_calendar(filled_db, partnerships, tmp_path):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=FixedClock())
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("f4")  # Evaluate: the ending and the extension
        assert isinstance(app.screen, CloseDetailsScreen)
        screen = app.screen
        screen.query_one("#extra-meetings", Input).value = "2"
        await pilot.click("#mentor-agrees")
        await pilot.click("#mentee-agrees")
        await type_into(pilot, "#meeting-dates", "2026-09-01 14:00, 2026-09-15")
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, CloseDetailsScreen)
        await pilot.press("f3", "f3", "f4")  # Development: staying in touch and the celebration
        await pilot.click("#stay-in-touch-yes")
        await type_into(pilot, "#check-ins", "in 3 months, in 6 months")
        await type_into(pilot, "#celebration-date", "2026-10-02 18:30")
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, CloseDetailsScreen)
        await pilot.press("ctrl+q")
    p = stored(filled_db, partnerships[0].id)
    today = dt.date.today()
    assert p.close.extension.meeting_dates == ["2026-09-01T14:00", "2026-09-15"]
    assert p.close.check_ins == [add_months(today, 3).isoformat(), add_months(today, 6).isoformat()]
    assert p.close.celebration_date == "2026-10-02T18:30"
    from closer_tui.export import export_text

    events = icalendar.Calendar.from_ical(export_text(p, "ics")).walk("VEVENT")
    assert len(events) == 5


async def test_a_date_the_form_cannot_read_is_refused_there_with_the_cursor_on_it(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=FixedClock())
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("f3", "f3", "f4")
        await type_into(pilot, "#check-ins", "in 3 months, whenever")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, CloseDetailsScreen)
        assert "'whenever' is not a date" in str(app.screen.query_one("#dialog-error", Static).render())
        assert app.screen.focused is app.screen.query_one("#check-ins", Input)


# --- the story's consent ---------------------------------------------------------------------------


async def test_the_story_shows_for_both_and_each_answer_is_recorded_before_it_can_be_exported(filled_db, partnerships, private_home):
    closed = partnerships[2]  # Bob Roe, mentored by Ann Lee
    app = CloserApp(filled_db, partnership_id=closed.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        options = [option.id for option in app.screen.query_one("#choices").options]
        await pilot.press(*["down"] * options.index("story"), "enter")  # the story, before anyone agreed
        assert any("the mentor has not been asked" in str(n.message) for n in app._notifications)
        assert not list(private_home.rglob("*.story.md"))

        await pilot.press("s")
        assert isinstance(app.screen, StoryScreen)
        assert app.screen.query_one(Markdown).source.startswith("# Bob Roe and Ann Lee: a mentoring story")
        await pilot.press("v")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("down", "down", "enter")  # initials
        story = app.screen
        assert story.query_one(Markdown).source.startswith("# B. R. and A. L.: a mentoring story")
        await pilot.press("m", "enter")  # the mentor: yes
        await pilot.press("e", "down", "enter")  # the mentee: no
        status = str(story.query_one("#story-consent", Static).render())
        assert "The mentor said yes on " in status and "the mentee said no" in status and "Not shared" in status
        assert dt.date.today().strftime("%B") in status  # the month as written, not lowered
        await pilot.press("e", "enter")  # the mentee thinks again: yes
        assert "Both agreed" in str(story.query_one("#story-consent", Static).render())
        await pilot.press("escape", "x", *["down"] * options.index("story"), "enter")
        await pilot.pause()
    consent = stored(filled_db, closed.id).story
    assert consent.variant == "initials" and consent.mentor.given and consent.mentee.given
    (written,) = list(private_home.rglob("*.story.md"))
    assert written.read_text(encoding="utf-8").startswith("# B. R. and A. L.: a mentoring story")

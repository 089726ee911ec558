"""Forms and dialogs as a person fills them in: every Tab stop visible, every error at once beside
its field, in words, the buttons always on screen."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input, Static, TextArea

from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.new_partnership import NewPartnershipScreen


def text_of(widget) -> str:
    return str(widget.render())


async def test_tab_goes_through_the_new_partnership_form_with_no_invisible_stops(db):
    app = CloserApp(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NewPartnershipScreen)
        first_label = app.screen.query_one(".field-label")
        assert app.screen.query_one("#form-fields").region.contains_region(first_label.region)  # "Mentor" in sight
        visited = [app.focused.id]
        for _ in range(9):
            await pilot.press("tab")
            visited.append(app.focused.id)
        assert visited == [
            "mentor", "mentee", "programme", "start-date", "end-date", "agreed-duration",
            "mentee-goals", "mentor-goals", "save", "cancel",
        ]  # fmt: skip
        for widget_id in visited[:-2]:
            assert app.screen.query_one(f"#{widget_id}").styles.border_top[0] not in ("", "none", "hidden"), widget_id  # a visible box


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (100, 30), (200, 60)])
async def test_the_form_buttons_stay_on_screen_with_every_error_shown(db, size):
    app = CloserApp(db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("n")
        app.screen.query_one("#start-date", Input).value = "someday"
        await pilot.press("ctrl+s")
        screen_region = app.screen.region
        for button in app.screen.query(Button):
            assert screen_region.contains_region(button.region) and button.region.height >= 1, (button.id, button.region)


async def test_every_error_at_once_beside_its_field_in_words_and_focus_on_the_first(db):
    app = CloserApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        form = app.screen
        form.query_one("#start-date", Input).value = "2026-05-01"
        form.query_one("#end-date", Input).value = "2026-04-01"
        form.query_one("#mentee-goals", TextArea).text = "A fine goal\n" + "x" * 2_001
        await pilot.press("ctrl+s")
        errors = {e.id: text_of(e) for e in form.query(".field-error") if e.has_class("shown")}
        assert set(errors) == {"mentor-error", "mentee-error", "end-date-error", "mentee-goals-error"}
        assert "must not be blank" in errors["mentor-error"]
        assert "before the start date" in errors["end-date-error"]
        assert "line 2" in errors["mentee-goals-error"] and "2,000" in errors["mentee-goals-error"]
        assert "goals[" not in "".join(errors.values())  # no internal names
        assert "4 things to fix" in text_of(form.query_one("#form-error", Static))
        assert app.focused.id == "mentor"
        await pilot.press(*"Ana", "tab", *"Ben")
        form.query_one("#end-date", Input).value = ""
        form.query_one("#mentee-goals", TextArea).text = "A fine goal"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, NewPartnershipScreen)


# --- dialogs ---------------------------------------------------------------------------


async def fitted(pilot, fields, seconds: float = 10) -> None:
    """Wait until the form has fitted its fields to the window (after its first refresh) and been laid
    out again: on a loaded machine that can take longer than the keys that opened it."""
    for _ in range(int(seconds / 0.05)):
        if fields.styles.max_height is not None and fields.region.height == fields.styles.max_height.value:
            break
        await pilot.pause(0.05)
    await pilot.pause()


async def open_dashboard(filled_db, partnerships, **kwargs):
    return CloserApp(filled_db, partnership_id=partnerships[0].id, **kwargs)


async def test_the_budgets_dialog_keeps_a_wrong_entry_and_says_why_beside_it(filled_db, partnerships):
    from closer_tui.tui.screens.dialogs import TextDialog

    app = await open_dashboard(filled_db, partnerships)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+b")
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        question = dialog.query_one(".dialog-question", Static)
        assert "or one total to share out:" in text_of(question)  # the whole question...
        assert question.region.height >= 2  # ...wrapped, not cut
        entry = dialog.query_one(Input)
        entry.value = "abc"
        await pilot.press("enter")
        assert app.screen is dialog and entry.value == "abc"
        assert "Give one total in minutes (60)" in text_of(dialog.query_one("#dialog-error", Static))
        entry.value = "10 5 5"
        await pilot.press("enter")
        assert app.screen is not dialog
        assert app.screen.session.timer.budgets["evaluate"] == 600


async def test_the_decision_form_radio_keys_start_on_the_chosen_answer(filled_db, partnerships):
    from closer_tui.tui.screens.close_details import CloseDetailsScreen

    app = await open_dashboard(filled_db, partnerships)
    async with app.run_test(size=(100, 50)) as pilot:
        app.screen.session.update_close(stay_in_touch=False)  # "no" chosen last time
        await pilot.press("f3", "f3", "f4")
        form = app.screen
        assert isinstance(form, CloseDetailsScreen) and app.focused.id == "stay-in-touch"
        await pilot.press("down", "space")  # one down from "no" is "not discussed", not "no" again
        assert form.fields()["stay_in_touch"] is None


async def test_a_refused_decision_form_moves_the_cursor_to_the_field_at_fault(filled_db, partnerships):
    app = await open_dashboard(filled_db, partnerships)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("f4")
        app.screen.query_one("#extra-meetings", Input).value = "five"
        await pilot.press("ctrl+s")
        assert app.focused.id == "extra-meetings"
        app.screen.query_one("#extra-meetings", Input).value = "1"
        await pilot.press("ctrl+s")
        assert app.focused.id == "mentor-agrees"  # an extension needs both to agree
        assert "An extension needs both" in text_of(app.screen.query_one("#dialog-error", Static))


async def test_the_finish_dialog_counts_each_kind_of_goal_left(filled_db, partnerships):
    from closer_tui.tui.screens.dialogs import ConfirmDialog

    app = await open_dashboard(filled_db, partnerships)
    async with app.run_test() as pilot:
        session = app.screen.session
        first, second = session.partnership.goals  # open, and partly achieved
        session.set_goal_status(first.id, "not_achieved", reason="no time")
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, ConfirmDialog)
        assert "2 goals are not met as set (1 not achieved and 1 partly achieved)" in app.screen.question


async def test_the_summary_shows_the_day_it_closed_in_words(filled_db, partnerships):
    from closer_tui.tui.screens.summary import SummaryScreen

    app = CloserApp(filled_db, partnership_id=partnerships[2].id)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        closed_at = partnerships[2].closed_at
        assert closed_at not in app.screen.markdown
        assert "(closed " in app.screen.markdown and closed_at[:4] in app.screen.markdown


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (100, 30)])
async def test_the_development_decisions_leave_the_timer_in_sight(filled_db, partnerships, size):
    from textual.widgets import Digits

    from closer_tui.tui.screens.close_details import CloseDetailsScreen

    app = await open_dashboard(filled_db, partnerships)
    async with app.run_test(size=size) as pilot:
        digits = app.screen.query_one(Digits)
        await pilot.press("f3", "f3", "f4")
        assert isinstance(app.screen, CloseDetailsScreen)
        form = app.screen.query_one("#details")
        box = app.screen.query_one("#details-box")
        await fitted(pilot, form)
        assert not box.region.overlaps(digits.region)
        assert form.region.height >= 10
        # The title and the keys' hint stay in sight under and over the fields, which scroll.
        title, hint = box.query_one(".dialog-title"), box.query_one(".dialog-hint")
        assert title.region.bottom <= form.region.y and hint.region.y >= form.region.bottom
        assert hint.region.bottom <= box.region.bottom - 1 <= size[1] - 1
        assert "saves" in str(hint.render())
        assert form.max_scroll_y > 0  # the longest form of the close does not fit, so it scrolls

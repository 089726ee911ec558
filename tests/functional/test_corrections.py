"""Correcting what was typed: a partnership's details from the list, the dashboard and `closer edit`,
and removing a goal (asked first, kept in the record's history)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from closer_tui import cli
from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.dialogs import ConfirmDialog
from closer_tui.tui.screens.partnership_form import EditDetailsScreen

from conftest import stored


async def test_correcting_a_misspelt_name_from_the_list(filled_db, partnerships):
    app = CloserApp(filled_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")  # the first row: the active partnership
        form = app.screen
        assert isinstance(form, EditDetailsScreen)
        assert form.query_one("#mentee", Input).value == "李明"
        form.query_one("#mentee", Input).value = "李 明"
        form.query_one("#end-date", Input).value = "2026-01-01"  # before the start: refused beside the field
        await pilot.press("ctrl+s")
        assert app.screen is form and app.focused.id == "end-date"
        form.query_one("#end-date", Input).value = "2026-09-30"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, EditDetailsScreen)
    record = stored(filled_db, partnerships[0].id)
    assert (record.mentee, record.end_date, record.mentor) == ("李 明", "2026-09-30", "Zoë Martin")


async def test_asking_twice_while_the_record_is_read_opens_one_form(filled_db, partnerships):
    """e e pressed quickly on the list: the second arrives before the first form is up."""
    from closer_tui.tui.messages import EditDetailsRequested

    app = CloserApp(filled_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.post_message(EditDetailsRequested(partnerships[0].id))
        app.screen.post_message(EditDetailsRequested(partnerships[0].id))
        await pilot.pause()
        assert sum(isinstance(screen, EditDetailsScreen) for screen in app.screen_stack) == 1
        await pilot.press("escape")
        assert not any(isinstance(screen, EditDetailsScreen) for screen in app.screen_stack)


async def test_correcting_the_names_from_the_dashboard_keeps_the_notes_typed(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"so far", "ctrl+e")
        assert isinstance(app.screen, EditDetailsScreen)
        app.screen.query_one("#mentor", Input).value = "Zoe Martin"
        await pilot.press("ctrl+s")
        assert app.screen.sub_title == "李明 (mentee) and Zoe Martin (mentor)"
        await pilot.press("ctrl+q")
    record = stored(filled_db, partnerships[0].id)
    assert record.mentor == "Zoe Martin" and record.close.stage_notes["evaluate"] == "so far"


def test_closer_edit_corrects_only_what_it_is_given_and_refuses_what_new_refuses(filled_db, partnerships, capsys):
    pid = partnerships[1].id
    with pytest.raises(SystemExit) as ended:
        cli.main(["--db", str(filled_db), "edit", pid, "--mentor", " ", "--start", "2026-13-01"])
    assert ended.value.code == 1
    error = capsys.readouterr().err
    assert "Mentor must not be blank" in error and "Start date is not a date" in error
    assert stored(filled_db, pid).mentor == "José Ruiz"
    with pytest.raises(SystemExit) as ended:
        cli.main(["--db", str(filled_db), "edit", pid[:4], "--mentor", "José Ruíz", "--programme", ""])
    assert ended.value.code == 0
    record = stored(filled_db, pid)
    assert (record.mentor, record.programme, record.mentee) == ("José Ruíz", "", "Αλεξάνδρα Παππά")


async def test_removing_a_goal_asks_first_and_the_history_keeps_it(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+g", "d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # changed their mind
        assert len(app.screen.session.partnership.goals) == 2
        await pilot.press("d", "y")
        assert [g.text for g in app.screen.session.partnership.goals] == ["Build a writing habit"]
        await pilot.press("ctrl+q")
    record = stored(filled_db, partnerships[0].id)
    assert [g.text for g in record.goals] == ["Build a writing habit"]
    (removal,) = [h for h in record.history if h.removed_goal is not None]
    assert removal.removed_goal.text == "Submit a first grant as lead" and removal.removed_goal.id == partnerships[0].goals[0].id

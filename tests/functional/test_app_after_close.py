"""After the close, in the app: the follow-on (asked once, opened, goals ticked), the trash, the session log."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, Static, TextArea

from closer_tui.model import Goal, Meeting, Partnership
from closer_tui.store import Store
from closer_tui.tui.app import CloserApp
from closer_tui.tui.messages import DeleteRequested, TrashRequested
from closer_tui.tui.screens.dashboard import DashboardScreen
from closer_tui.tui.screens.dialogs import ChoiceDialog, ConfirmDialog, TypeYesDialog
from closer_tui.tui.screens.follow_on_dialog import FollowOnDialog, MarkedSelectionList
from closer_tui.tui.screens.meeting_dialog import MeetingDialog
from closer_tui.tui.screens.partnerships import PartnershipsScreen
from closer_tui.tui.screens.summary import SummaryScreen
from closer_tui.tui.widgets.session_log import MeetingList

from conftest import stored


def everyone(db) -> dict[str, Partnership]:
    with Store.open_reader(db) as store:
        return {p.id: p for p in store.all()}


def follow_ons_of(db, partnership_id) -> list[Partnership]:
    return [p for p in everyone(db).values() if p.follows == partnership_id]


@pytest.fixture
def closed_pid(filled_db, partnerships) -> str:
    """The closed partnership, with a goal left of each kind a follow-on may carry."""
    closed = stored(filled_db, partnerships[2].id)
    closed.goals += [
        Goal("Give a conference talk", status="partly"),
        Goal("Move into policy work", status="changed", owner="mentor"),
        Goal("Teach a module", status="not_achieved", not_met_reason="No slot"),
    ]
    with Store.open_writer(filled_db) as store:
        store.save(closed)
    return closed.id


async def highlight(pilot, partnership_id: str) -> None:
    """Move the list's cursor to a partnership, once the list has its rows."""
    await pilot.pause()
    pilot.app.screen.query_one("#partnerships").move_to(partnership_id)


def notified(app) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


# --- the follow-on ---------------------------------------------------------------------------


async def test_f_asks_first_and_escape_starts_nothing(filled_db, closed_pid):
    before = set(everyone(filled_db))
    app = CloserApp(filled_db, partnership_id=closed_pid)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, FollowOnDialog)
        await pilot.press("escape")
        assert isinstance(app.screen, SummaryScreen)
    assert set(everyone(filled_db)) == before


async def test_the_goals_ticked_are_carried_and_the_draft_opens_in_the_dashboard(filled_db, closed_pid):
    app = CloserApp(filled_db, partnership_id=closed_pid)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f")
        choices = app.screen.query_one(MarkedSelectionList)
        assert [str(o.prompt).split(" (")[0] for o in choices.options] == ["Give a conference talk", "Move into policy work", "Teach a module"]
        assert len(choices.selected) == 3  # all ticked to start with
        await pilot.press("down", "space", "ctrl+s")  # untick the changed goal
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        draft = screen.session.partnership
        assert draft.follows == closed_pid and draft.id != closed_pid
        assert [g.text for g in draft.goals] == ["Give a conference talk", "Teach a module"]
        # Issue 13: said in the dashboard's own status box, not in a toast over the new dashboard
        assert not app._notifications, notified(app)
        assert str(screen.query_one("#notice", Static).render()) == "✓ follow-on started"
        assert screen.query_one("#notice", Static).display
        await pilot.press("f3")  # the first change: it has been read
        assert not screen.query_one("#notice", Static).display
    (saved,) = follow_ons_of(filled_db, closed_pid)
    assert [g.text for g in saved.goals] == ["Give a conference talk", "Teach a module"]
    assert stored(filled_db, closed_pid).followed_by == saved.id


async def test_in_a_compact_window_the_follow_on_notice_is_said_in_a_toast(filled_db, closed_pid):
    """Below 70x22 the status box, where the notice is, is not shown."""
    app = CloserApp(filled_db, partnership_id=closed_pid)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("f", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen) and app.screen.has_class("-compact")
        assert not app.screen.query_one("#status-box").display
        assert [n.message for n in app._notifications] == ["✓ follow-on started"]
        await pilot.resize_terminal(100, 30)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert len(app._notifications) == 1  # said once


async def test_f_twice_gives_one_follow_on_and_the_second_opens_it(filled_db, closed_pid):
    app = CloserApp(filled_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await highlight(pilot, closed_pid)
        await pilot.press("enter", "f", "ctrl+s")
        first = app.screen.session.partnership.id
        await pilot.press("escape")  # back to the list
        assert isinstance(app.screen, PartnershipsScreen)
        await highlight(pilot, closed_pid)
        await pilot.press("enter")
        assert isinstance(app.screen, SummaryScreen)
        line = str(app.screen.query_one("#follow-on-line", Static).render())
        assert f"carries on as {first}: f opens" in line  # the offer is not repeated
        await pilot.press("f")  # no question this time: it opens the one there is
        assert isinstance(app.screen, DashboardScreen) and app.screen.session.partnership.id == first
        assert str(app.screen.query_one("#notice", Static).render()) == "follow-on started before"
        assert "follow-on" not in notified(app).lower()
    assert [p.id for p in follow_ons_of(filled_db, closed_pid)] == [first]


async def test_the_offer_is_a_line_of_the_summary_never_a_notification_left_over_the_dashboard(filled_db, closed_pid):
    app = CloserApp(filled_db, partnership_id=closed_pid)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("#follow-on-line", Static).render())
        assert line.startswith("3 goals are not met as set: f starts a follow-on")
        assert "follow-on" not in notified(app).lower()
        await pilot.press("r")  # reopened: the dashboard, where f types a letter
        assert isinstance(app.screen, DashboardScreen)
        assert not app.screen.query("#follow-on-line") and "follow-on" not in notified(app).lower()
        await pilot.press("f")
        assert app.screen.focused.text.endswith("f")


async def test_the_follow_on_is_refused_in_shared_screen_mode(filled_db, closed_pid):
    before = set(everyone(filled_db))
    app = CloserApp(filled_db, partnership_id=closed_pid, shared_screen=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, SummaryScreen)
    assert set(everyone(filled_db)) == before


# --- delete and restore from the list ----------------------------------------------------------


async def test_delete_on_the_list_asks_moves_to_the_trash_and_t_brings_it_back(filled_db, partnerships):
    pid = partnerships[1].id
    app = CloserApp(filled_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await highlight(pilot, pid)
        await pilot.press("d")
        assert isinstance(app.screen, TypeYesDialog)
        assert "moves to the trash" in app.screen.question and partnerships[1].mentee in app.screen.question
        await pilot.press("enter")  # only y deletes
        assert pid in everyone(filled_db)
        await pilot.press("d", "y")
        assert pid not in everyone(filled_db)
        assert pid not in [row["id"] for row in app.screen.rows]
        assert "Moved to the trash" in notified(app)
        await pilot.press("t")
        assert isinstance(app.screen, ChoiceDialog)
        (label,) = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert label.startswith(f"{partnerships[1].mentee} with {partnerships[1].mentor} ({pid}, closing), deleted ")
        await pilot.press("enter")
        assert isinstance(app.screen, PartnershipsScreen)
        assert pid in [row["id"] for row in app.screen.rows] and app.screen.highlighted_id() == pid
    assert stored(filled_db, pid).to_dict() == partnerships[1].to_dict()


async def test_an_empty_trash_says_so(filled_db):
    app = CloserApp(filled_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, PartnershipsScreen) and "The trash is empty." in notified(app)


async def test_shared_screen_mode_reaches_neither_delete_nor_the_trash(filled_db, partnerships):
    app = CloserApp(filled_db, shared_screen=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for key in ("d", "delete", "t"):
            await pilot.press(key)
            assert not isinstance(app.screen, (TypeYesDialog, ChoiceDialog)), key
        for request in (DeleteRequested(partnerships[0].id), TrashRequested()):  # however they are asked for
            app.post_message(request)
            await pilot.pause()
            assert not isinstance(app.screen, (TypeYesDialog, ChoiceDialog)), request
    assert set(everyone(filled_db)) == {p.id for p in partnerships}


# --- the session log, edited in the app ----------------------------------------------------------


async def type_into(pilot, text: str) -> None:
    for character in text:
        await pilot.press(character if character != " " else "space")


async def test_the_session_log_is_added_to_edited_and_removed_from_in_the_app(filled_db, partnerships):
    pid = partnerships[0].id
    app = CloserApp(filled_db, partnership_id=pid)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f8", "a")
        dialog = app.screen
        assert isinstance(dialog, MeetingDialog) and dialog.focused.id == "meeting-notes"
        await type_into(pilot, "Grant drafted")
        await pilot.press("tab", "space")  # a milestone
        await pilot.press("shift+tab", "shift+tab", "end", *["backspace"] * 10)
        await type_into(pilot, "2026-04-02")
        await pilot.press("ctrl+s")
        meetings = app.screen.query_one(MeetingList)
        assert app.screen.focused is meetings and meetings.highlighted == 1  # the new one, in date order
        assert "Grant drafted" in str(meetings.get_option_at_index(1).prompt)
        await pilot.press("up", "e")  # the first meeting, corrected
        assert app.screen.query_one("#meeting-notes", TextArea).text == "Set the goals"
        await pilot.press("end")
        await type_into(pilot, " together")
        await pilot.press("ctrl+s")
        await pilot.press("ctrl+q")
    assert stored(filled_db, pid).meetings == [
        Meeting("2026-03-09", "Set the goals together", True),
        Meeting("2026-04-02", "Grant drafted", True),
    ]
    assert stored(filled_db, pid).status == "active"  # the log is not the close
    app = CloserApp(filled_db, partnership_id=pid)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f8", "d")
        assert isinstance(app.screen, ConfirmDialog) and "2026-03-09" in app.screen.question
        await pilot.press("n")
        await pilot.press("d", "y")
        assert app.screen.query_one(MeetingList).option_count == 1
        await pilot.press("ctrl+q")
    assert [m.notes for m in stored(filled_db, pid).meetings] == ["Grant drafted"]


async def test_a_meeting_with_a_bad_date_is_refused_in_the_dialog_and_what_was_typed_kept(filled_db, partnerships):
    pid = partnerships[0].id
    before = stored(filled_db, pid).meetings
    app = CloserApp(filled_db, partnership_id=pid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8", "a")
        await type_into(pilot, "Lab visit")
        await pilot.press("shift+tab", "end", *["backspace"] * 10)
        await type_into(pilot, "2026-02-30")
        await pilot.press("ctrl+s")
        dialog = app.screen
        assert isinstance(dialog, MeetingDialog)
        error = str(dialog.query_one("#dialog-error", Static).render())
        assert error.startswith("⚠ Date: '2026-02-30' is not an ISO 8601 date")
        assert dialog.query_one("#meeting-notes", TextArea).text == "Lab visit"
        assert dialog.focused is dialog.query_one("#meeting-date", Input)
        await pilot.press("escape")
        assert app.screen.query_one(MeetingList).option_count == len(before)
        await pilot.press("ctrl+q")
    assert stored(filled_db, pid).meetings == before


async def test_a_read_only_window_shows_the_log_and_changes_nothing(filled_db, partnerships):
    pid = partnerships[0].id
    with Store.open_writer(filled_db):  # another closer writes to this data folder
        app = CloserApp(filled_db, partnership_id=pid)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("f8")
            assert app.screen.query_one(MeetingList).option_count == 1
            await pilot.press("a", "d")
            assert isinstance(app.screen, DashboardScreen)  # no dialog
            assert "This window is read-only; nothing can be saved here." in notified(app)
    assert stored(filled_db, pid).meetings == partnerships[0].meetings

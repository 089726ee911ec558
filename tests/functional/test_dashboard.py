"""The live closing dashboard, driven with the keyboard as a facilitator would."""

from __future__ import annotations

import json
import time

import pytest
from textual.widgets import Digits, Input, Markdown, OptionList, Static

from closer_tui.autosave import SAVING
from closer_tui.pacing import QUIET_BEFORE_SAVED
from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.close_details import CloseDetailsScreen
from closer_tui.tui.screens.dashboard import DashboardScreen
from closer_tui.tui.screens.dialogs import ChoiceDialog, ConfirmDialog, TextDialog
from closer_tui.tui.screens.help import HelpScreen
from closer_tui.tui.screens.summary import SummaryScreen
from closer_tui.store import Store, StoreWriteError
from closer_tui.tui.widgets.session_log import MeetingList, SessionLog
from closer_tui.tui.widgets.notes_editor import NotesEditor

from conftest import dashboard, stored


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


async def open_first(filled_db, partnerships, clock, **kwargs):
    return CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock, **kwargs)


async def test_dashboard_opens_with_the_cursor_in_the_current_stage_notes(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        focused = dashboard(app).focused
        assert isinstance(focused, NotesEditor) and focused.id == "notes-evaluate"


async def test_enter_on_the_list_opens_the_dashboard(filled_db, clock):
    app = CloserApp(filled_db, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert dashboard(app).session.partnership.mentee == "李明"


async def test_typing_in_evaluate_notes_is_saved_after_quit(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*"Zoë: 研究 done")
        await pilot.press("ctrl+q")
    assert stored(filled_db, partnerships[0].id).close.stage_notes["evaluate"] == "Zoë: 研究 done"


async def test_typing_is_saved_in_the_background_within_a_second(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        state = app.screen.query_one("#save-state", Static)
        await pilot.press(*"autosaved")
        assert str(state.render()).strip() == SAVING
        await pilot.pause(1.0)
        await app.workers.wait_for_complete()
        assert stored(filled_db, partnerships[0].id).close.stage_notes["evaluate"] == "autosaved"
        app.screen.tick()
        assert str(state.render()).strip() == SAVING  # the keys were just pressed, by the app's clock
        clock.advance(QUIET_BEFORE_SAVED)
        app.screen.tick()  # typing has paused: the next tick says so, with the time of the save
        saved_at = time.strftime("%H:%M:%S", time.localtime(clock.now - QUIET_BEFORE_SAVED))
        assert str(state.render()).strip() == f"✓ saved {saved_at}"


async def test_a_failed_save_warns_keeps_the_text_and_retries(filled_db, partnerships, clock, monkeypatch):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    monkeypatch.setattr("closer_tui.autosave.RETRY_DELAY", 0.2)
    async with app.run_test() as pilot:
        await pilot.pause()
        real_save = app.desk.store.save_record
        disk_full = [True]

        def failing_save(record):
            if disk_full[0]:
                raise StoreWriteError(app.desk.store.root / "x.json", OSError(28, "No space left on device"))
            return real_save(record)

        monkeypatch.setattr(app.desk.store, "save_record", failing_save)
        await pilot.press(*"keep me")
        await pilot.pause(0.7)
        await app.workers.wait_for_complete()
        state = app.screen.query_one("#save-state", Static)
        assert "NOT SAVED" in str(state.render()) and state.has_class("failed")
        assert app.session.notes("evaluate") == "keep me"
        assert stored(filled_db, partnerships[0].id).close.stage_notes.get("evaluate", "") == ""
        disk_full[0] = False
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert stored(filled_db, partnerships[0].id).close.stage_notes["evaluate"] == "keep me"
        assert "NOT SAVED" not in str(state.render())


async def test_timer_books_time_to_each_stage_and_shows_overtime(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        screen = dashboard(app)
        await pilot.press("ctrl+t")
        clock.advance(60)
        await pilot.press("f3")  # to Next steps
        clock.advance(6 * 60)  # budget is 5 minutes: one minute over
        await pilot.pause(0.6)  # no key for a moment: the tick draws the clock itself
        screen.tick()
        digits = screen.query_one(Digits)
        assert digits.value == "+01:00"
        assert screen.query_one("TimerPanel").has_class("overtime")
        await pilot.press("f2")  # back to Evaluate
        clock.advance(30)
        await pilot.press("ctrl+t")  # pause
        clock.advance(600)  # paused time is not booked
        await pilot.press("ctrl+q")
    timer = stored(filled_db, partnerships[0].id).timer
    assert timer.used["evaluate"] == 90
    assert timer.used["next_steps"] == 360
    assert timer.running_since is None


async def test_while_someone_types_the_clock_is_drawn_with_their_next_key(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    keys = FakeClock()  # when keys come, as the pause collector sees them: no real time decides anything here
    app.collector.clock = keys
    async with app.run_test() as pilot:
        screen = dashboard(app)
        await pilot.press("ctrl+t", "a")
        digits = screen.query_one(Digits)
        before = digits.value
        clock.advance(5)
        screen.tick()  # a key was just pressed: no frame of its own for the clock
        assert digits.value == before
        await pilot.press("b")
        assert digits.value != before  # drawn with the keystroke
        keys.advance(1.0)  # typing paused: the tick draws it
        clock.advance(5)
        shown = digits.value
        screen.tick()
        assert digits.value != shown


async def test_timer_resumes_where_it_was_after_reopening(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press("f3", "ctrl+t")
        clock.advance(42)
        await pilot.press("ctrl+t", "ctrl+q")
    again = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with again.run_test() as pilot:
        await pilot.pause()
        screen = dashboard(again)
        assert screen.session.stage == "next_steps"
        assert screen.query_one(Digits).value == "04:18"
        assert "PAUSED" in str(screen.query_one("#timer-state", Static).render())


async def test_marking_a_goal_not_achieved_asks_why_and_refuses_a_blank_reason(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+g", "s")
        assert isinstance(app.screen, ChoiceDialog)
        choices = app.screen.query_one(OptionList)
        choices.highlighted = [o.id for o in choices.options].index("not_achieved")
        await pilot.press("enter")
        assert isinstance(app.screen, TextDialog)
        await pilot.press("enter")  # blank reason
        assert isinstance(app.screen, TextDialog)
        assert "needed" in str(app.screen.query_one("#dialog-error", Static).render())
        await pilot.press(*"The funder closed the call", "enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
    goal = stored(filled_db, partnerships[0].id).goals[0]
    assert (goal.status, goal.not_met_reason) == ("not_achieved", "The funder closed the call")


async def test_marking_a_goal_achieved_asks_what_changed(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+g", "s")
        choices = app.screen.query_one(OptionList)
        choices.highlighted = [o.id for o in choices.options].index("achieved")
        await pilot.press("enter")
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"She leads bids now", "enter")
        await pilot.pause()
        assert "1 of 2 met" in str(app.screen.query_one("#goals-title", Static).render())
        await pilot.press("ctrl+q")
    goal = stored(filled_db, partnerships[0].id).goals[0]
    assert (goal.status, goal.what_changed) == ("achieved", "She leads bids now")


async def test_escape_in_what_changed_cancels_the_status_change_enter_keeps_it_without_words(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        for key, expected in (("escape", "open"), ("enter", "achieved")):
            await pilot.press("ctrl+g", "s")
            choices = app.screen.query_one(OptionList)
            choices.highlighted = [o.id for o in choices.options].index("achieved")
            await pilot.press("enter")
            assert isinstance(app.screen, TextDialog)
            await pilot.press(key)
            assert app.session.partnership.goals[0].status == expected, key
        assert app.session.partnership.goals[0].what_changed == ""


async def test_adding_and_editing_a_goal(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+g", "a")
        assert isinstance(app.screen, ChoiceDialog)  # whose goal: the mentee's is first
        await pilot.press("enter", *"Mentor a new starter", "enter")
        await pilot.pause()
        assert app.session.partnership.goals[-1].owner == "mentee"
        await pilot.press("e")
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one(Input).value = "Mentor two new starters"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
    goals = stored(filled_db, partnerships[0].id).goals
    assert [g.text for g in goals][-1] == "Mentor two new starters"
    assert len(goals) == 3


async def test_an_extension_without_both_partners_agreeing_is_refused(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press("f4")
        assert isinstance(app.screen, CloseDetailsScreen)
        app.screen.query_one("#extra-meetings", Input).value = "2"
        await pilot.click("#mentor-agrees")
        # The state shows as a mark, not only as a colour.
        assert "✔" in str(app.screen.query_one("#mentor-agrees").render())
        assert "✔" not in str(app.screen.query_one("#mentee-agrees").render())
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, CloseDetailsScreen)
        assert "both" in str(app.screen.query_one("#dialog-error", Static).render())
        app.screen.query_one("#extra-meetings", Input).value = "3"
        await pilot.click("#mentee-agrees")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, CloseDetailsScreen), "three extra meetings must be refused"
        app.screen.query_one("#extra-meetings", Input).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("ctrl+q")
    extension = stored(filled_db, partnerships[0].id).close.extension
    assert (extension.extra_meetings, extension.mentor_agrees, extension.mentee_agrees) == (2, True, True)


async def test_development_details_are_saved(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("f3", "f3", "f4")
        assert isinstance(app.screen, CloseDetailsScreen)
        await pilot.click("#stay-in-touch-yes")
        app.screen.query_one("#stay-in-touch-how", Input).value = "coffee each term"
        await pilot.click("#gift-time")
        await pilot.click("#thanks-said")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+q")
    close = stored(filled_db, partnerships[0].id).close
    assert close.stay_in_touch is True and close.stay_in_touch_how == "coffee each term"
    assert close.gifts_acknowledged == ["time"] and close.thanks_said


async def test_ticking_prompts_updates_the_discussed_count(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+l", "space", "down", "space")
        line = str(app.screen.query_one("#discussed", Static).render())
        assert line.startswith("2 of ")
        await pilot.press("ctrl+q")
    assert stored(filled_db, partnerships[0].id).close.prompts_discussed == ["evaluate.prepared", "evaluate.reason"]


async def test_session_log_shows_beside_the_evaluate_notes(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        assert not app.screen.query("#session-log")  # built when first asked for
        await pilot.press("f8")
        log = app.screen.query_one("#session-log", SessionLog)
        assert log.display and app.screen.focused is log.query_one(MeetingList)  # its keys work at once
        shown = str(log.query_one(MeetingList).get_option_at_index(0).prompt)
        assert "2026-03-09" in shown and "Set the goals" in shown and "milestone" in shown
        notes = app.screen.query_one("#notes-evaluate")
        beside = log.region.x >= notes.region.right
        alongside = log.region.y <= notes.region.y and log.region.bottom >= notes.region.bottom
        assert beside and alongside
        await pilot.press("f8")
        assert not log.display and app.screen.focused is notes
        await pilot.press("f8")
        assert log.display


async def test_finishing_closes_the_partnership_and_reopening_allows_edits(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press(*"final words")
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "final words" in app.screen.query_one(Markdown).source
        record = stored(filled_db, partnerships[0].id)
        assert record.status == "closed" and record.closed_at
        await pilot.press("r")
        await pilot.pause()
        assert dashboard(app).session.partnership.status == "closing"
        await pilot.press("ctrl+q")
    assert stored(filled_db, partnerships[0].id).status == "closing"


async def test_finishing_with_open_goals_offers_a_follow_on_partnership(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+f", "y")
        await pilot.pause()
        await pilot.press("f")
        await pilot.press("ctrl+s")  # the dialog's goals, all ticked
        await pilot.pause()
    with Store.open_reader(filled_db) as store:
        follow_ons = [s for s in store.summaries() if s["id"] not in {p.id for p in partnerships}]
        (draft,) = follow_ons
        record = store.get(draft["id"])
    assert record.follows == partnerships[0].id
    assert [g.text for g in record.goals] == ["Submit a first grant as lead", "Build a writing habit"]
    assert all(g.status == "open" for g in record.goals)


async def test_help_lists_every_dashboard_key_and_credits_the_guides(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one(Markdown).source
        for key in ("ctrl+t", "f2", "f3", "f4", "ctrl+f", "ctrl+g", "ctrl+q"):
            assert f"`{app.get_key_display(_binding(DashboardScreen, key) or _binding(CloserApp, key))}`" in text
        assert "National Lottery" in text and "NORDP" in text


def _binding(cls, key):
    return next((b for b in cls.BINDINGS if b.key == key), None)


TYPED_FIRST = "typed first"
TYPED_AFTER = ", then more"

# Each key, the keys that put the dashboard where that key has something to change (pressed after the
# typing), and the change that only that key makes (false before it, true after).
DASHBOARD_KEYS = [
    ("ctrl+t", (), lambda s: s.session.timer.running),
    ("f3", (), lambda s: s.session.stage == "next_steps"),
    ("f2", ("f3",), lambda s: s.session.stage == "evaluate"),
    ("ctrl+g", (), lambda s: s.focused.id == "goals"),
    ("ctrl+l", (), lambda s: s.focused.id == "prompts-evaluate"),
    ("ctrl+n", ("ctrl+g",), lambda s: s.focused.id == "notes-evaluate"),
    ("f8", (), lambda s: any(log.display for log in s.query("#session-log"))),  # mounted when first shown
    ("f12", (), lambda s: s.app.bell_on),
    ("f6", (), lambda s: s.session.timer.budgets["evaluate"] == 7 * 60),
    ("f7", (), lambda s: s.session.timer.budgets["evaluate"] == 9 * 60),
]


@pytest.mark.parametrize("key,setup,effect", DASHBOARD_KEYS, ids=[k for k, _, _ in DASHBOARD_KEYS])
async def test_every_dashboard_key_works_even_while_typing(filled_db, partnerships, clock, key, setup, effect):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        screen = dashboard(app)
        notes = screen.query_one("#notes-evaluate", NotesEditor)
        await pilot.press(*TYPED_FIRST)
        assert notes.text == TYPED_FIRST
        await pilot.press(*setup)
        assert not effect(screen), f"{key}'s change was there before {key} was pressed"
        await pilot.press(key)
        await pilot.pause()
        assert effect(screen)
        assert notes.text == TYPED_FIRST  # the key typed nothing, and lost nothing typed
        if key == "ctrl+n":  # back in the notes, with the cursor where the typing stopped
            await pilot.press(*TYPED_AFTER)
            assert notes.text == TYPED_FIRST + TYPED_AFTER


DIALOG_KEYS = [("f4", CloseDetailsScreen), ("f9", "NotesDialog"), ("ctrl+b", TextDialog), ("ctrl+r", ConfirmDialog), ("ctrl+f", ConfirmDialog)]


@pytest.mark.parametrize("key,dialog", DIALOG_KEYS, ids=[k for k, _ in DIALOG_KEYS])
async def test_every_dialog_key_opens_its_dialog_from_the_notes(filled_db, partnerships, clock, key, dialog):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press(key)
        await pilot.pause()
        name = dialog if isinstance(dialog, str) else dialog.__name__
        assert type(app.screen).__name__ == name


async def test_budgets_can_be_changed_to_the_whole_hour(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+b")
        app.screen.query_one(Input).value = "60"
        await pilot.press("enter")
        await pilot.pause()
        assert dashboard(app).query_one(Digits).value == "24:00"
        await pilot.press("ctrl+q")
    assert sum(stored(filled_db, partnerships[0].id).timer.budgets.values()) == 3600


async def test_private_notes_are_saved_but_not_shown_in_the_summary(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press("f9", *"only for me", "escape")
        await pilot.press("ctrl+f", "y")
        await pilot.pause()
        assert "only for me" not in app.screen.query_one(Markdown).source
    assert stored(filled_db, partnerships[0].id).close.private_notes == "only for me"


async def test_escape_saves_and_returns_to_the_list(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press(*"before leaving", "escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "PartnershipsScreen"
        assert stored(filled_db, partnerships[0].id).close.stage_notes["evaluate"] == "before leaving"
        assert stored(filled_db, partnerships[0].id).status == "closing"


async def test_dashboard_actions_are_in_the_command_palette(filled_db, partnerships, clock):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for wanted in ("Start/pause", "Next stage", "Prev stage", "Finish", "Details"):
            assert any(title.startswith(wanted) for title in titles), wanted


# --- opening by id reads the index after the dashboard is up -----------------------------------


async def index_read_by(pilot, app, *, seconds: float) -> bool:
    """Wait for the index the app reads on a timer after opening one partnership (at most ``seconds``)."""
    for _ in range(int(seconds / 0.1)):
        if app.desk.store._summaries is not None and not app.workers:
            await pilot.pause()
            return True
        await pilot.pause(0.1)
    return False


async def test_opening_by_id_reads_the_index_in_the_background_a_moment_later(filled_db, partnerships, clock, monkeypatch):
    index_read_at_mount: list[bool] = []
    real_on_mount = DashboardScreen.on_mount

    def on_mount(screen: DashboardScreen) -> None:  # seen as the dashboard comes up, whatever the machine's speed
        index_read_at_mount.append(screen.app.desk.store._summaries is not None)
        real_on_mount(screen)

    monkeypatch.setattr(DashboardScreen, "on_mount", on_mount)
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert index_read_at_mount == [False]  # the dashboard came up without it
        assert await index_read_by(pilot, app, seconds=30)  # its timer is 1 s: a loaded machine is slower
        assert app.desk.store._summaries is not None  # read without anyone asking
        assert set(app.desk.store.ids()) == {p.id for p in partnerships}


async def test_a_damaged_index_found_after_opening_by_id_is_set_aside_and_rebuilt_with_the_notes_saved(
    filled_db, partnerships, clock
):
    index = filled_db / "index.json"
    index.write_bytes(b"\x00\x00 half-written by something else")
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press(*"kept")
        assert await index_read_by(pilot, app, seconds=30)
        assert set(app.desk.store.ids()) == {p.id for p in partnerships}  # rebuilt from the records
        await pilot.press("ctrl+q")
    assert app.return_code in (0, None) and app.startup_error is None
    (aside,) = filled_db.glob("index.json.damaged-*")
    assert aside.read_bytes() == b"\x00\x00 half-written by something else"  # set aside, never written over
    assert stored(filled_db, partnerships[0].id).close.stage_notes["evaluate"] == "kept"
    record = json.loads((filled_db / "partnerships" / f"{partnerships[0].id}.json").read_text(encoding="utf-8"))
    assert "kept" in json.dumps(record)  # the partnership's own file took the typing


async def test_the_key_line_shows_every_dashboard_key_and_a_click_presses_it(filled_db, partnerships, clock):
    from closer_tui.tui.widgets.key_footer import KeyFooter

    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test(size=(300, 30)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        line = str(footer.render())
        for binding in DashboardScreen.BINDINGS:
            assert f"{app.get_key_display(binding)} {binding.description}" in line, binding.description
        assert line.rstrip().endswith("f1 Help  ^p palette")
        assert dashboard(app).session.stage == "evaluate"
        await pilot.click(KeyFooter, offset=(line.index("f3 Next stage") + 1, 0))
        assert dashboard(app).session.stage == "next_steps"


async def test_on_a_narrow_screen_the_key_line_keeps_help_and_the_palette_in_sight(filled_db, partnerships, clock):
    from closer_tui.tui.widgets.key_footer import KeyFooter

    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one(KeyFooter).render())
        assert len(line) <= 80 and "…" in line
        assert line.rstrip().endswith("f1 Help  ^p palette")
        assert line.startswith(" ^t Start/pause")


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
async def test_the_prompts_take_what_they_need_up_to_about_half_the_stage(filled_db, partnerships, clock, size):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, clock=clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        panel = app.screen.query_one(".stage-panel")
        head = panel.query_one(".stage-head")
        prompts = panel.query_one(OptionList)
        notes = panel.query_one(NotesEditor)
        assert prompts.region.bottom <= head.region.bottom  # nothing hidden under the notes
        assert head.region.height <= int(panel.region.height * 0.55)
        assert notes.region.y == head.region.bottom
        if size == (200, 60):  # every prompt fits: no blank rows below them
            assert prompts.region.height == prompts.virtual_size.height
        else:  # they do not: the list scrolls within its share
            assert prompts.virtual_size.height > prompts.region.height

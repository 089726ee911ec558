"""The audience view (`closer present`): follows what the facilitator saves, shows nothing private, reads big."""

from __future__ import annotations

import os

import pytest
from textual.color import Color
from textual.worker import WorkerCancelled
from textual.widgets import Static

from closer_tui import big_text
from closer_tui.desk import Desk
from closer_tui.store import Store
from closer_tui.tui.app import CloserApp
from closer_tui.tui.audience import WAITING, AudienceApp
from closer_tui.tui.widgets.big_text import BigText
from closer_tui.tui.themes import CLOSER_THEMES

SECRET = "PRIVATE-only-for-the-facilitator-7Q"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def facilitator(filled_db, partnerships, clock):
    """The facilitator's side, as the app drives it: a writing desk with the first partnership open."""
    with Desk.for_writing(filled_db, clock=clock) as desk:
        desk.open(partnerships[0].id)
        yield desk


async def follow(pilot, app: AudienceApp) -> None:
    """What the poll does every 0.1 s, now: notice the file changed, read it, show it."""
    app.poll()
    while app.workers:  # a read started by the interval's poll may be replaced by a newer one
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
    await pilot.pause()


def shown(app: AudienceApp, selector: str) -> str:
    return str(app.query_one(selector).render())


def everything_shown(app: AudienceApp) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query("*")) + app.export_screenshot()


async def test_the_view_shows_the_names_stage_prompts_goals_and_notes(filled_db, partnerships, facilitator):
    facilitator.session.set_notes("evaluate", "We looked back at the grant")
    facilitator.save()
    app = AudienceApp(filled_db, partnerships[0].id)
    async with app.run_test(size=(120, 40)) as pilot:
        await follow(pilot, app)
        assert "李明 and Zoë Martin" in shown(app, "#aud-names")
        assert "▶ 1. Evaluate" in shown(app, "#aud-stages")
        assert app.query_one("#aud-stage-title", BigText).text == "Evaluate"
        assert "Submit a first grant as lead (open)" in shown(app, "#aud-goals")
        assert "We looked back at the grant" in shown(app, "#aud-notes")
        assert "0 of" in shown(app, "#aud-prompts")
        assert not app.query_one("#aud-waiting").display


async def test_each_change_the_facilitator_saves_reaches_the_view(filled_db, partnerships, facilitator, clock):
    session = facilitator.session
    app = AudienceApp(filled_db, partnerships[0].id, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await follow(pilot, app)
        first_prompt = session.guide.stages[0].prompts[0]
        session.toggle_prompt(first_prompt.id)
        session.set_prompt_cursor(first_prompt.id)
        session.set_goal_status(partnerships[0].goals[0].id, "achieved")
        session.toggle_timer()
        facilitator.save()
        await follow(pilot, app)
        prompts = shown(app, "#aud-prompts")
        assert "1 of" in prompts and f"✔ {first_prompt.text}" in prompts
        assert app.view.prompt_cursor == first_prompt.id
        assert "Submit a first grant as lead (achieved)" in shown(app, "#aud-goals")
        assert "running" in shown(app, "#aud-total")
        session.next_stage()
        facilitator.save()
        await follow(pilot, app)
        assert app.query_one("#aud-stage-title", BigText).text == "Next steps"
        assert "▶ 2. Next steps" in shown(app, "#aud-stages")


async def test_the_clock_runs_on_from_the_saved_state_without_another_save(filled_db, partnerships, facilitator, clock):
    facilitator.session.toggle_timer()
    facilitator.save()
    app = AudienceApp(filled_db, partnerships[0].id, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await follow(pilot, app)
        clock_text = app.query_one("#aud-clock", BigText)
        before = clock_text.text
        clock.now += 65
        app.show_clock()
        assert clock_text.text != before
        clock.now += 60 * 60
        app.show_clock()
        assert clock_text.text.startswith("+") and "OVERTIME" in shown(app, "#aud-total")


async def test_the_view_survives_the_facilitator_restarting_and_a_damaged_moment(filled_db, partnerships, facilitator):
    app = AudienceApp(filled_db, partnerships[0].id)
    path = app.path
    async with app.run_test(size=(120, 40)) as pilot:
        facilitator.session.set_notes("evaluate", "before the restart")
        facilitator.save()
        await follow(pilot, app)
        good = path.read_bytes()
        path.write_bytes(b'{"not": "whole')  # the file is briefly unreadable
        await follow(pilot, app)
        assert app.query_one("#aud-waiting").display and str(app.query_one("#aud-waiting", Static).render()) == WAITING
        assert "before the restart" in shown(app, "#aud-notes")  # the last good view stays
        path.write_bytes(good)
        facilitator.close()  # the facilitator's app quits...
        with Desk.for_writing(filled_db) as again:  # ...and starts again
            again.open(partnerships[0].id).set_notes("evaluate", "after the restart")
            again.save()
        await follow(pilot, app)
        assert not app.query_one("#aud-waiting").display
        assert "after the restart" in shown(app, "#aud-notes")
        os.unlink(path)
        await follow(pilot, app)
        assert app.query_one("#aud-waiting").display


async def test_private_notes_reach_neither_the_widgets_nor_the_screen_nor_any_object_of_the_view(
    filled_db, partnerships, facilitator
):
    facilitator.session.set_private_notes(SECRET)
    facilitator.session.set_notes("evaluate", "public words")
    facilitator.save()
    app = AudienceApp(filled_db, partnerships[0].id)
    async with app.run_test(size=(200, 60)) as pilot:
        for layout in ("1", "2", "3"):
            await pilot.press(layout)
            await follow(pilot, app)
            assert "public words" in everything_shown(app) or layout != "3"
            assert SECRET not in everything_shown(app)
        assert SECRET not in repr(app.view)


async def test_the_only_keys_are_the_layouts_the_theme_and_quit(filled_db, partnerships):
    app = AudienceApp(filled_db, partnerships[0].id)
    async with app.run_test() as pilot:
        await pilot.pause()
        actions = {active.binding.action for active in app.screen.active_bindings.values()}
        own = {"layout('timer')", "layout('stage')", "layout('all')", "toggle_theme", "quit"}
        textuals = {"app.quit", "help_quit", "app.focus_next", "app.focus_previous", "screen.copy_text"}  # go nowhere
        assert actions <= own | textuals
        await pilot.press("ctrl+p", "v", "n", "p", "escape", "enter", "f1")
        assert app.screen is app.screen_stack[0] and len(app.screen_stack) == 1


async def test_one_key_each_switches_the_layout(filled_db, partnerships):
    app = AudienceApp(filled_db, partnerships[0].id)
    async with app.run_test(size=(120, 40)) as pilot:
        await follow(pilot, app)
        await pilot.press("1")
        assert not app.query_one("#aud-detail").display and app.query_one("#aud-clock").display
        await pilot.press("2")
        assert app.query_one("#aud-prompts").display and not app.query_one("#aud-side").display
        await pilot.press("3")
        assert app.query_one("#aud-side").display


def contrast(foreground: Color, background: Color) -> float:
    def luminance(color: Color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("theme", [t.name for t in CLOSER_THEMES])
async def test_in_a_200x60_window_the_time_fills_a_third_and_reads_at_7_to_1(filled_db, partnerships, facilitator, theme):
    facilitator.session.set_notes("evaluate", "notes")
    facilitator.save()
    app = AudienceApp(filled_db, partnerships[0].id)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        app.theme = theme
        await follow(pilot, app)
        clock = app.query_one("#aud-clock", BigText)
        assert clock.region.height >= 60 / 3
        scale = big_text.largest_scale(clock.text, *clock.content_size)
        assert big_text.GLYPH_HEIGHT * scale >= 60 / 5  # each digit at least a fifth of the view's height
        title = app.query_one("#aud-stage-title", BigText)
        assert big_text.GLYPH_HEIGHT * big_text.largest_scale(title.text, *title.content_size) >= 60 / 15
        for widget in (clock, title, app.query_one("#aud-names")):
            _, _, background, color = widget.colors  # as drawn: the background it sits on, its text
            assert contrast(color, background) >= 7, (widget.id, theme)


async def test_the_dashboard_shows_and_copies_the_command_and_saves_the_prompt_under_the_cursor(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id)
    async with app.run_test() as pilot:
        await pilot.press("f10")
        assert app.clipboard == f"closer --db {filled_db.resolve()} present {partnerships[0].id}"
        assert any(app.clipboard in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+l", "down")
        await app.workers.wait_for_complete()
        second = app.session.guide.stages[0].prompts[1].id
        with Store.open_reader(filled_db) as store:
            assert store.get(partnerships[0].id).close.prompt_cursor == second
        await pilot.press("ctrl+n")  # out of the checklist: no prompt is pointed at
        await pilot.press("ctrl+q")
    with Store.open_reader(filled_db) as store:
        assert store.get(partnerships[0].id).close.prompt_cursor is None


async def test_shared_screen_mode_draws_the_time_as_big_as_the_audience_view_and_the_stage_in_blocks(
    filled_db, partnerships
):
    audience = AudienceApp(filled_db, partnerships[0].id)
    async with audience.run_test(size=(200, 60)) as pilot:
        await follow(pilot, audience)
        audience_scale = audience.query_one("#aud-clock", BigText).scale
    app = CloserApp(filled_db, partnership_id=partnerships[0].id, shared_screen=True)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        clock = app.screen.query_one("#timer-big", BigText)
        stage = app.screen.query_one("#timer-stage-big", BigText)
        assert clock.display and stage.display and stage.text == "Evaluate"
        assert clock.scale >= audience_scale >= 3
        assert big_text.GLYPH_HEIGHT * clock.scale >= 60 / 5
        assert big_text.GLYPH_HEIGHT * stage.scale >= 60 / 15
        for widget in (clock, stage):
            _, _, background, color = widget.colors
            assert contrast(color, background) >= 7, widget.id


async def test_long_notes_keep_their_latest_words_in_view(filled_db, partnerships, facilitator):
    facilitator.session.set_notes("evaluate", "\n".join(f"line {i} of what was said" for i in range(60)) + "\nLATESTWORDS")
    facilitator.save()
    app = AudienceApp(filled_db, partnerships[0].id)
    async with app.run_test(size=(100, 30)) as pilot:
        await follow(pilot, app)
        await pilot.pause()
        assert "LATESTWORDS" in app.export_screenshot()


async def test_an_idle_view_draws_no_frames(filled_db, partnerships, facilitator, clock):
    facilitator.save()
    app = AudienceApp(filled_db, partnerships[0].id, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await follow(pilot, app)
        updates = []
        app.total.update = updates.append  # what would draw the line again
        for _ in range(8):
            app.show_clock()
            app.poll()
        assert updates == []


async def test_a_save_redraws_the_notes_and_nothing_else(filled_db, partnerships, facilitator, monkeypatch):
    """Each save of the facilitator's must cost the audience's machine only the notes' region:
    a scrolled container made Textual repaint the whole 200x60 screen on every save."""
    from textual._compositor import Compositor  # the regions a frame repaints: no public view of them

    facilitator.session.set_notes("evaluate", "first words " * 300)
    facilitator.save()
    app = AudienceApp(filled_db, partnerships[0].id)
    async with app.run_test(size=(200, 60)) as pilot:
        await follow(pilot, app)
        await pilot.pause()
        repainted = []
        render_update = Compositor.render_update

        def spy(self, *args, **kwargs):
            repainted.extend(self._dirty_regions)
            return render_update(self, *args, **kwargs)

        monkeypatch.setattr(Compositor, "render_update", spy)
        facilitator.session.set_notes("evaluate", "first words " * 300 + "\nLATEST-line-of-the-notes")
        facilitator.save()
        await follow(pilot, app)
        await pilot.pause()
        notes = app.notes.region
        assert "LATEST-line-of-the-notes" in app.export_screenshot()
        assert repainted, "the new notes were never drawn"
        assert all(notes.contains_region(region) for region in repainted), (notes, repainted)


def test_the_notes_tail_is_the_end_of_the_text_wrapped_as_in_full():
    from closer_tui.tui.widgets.notes_tail import last_lines

    text = "one two three four five six\n\nseven eight nine ten"
    assert [line.plain for line in last_lines(text, 10, 3)] == ["seven", "eight nine", "ten"]
    assert [line.plain for line in last_lines(text, 10, 99)] == ["one two", "three four", "five six", "", "seven", "eight nine", "ten"]
    assert [line.plain for line in last_lines("a\nb\nc", 5, 2)] == ["b", "c"]

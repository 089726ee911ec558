"""The title line at the top of the list and the dashboard: what it says, where, and what its icon does.

It is one widget drawing what Textual's four-widget Header drew (the snapshots hold the look cell
for cell); these tests hold what the snapshots cannot: a changed title, a title too long for the
line, text that looks like markup, and the icon's click and hover."""

from __future__ import annotations

from rich.cells import cell_len
from textual.command import CommandPalette
from textual.widgets import TextArea

from closer_tui.tui.app import CloserApp
from closer_tui.tui.widgets.title_bar import CLOCK_CELLS, ICON, ICON_CELLS, TitleBar


def line_of(bar: TitleBar) -> str:
    """The line as last drawn (not as it would be drawn now: a change must ask for a new drawing)."""
    return bar.render_line(0).text


async def test_the_dashboard_titles_the_partnership_between_the_icon_and_the_clocks_place(filled_db, partnerships):
    first = partnerships[0]
    app = CloserApp(filled_db, partnership_id=first.id)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        line = line_of(app.screen.query_one(TitleBar))
        heading = f"closer — {first.mentee} (mentee) and {first.mentor} (mentor)"
        assert cell_len(line) == 120
        assert line.startswith(f" {ICON} ")
        before, _, after = line.partition(heading)
        room = 120 - ICON_CELLS - CLOCK_CELLS
        assert cell_len(before) == ICON_CELLS + (room - cell_len(heading)) // 2  # centred between the two places
        assert before.strip() == ICON and after.strip() == ""


async def test_a_changed_title_is_drawn_at_once(filled_db, partnerships):
    app = CloserApp(filled_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(TitleBar)
        assert "closer — closing a mentoring partnership" in line_of(bar)
        app.screen.sub_title = "Another view"
        await pilot.pause()
        assert "closer — Another view" in line_of(bar)
        assert "closing a mentoring" not in line_of(bar)
        app.title = "programme"
        await pilot.pause()
        assert "programme — Another view" in line_of(bar)


async def test_a_title_too_long_for_the_line_ends_in_an_ellipsis_and_stays_on_it(filled_db):
    app = CloserApp(filled_db)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        app.screen.sub_title = "[bold]Ana[/bold] " + "very long name " * 10
        await pilot.pause()
        bar = app.screen.query_one(TitleBar)
        line = line_of(bar)
        assert len(line) == 60 and bar.region.height == 1
        assert line[ICON_CELLS : 60 - CLOCK_CELLS].endswith("…")
        assert "[bold]Ana[/bold]" in line  # text, never markup
        assert line[60 - CLOCK_CELLS :] == " " * CLOCK_CELLS


async def test_a_click_on_the_icon_opens_the_command_palette_and_on_the_title_does_not(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click(TitleBar, offset=(40, 0))
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        assert isinstance(app.focused, TextArea)  # the notes keep the cursor
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_the_icon_lights_up_under_the_mouse_with_a_tooltip(filled_db):
    app = CloserApp(filled_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(TitleBar)
        plain = bar.render()
        await pilot.hover(TitleBar, offset=(2, 0))
        await pilot.pause()
        assert bar.icon_hovered and bar.tooltip == "Open the command palette"
        lit = bar.render()
        assert str(lit) == str(plain) and lit.spans != plain.spans  # the same text, another look
        await pilot.hover(TitleBar, offset=(30, 0))
        await pilot.pause()
        assert not bar.icon_hovered and bar.tooltip is None
        assert bar.render().spans == plain.spans

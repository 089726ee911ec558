"""Every size from 60x20 up: the dashboard keeps its timer, stage, notes and goals in sight; below
that, a plain notice asks for a larger window."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets import Digits, Static

from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.dashboard import DashboardScreen
from closer_tui.tui.screens.too_small import TooSmallScreen
from closer_tui.tui.widgets.notes_editor import NotesEditor


def on_screen(app, widget) -> bool:
    region = widget.region
    return region.height > 0 and region.width > 0 and app.screen.region.contains_region(region)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (100, 30), (200, 60)])
async def test_the_dashboard_shows_timer_stage_notes_and_goals_at_every_size(filled_db, partnerships, size):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        digits = screen.query_one(Digits)
        stage = screen.query_one("#timer-stage", Static)
        assert on_screen(app, digits) and digits.region.height == 3
        assert on_screen(app, stage) and stage.region.height == 1  # "Evaluate: 08:00 left of 08:00" on one line
        assert stage.region.width >= len("Evaluate: 08:00 left of 08:00")
        notes = screen.query_one("#notes-evaluate", NotesEditor)
        assert on_screen(app, notes) and notes.content_region.height >= 5
        assert on_screen(app, screen.query_one(".stage-bar"))
        goals = screen.query_one("#goals")
        assert on_screen(app, goals) and goals.region.height >= 3
        await pilot.press("ctrl+g")
        assert app.focused is goals
        for widget in (digits, stage, notes, goals):  # nothing lies on top of another
            for other in (digits, stage, notes, goals):
                if other is not widget:
                    assert not widget.region.overlaps(other.region), (widget, other)


async def test_below_the_minimum_size_a_plain_notice_asks_for_a_larger_window(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id)
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "Make the window larger" in str(app.screen.query_one("#too-small", Static).render())
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.resize_terminal(59, 24)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)


@pytest.mark.parametrize(
    "width,columns",
    [
        (60, ["Mentee", "Mentor", "Status", "Goals met"]),
        (80, ["Mentee", "Mentor", "Programme", "Status", "Closed on", "Goals met"]),
        (100, ["Mentee", "Mentor", "Programme", "Status", "Closed on", "Goals met", "Close time"]),
        (200, ["Mentee", "Mentor", "Programme", "Status", "Closed on", "End reason", "Goals met", "Close time"]),
    ],
)
async def test_the_review_keeps_the_columns_that_fit_whole_and_cuts_values_with_an_ellipsis(filled_db, width, columns):
    from closer_tui.tui.widgets.review_table import ReviewTable, column_widths

    app = CloserApp(filled_db)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.press("v")
        table = app.screen.query_one(ReviewTable)
        header = table.render_line(0).text
        assert header.replace("▼", "").replace("▲", "").split() == " ".join(columns).split(), header  # every title whole
        lines = [table.render_line(y).text for y in range(1, 4)]
        assert all(cell_len(line) == cell_len(header) == table.size.width for line in lines)  # wide characters counted as cells
        if width == 100:
            assert any("Research L…" in line for line in lines)  # cut with an ellipsis
        await pilot.press("down")  # into the table
        visited = set()
        for _ in range(len(columns)):  # ←/→ visit only the columns shown
            await pilot.press("right")
            visited.add(table.column)
        assert len(visited) == len(columns) and all(column_widths(table.size.width)[i] for i in visited)


@pytest.mark.parametrize("width", [60, 80, 100])
async def test_the_list_shows_whole_dates_and_cuts_long_names_with_an_ellipsis(filled_db, width):
    from closer_tui.tui.widgets.partnership_table import PartnershipTable

    app = CloserApp(filled_db)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(PartnershipTable)
        widths = table.widths()
        titles = list(widths)
        assert titles[:3] == ["Status", "Mentee", "Mentor"] and "Since" in titles
        assert ("Programme" in titles) == (width >= 80)
        assert sum(widths.values()) + 2 * len(widths) - 1 <= table.size.width  # every column shown whole
        assert table.virtual_size.width <= table.size.width  # nothing to scroll sideways to
        lines = [table.render_line(y) for y in range(table.row_count + 1)]
        assert all(line.cell_length == table.size.width for line in lines)
        rows = [table.shown_cells(index) for index in range(table.row_count)]
        since = [row[titles.index("Since")] for row in rows]
        assert all(len(date) == 10 and date[4] == "-" for date in since), since
        assert all(row[titles.index("Since")] in line.text for row, line in zip(rows, lines[1:]))  # as drawn
        if width == 80:
            cells = [row[titles.index("Programme")].rstrip() for row in rows]
            assert any(cell.endswith("…") for cell in cells), cells

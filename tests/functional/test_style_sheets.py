"""Each style sheet is parsed when the first screen that needs it is shown, in one cascade order."""

from __future__ import annotations

from pathlib import Path

from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.new_partnership import NewPartnershipScreen
from closer_tui.tui.style_sheets import SHEETS


def sheets_read(app: CloserApp) -> list[str]:
    """closer's sheets the app's stylesheet holds, in the order it applies them."""
    return [Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss")]


async def test_the_list_waits_for_its_own_sheets_and_a_form_brings_the_rest_in_cascade_order(filled_db):
    app = CloserApp(filled_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert sheets_read(app) == ["app.tcss", "partnerships.tcss", "shared_screen.tcss"]
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewPartnershipScreen)
        assert sheets_read(app) == list(SHEETS)
        form = app.screen.query_one("#form")
        assert form.styles.width.value == 80 and form.styles.border_top[0] == "round"  # forms.tcss applies


async def test_opening_one_partnership_waits_for_the_dashboards_sheet_only(filled_db, partnerships):
    app = CloserApp(filled_db, partnerships[0].id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert sheets_read(app) == ["app.tcss", "dashboard.tcss", "shared_screen.tcss"]
        assert app.screen.query_one("#goals-panel").styles.border_right[0] == "vkey"  # dashboard.tcss applies

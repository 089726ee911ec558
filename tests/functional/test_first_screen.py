"""The first screen is the one the user came for, as the app's own first screen: not pushed over a
blank one (Textual then resizes, styles and draws it once more before the first frame). Leaving it
leaves Textual's blank screen in its place, under what is shown next."""

from __future__ import annotations

from textual.widgets import Static

from closer_tui.tui.app import CloserApp
from closer_tui.tui.window_size import BLANK_SCREEN

from conftest import stored


def stack(app: CloserApp) -> list[str]:
    return ["blank" if screen.id == BLANK_SCREEN else type(screen).__name__ for screen in app.screen_stack]


async def test_the_list_is_the_apps_first_screen_with_its_own_style(filled_db):
    app = CloserApp(filled_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert stack(app) == ["PartnershipsScreen"]
        assert app.screen.query_one("#list-heading", Static).styles.padding.left == 1  # partnerships.tcss was read


async def test_a_partnership_opened_by_id_is_the_first_screen_and_escape_saves_and_shows_the_list(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert stack(app) == ["DashboardScreen"]
        assert "-narrow" in app.screen.classes  # its width class before it was styled, as a pushed screen gets
        await pilot.press(*"said at the end", "escape")
        await pilot.pause()
        assert stack(app) == ["blank", "PartnershipsScreen"]
        await pilot.press("escape")  # nothing under the list to go back to
        assert stack(app) == ["blank", "PartnershipsScreen"]
    assert stored(filled_db, partnerships[0].id).close.stage_notes["evaluate"] == "said at the end"


async def test_a_closed_partnership_opened_by_id_shows_its_summary_first_and_goes_back_to_the_list(filled_db, partnerships):
    closed = partnerships[2]
    assert closed.status == "closed"
    app = CloserApp(filled_db, partnership_id=closed.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert stack(app) == ["SummaryScreen"]
        await pilot.press("escape")
        await pilot.pause()
        assert stack(app) == ["blank", "PartnershipsScreen"]
        await pilot.press("enter")  # a summary opened from the list goes back to it
        await pilot.pause()
        assert stack(app)[-2:] == ["PartnershipsScreen", "SummaryScreen"] or stack(app)[-2:] == ["PartnershipsScreen", "DashboardScreen"]
        await pilot.press("escape")
        await pilot.pause()
        assert stack(app) == ["blank", "PartnershipsScreen"]


async def test_a_partnership_that_cannot_be_opened_leaves_a_blank_screen_and_says_why(filled_db, partnerships):
    (filled_db / "partnerships" / f"{partnerships[0].id}.json").write_text("{not json", encoding="utf-8")
    app = CloserApp(filled_db, partnership_id=partnerships[0].id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert stack(app) == ["blank"]
        assert [(n.title, n.severity) for n in app._notifications] == [("Cannot open", "error")]
        await pilot.press("escape")  # goes nowhere; the list is a key away
        assert stack(app) == ["blank"]


async def test_a_settings_file_closer_cannot_use_is_said_over_the_first_screen(filled_db, tmp_path, monkeypatch):
    settings = tmp_path / "config.json"
    settings.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("CLOSER_CONFIG", str(settings))
    app = CloserApp(filled_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert stack(app) == ["PartnershipsScreen"]
        assert [n.title for n in app._notifications] == ["Settings ignored"]

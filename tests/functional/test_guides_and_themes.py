"""Themes are registered and remembered; a programme's own guide runs the close and stays with it."""

from __future__ import annotations

import json

from closer_tui.tui.app import CloserApp
from closer_tui.config import config_path
from closer_tui.guide_file import parse_guide
from closer_tui.model import Goal, Partnership
from closer_tui.tui.screens.dashboard import DashboardScreen
from closer_tui.store import Store
from closer_tui.tui.themes import HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT

from test_guide_file import OWN_GUIDE  # noqa: E402  (tests/unit is on the path via conftest)


async def test_high_contrast_themes_are_registered_and_the_choice_is_remembered(db):
    app = CloserApp(db)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert {HIGH_CONTRAST_DARK.name, HIGH_CONTRAST_LIGHT.name} <= set(app.available_themes)
        app.theme = HIGH_CONTRAST_LIGHT.name
        await pilot.pause()
    assert json.loads(config_path().read_text())["theme"] == HIGH_CONTRAST_LIGHT.name
    again = CloserApp(db)
    async with again.run_test() as pilot:
        await pilot.pause()
        assert again.theme == HIGH_CONTRAST_LIGHT.name


async def test_themes_can_be_picked_from_the_command_palette(db):
    app = CloserApp(db)
    async with app.run_test() as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert any("theme" in title.casefold() for title in titles)


async def test_a_broken_config_file_is_reported_and_left_alone(db):
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("{not json")
    app = CloserApp(db)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert any("cannot be read" in str(n.message) for n in app._notifications)
    assert config_path().read_text() == "{not json"


async def test_a_new_partnership_records_the_programmes_guide_and_its_close_uses_it(db):
    guide = parse_guide(OWN_GUIDE, "riverside.md", name="riverside")
    app = CloserApp(db, guide=guide)
    async with app.run_test() as pilot:
        await pilot.press("n", *"Ana Silva", "tab", *"Ben Okafor", "ctrl+s")
        await app.workers.wait_for_complete()
    with Store.open_reader(db) as store:
        (summary,) = store.summaries()
        record = store.get(summary["id"])
    assert record.guide == guide
    later = CloserApp(db, partnership_id=record.id)  # opened later with the default guide
    async with later.run_test() as pilot:
        await pilot.pause()
        screen = later.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.session.guide.stage_keys == ("look_back", "look_ahead")
        assert screen.focused.id == "notes-look_back"
        assert screen.session.timer.budgets == {"look_back": 750, "look_ahead": 450}


async def test_a_past_close_shows_the_prompts_it_was_run_with(db):
    guide = parse_guide(OWN_GUIDE, "riverside.md", name="riverside")
    p = Partnership.create("Ann Lee", "Bob Roe", goals=[Goal("Publish")], guide=guide)
    p.close.prompts_discussed = ["look_back.goals"]
    p.set_status("closed")
    with Store.open_writer(db) as store:
        store.add(p)
    app = CloserApp(db, partnership_id=p.id)
    async with app.run_test() as pilot:
        await pilot.pause()
        source = app.screen.query_one("Markdown").source
        assert "Which goals were met, and how?" in source and "1 of 3 discussed" in source

"""The app never writes over a config file it could not read, nor chmods a shared config folder;
it keeps this run's settings in memory and says so (issue 11, items 3 and 7)."""

from __future__ import annotations

import os
import stat

from closer_tui.config import CONFIG_ENV, config_path
from closer_tui.method import default_guide
from closer_tui.tui.app import CloserApp


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_an_unreadable_config_is_not_replaced_when_shared_screen_mode_is_toggled(filled_db):
    config_path().parent.mkdir(parents=True)
    config_path().write_text('{"theme": "nord", oops')
    app = CloserApp(filled_db, guide=default_guide())  # as `closer --guide FILE` starts it
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.shared_screen and app.settings.shared_screen  # kept for this run
        assert any("not overwritten" in m and "until closer quits" in m for m in messages(app))
    assert config_path().read_text() == '{"theme": "nord", oops'


async def test_a_config_in_a_shared_folder_leaves_the_folder_as_it_was(filled_db, tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    monkeypatch.setenv(CONFIG_ENV, str(shared / "config.json"))
    app = CloserApp(filled_db)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.settings.shared_screen
        assert any("open to other users" in m and "until closer quits" in m for m in messages(app))
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert list(shared.iterdir()) == []

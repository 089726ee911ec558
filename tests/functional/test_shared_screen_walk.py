"""In shared-screen mode, no key of any screen reachable from the close leads to another partnership or a private note."""

from __future__ import annotations

import pytest

from closer_tui.desk import Desk
from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.dialogs import TypeYesDialog

SECRET = "PRIVATEfacilitatorword"
NOT_THE_KEYS = {"quit", "app.quit", "toggle_shared_screen", "app.toggle_shared_screen"}  # leaving is the user's choice


def keys_of(app: CloserApp) -> list[str]:
    keys = []
    for key, active in app.screen.active_bindings.items():
        if active.binding.action not in NOT_THE_KEYS and key not in keys:
            keys.append(key)
    return keys


def assert_safe(app: CloserApp, others: list[str], path: list[str]) -> None:
    shown = app.export_screenshot()
    assert SECRET not in shown, path
    for name in others:
        assert name not in shown, (name, path)
    assert app.shared_screen, path


@pytest.fixture
def shared_db(filled_db, partnerships):
    with Desk.for_writing(filled_db) as desk:
        desk.open(partnerships[0].id).set_private_notes(SECRET)
        desk.save()
    return filled_db


@pytest.mark.parametrize("start", [[], ["ctrl+f", "y"]], ids=["dashboard", "after finishing"])
async def test_every_key_of_every_screen_in_shared_mode_keeps_other_partnerships_and_private_notes_out(
    shared_db, partnerships, start
):
    others = ["Ruiz", "Αλεξάνδρα", "Bob", "Ann"]  # words of the other two partnerships' names
    pending: list[str] | None = None
    while pending is None or pending:
        # One app for as long as escape brings it back to where the walk started; a fresh one otherwise.
        app = CloserApp(shared_db, partnership_id=partnerships[0].id, shared_screen=True)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*start)
            home = app.screen
            pending = keys_of(app) if pending is None else pending
            while pending and app.screen is home:
                first = pending.pop(0)
                path = [*start, first]
                await pilot.press(first)
                assert_safe(app, others, path)
                if app.screen is not home:  # a key that led somewhere: every key from there too
                    for key in keys_of(app):
                        await pilot.press(key)
                        assert_safe(app, others, [*path, key])
                for _ in range(3):  # and back out, the way people leave things
                    await pilot.press("escape")
                assert_safe(app, others, [*path, "escape"])


async def test_leaving_shared_mode_takes_y_and_nothing_else(shared_db, partnerships):
    app = CloserApp(shared_db, partnership_id=partnerships[0].id, shared_screen=True)
    async with app.run_test() as pilot:
        for key in ("enter", "n", "escape", "space"):
            await pilot.press("ctrl+o")
            assert isinstance(app.screen, TypeYesDialog)
            await pilot.press(key)
            assert app.shared_screen, key
        await pilot.press("ctrl+o", "y")
        assert not app.shared_screen


async def test_escape_from_the_summary_after_finishing_never_shows_the_list(shared_db, partnerships):
    app = CloserApp(shared_db, shared_screen=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+o", "y")  # not shared while picking the partnership
        await pilot.press("enter")
        await pilot.press("ctrl+o")  # now sharing
        await pilot.press("ctrl+f", "y", "escape", "enter", "escape")
        assert_safe(app, ["Ruiz", "Bob"], ["finish", "escape"])

"""Help lists every key of every screen, escape closes every panel, and the key line shows the most
used keys first without ever hiding f1."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.binding import Binding
from textual.widgets import Markdown

import closer_tui.tui
from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.help import HelpScreen, help_rows
from closer_tui.tui.widgets.key_footer import KeyFooter


def bindings_of(module_name: str) -> dict[str, list[Binding]]:
    """Every Binding with an id declared in a closer module's classes, by class name."""
    found: dict[str, list[Binding]] = {}
    module = importlib.import_module(module_name)
    for name, cls in inspect.getmembers(module, inspect.isclass):
        if cls.__module__ == module.__name__ and "BINDINGS" in vars(cls):
            found[name] = [b for b in cls.BINDINGS if isinstance(b, Binding) and b.id]
    return found


def every_closer_binding_id() -> set[str]:
    ids = set()
    for module in pkgutil.walk_packages(closer_tui.tui.__path__, "closer_tui.tui."):
        for bindings in bindings_of(module.name).values():
            ids |= {b.id for b in bindings}
    return ids


async def test_dashboard_help_lists_the_goals_and_checklist_keys_while_the_notes_have_the_cursor(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id)
    async with app.run_test() as pilot:
        await pilot.pause()
        rows = {row[2]: row for row in help_rows(app.screen)}
        assert {"prompts.tick", "goals.status", "goals.add", "goals.edit"} <= set(rows)
        assert rows["prompts.tick"][0] == "space, x" and "in the checklist" in rows["prompts.tick"][1]
        assert rows["goals.status"][0] == f"s, {app.get_key_display(Binding('enter', ''))}" and "in the goals" in rows["goals.status"][1]
        dashboard_ids = {b.id for b in bindings_of("closer_tui.tui.screens.dashboard")["DashboardScreen"]}
        assert dashboard_ids <= set(rows)
        await pilot.press("f1")
        text = app.screen.query_one(Markdown).source
        assert "Escape" in text and "closes this help" in text
        assert text.count("Next steps") == 1  # the method line does not repeat the stages
        assert "| `space, x` |" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_help_across_the_screens_names_every_key_closer_has(filled_db, partnerships):
    """Help on each screen (list, dashboard, summary, review, report) together names every binding id
    except those of dialogs, which say their keys in their own hint line."""
    seen: set[str] = set()
    app = CloserApp(filled_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        seen |= {row[2] for row in help_rows(app.screen)}
        await pilot.press("v")
        seen |= {row[2] for row in help_rows(app.screen)}
        await pilot.press("escape", "p")
        seen |= {row[2] for row in help_rows(app.screen)}
        await pilot.press("escape", "enter")
        seen |= {row[2] for row in help_rows(app.screen)}
        await pilot.press("f3")  # Next steps, where the actions are
        seen |= {row[2] for row in help_rows(app.screen)}
    summary = CloserApp(filled_db, partnership_id=partnerships[2].id)
    async with summary.run_test() as pilot:
        await pilot.pause()
        seen |= {row[2] for row in help_rows(summary.screen)}
        await pilot.press("s")  # the story, for both partners to answer
        seen |= {row[2] for row in help_rows(summary.screen)}
    dialogs = {"new.", "edit.", "details.", "notes.", "confirm.", "dialog.", "help.", "audience."}
    expected = {i for i in every_closer_binding_id() if not i.startswith(tuple(dialogs))}
    assert expected - seen == set()


async def test_the_palette_keys_entry_opens_help_which_escape_closes(filled_db, partnerships):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id)
    async with app.run_test() as pilot:
        await pilot.pause()
        (keys,) = [c for c in app.get_system_commands(app.screen) if c.title == "Keys"]
        keys.callback()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("width", [60, 80, 100])
async def test_the_key_line_starts_with_the_most_used_keys_and_keeps_f1(filled_db, partnerships, width):
    app = CloserApp(filled_db, partnership_id=partnerships[0].id)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one(KeyFooter).render())
        assert line.startswith(" ^t Start/pause  f3 Next stage"), line
        assert "f1 Help" in line
        if width >= 100:
            assert "^n Notes  ^g Goals  ^l Prompts" in line

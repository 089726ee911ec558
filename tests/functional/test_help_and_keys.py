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
from closer_tui.store import Store
from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.help import HelpScreen, key_rows
from closer_tui.tui.widgets.key_footer import KeyFooter, shown_keys


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
        rows = {row.binding_id: row for row in key_rows(app.screen)}
        assert {"prompts.tick", "goals.status", "goals.add", "goals.edit"} <= set(rows)
        assert rows["prompts.tick"].keys == "space, x" and "in the checklist, ^l" in rows["prompts.tick"].does
        assert rows["goals.status"].keys == f"s, {app.get_key_display(Binding('enter', ''))}" and "in the goals, ^g" in rows["goals.status"].does
        dashboard_ids = {b.id for b in bindings_of("closer_tui.tui.screens.dashboard")["DashboardScreen"]}
        assert dashboard_ids <= set(rows)
        await pilot.press("f1")
        text = app.screen.query_one(Markdown).source
        assert "`esc`, `q` or `f1` closes this help" in text
        assert text.count("Next steps") == 1  # the method line does not repeat the stages
        assert "| `space, x` |" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


# Each screen and each dialog, and the keys that open it from the one before.
WALK = [[], ["v"], ["escape", "p"], ["escape", "n"], ["escape", "e"], ["escape", "enter"], ["ctrl+a"], ["escape"], ["f2", "f4"], ["escape", "ctrl+b"], ["escape", "f9"],
        ["escape", "ctrl+r"], ["escape", "ctrl+g", "s"], ["escape", "ctrl+g", "v"], ["escape", "f8", "a"],
        ["escape", "escape", "f1"], ["escape", "ctrl+o", "ctrl+o"]]


async def test_help_on_every_screen_and_dialog_names_every_key_closer_has(filled_db, partnerships):
    """Help's rows (the palette's too) on each screen, form and dialog together name every binding id
    closer declares, the dialogs' own included; only the audience view, a separate app, is not walked."""
    seen: set[str] = set()
    app = CloserApp(filled_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for keys in WALK:
            await pilot.press(*keys)
            seen |= {row.binding_id for row in key_rows(app.screen)}
    with Store.open_writer(filled_db) as store:  # a goal left: f offers a follow-on, in a dialog of its own
        closed = store.get(partnerships[2].id)
        closed.goals[0].status = "partly"
        store.save(closed)
    summary = CloserApp(filled_db, partnership_id=partnerships[2].id)
    async with summary.run_test() as pilot:
        await pilot.pause()
        seen |= {row.binding_id for row in key_rows(summary.screen)}
        await pilot.press("x")
        seen |= {row.binding_id for row in key_rows(summary.screen)}
        # The walk left shared-screen mode on (the setting is kept), where no follow-on starts: leave it.
        await pilot.press("escape", "ctrl+o", "y", "f")  # the follow-on dialog
        await pilot.pause()
        assert type(summary.screen).__name__ == "FollowOnDialog", [str(n.message) for n in summary._notifications]
        seen |= {row.binding_id for row in key_rows(summary.screen)}
        await pilot.press("escape", "s")  # the story, for both partners to answer
        seen |= {row.binding_id for row in key_rows(summary.screen)}
    expected = {i for i in every_closer_binding_id() if not i.startswith("audience.")}
    assert expected - seen == set()


async def test_help_and_the_palette_list_the_same_keys_on_every_screen(filled_db, partnerships):
    """One list behind both: each palette entry is a row of help, and every row help shows that can run now
    (but quit and help, which the palette has as its own) is in the palette, with the same keys."""
    app = CloserApp(filled_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for keys in [[], ["v"], ["escape", "p"], ["escape", "enter"], ["ctrl+g"], ["ctrl+l"], ["escape"], ["escape", "n"]]:
            await pilot.press(*keys)
            rows = key_rows(app.screen)
            commands = {command.title: command.help for command in app.get_system_commands(app.screen)}
            for row in rows:
                title = f"{row.binding.description} ({row.keys})"
                if row.available and row.binding.action not in ("quit", "help"):
                    assert commands.get(title) == row.does, (keys, title)
                else:
                    assert title not in commands, (keys, title)
            ours = [title for title in commands if title.endswith(")") and "(" in title]
            assert len(ours) == len({f"{r.binding.description} ({r.keys})" for r in rows if r.available and r.binding.action not in ("quit", "help")})


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


@pytest.mark.parametrize("width", [60, 70, 80, 90, 100, 120, 160, 240])
@pytest.mark.parametrize("opened", [True, False], ids=["dashboard", "list"])
async def test_the_key_line_shows_whole_keys_and_marks_those_left_out(filled_db, partnerships, width, opened):
    """A key with no room is left out and " …" follows the last one shown; none is cut ("d Delete…" and
    "c Co…" were keys cut short at 80 columns)."""
    app = CloserApp(filled_db, partnership_id=partnerships[0].id if opened else None)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one(KeyFooter).render())
        keys, pinned = shown_keys(app.screen)
        right = "  ".join(f"{key.display} {key.description}" for key in pinned) + " "
        assert len(line) == width and line.endswith(" " + right), line
        left = line[: -len(right)].rstrip()
        words = [f"{key.display} {key.description}" for key in keys]
        shown = next(n for n in range(len(words), -1, -1) if left in (" " + "  ".join(words[:n]), " " + "  ".join(words[:n]) + " …"))
        assert left.endswith(" …") == (shown < len(words)), line
        assert shown >= 2, line  # the most used keys are there at every width


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

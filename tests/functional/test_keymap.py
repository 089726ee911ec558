"""Keys the user remaps in the config file's ``keymap``: they run, and help, the key line and the palette show them."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets import Markdown

import closer_tui.tui
from closer_tui.config import ACTIVE_WHILE_TYPING, BINDING_ID, config_path
from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.dashboard import DashboardScreen
from closer_tui.tui.screens.help import HelpScreen, help_markdown, key_rows
from closer_tui.tui.widgets.key_footer import KeyFooter
from closer_tui.tui.widgets.notes_editor import NotesEditor

from conftest import dashboard

README = Path(__file__).parents[2] / "README.md"


class FakeClock:
    now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def write_keymap(keymap: dict[str, str], **other) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"keymap": keymap, **other}), encoding="utf-8")


def open_dashboard(filled_db, partnerships) -> CloserApp:
    return CloserApp(filled_db, partnership_id=partnerships[0].id, clock=FakeClock())


def key_line(app: CloserApp) -> str:
    return str(app.screen.query_one(KeyFooter).render())


async def test_a_remapped_key_runs_the_action_and_the_old_key_no_longer_does(filled_db, partnerships):
    write_keymap({"dashboard.toggle_timer": "f5"})
    app = open_dashboard(filled_db, partnerships)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = dashboard(app)
        assert isinstance(screen.focused, NotesEditor)  # the keys work while typing, as before
        await pilot.press("ctrl+t")
        assert not screen.session.timer.running
        await pilot.press("f5")
        assert screen.session.timer.running
        await pilot.press("f5")
        assert not screen.session.timer.running
        assert screen.focused.text == ""  # neither key typed anything
        assert not app._notifications  # the keymap was taken without a warning


async def test_without_a_keymap_the_default_key_runs_the_action(filled_db, partnerships):
    app = open_dashboard(filled_db, partnerships)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("f5")
        assert not dashboard(app).session.timer.running
        await pilot.press("ctrl+t")
        assert dashboard(app).session.timer.running


async def test_the_key_line_shows_the_remapped_key_in_its_place_even_on_a_narrow_screen(filled_db, partnerships):
    write_keymap({"dashboard.toggle_timer": "f5", "dashboard.next_stage": "f6"})
    app = open_dashboard(filled_db, partnerships)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = key_line(app)
        assert line.startswith(" f5 Start/pause  f6 Next stage  f2 Prev stage"), line  # where ctrl+t was
        assert "^t" not in line and "f3" not in line
        await pilot.click(KeyFooter, offset=(2, 0))  # a click presses the new key
        assert dashboard(app).session.timer.running


async def test_an_action_given_two_keys_runs_with_each_and_help_lists_both(filled_db, partnerships):
    write_keymap({"app.help": "f1,f5"})
    app = open_dashboard(filled_db, partnerships)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        assert key_line(app).rstrip().endswith("f1 Help  ^p palette")
        rows = [(row.keys, row.does, row.binding_id) for row in key_rows(app.screen)]
        assert ("f1, f5", "Every key, and the method's sources", "app.help") in rows
        await pilot.press("f5")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_the_help_screen_shows_the_remapped_key(filled_db, partnerships):
    write_keymap({"dashboard.toggle_timer": "f5"})
    app = open_dashboard(filled_db, partnerships)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one(Markdown).source
        assert "| `f5` | Start or pause the close timer |" in text
        assert "`^t`" not in text


async def test_help_rows_keep_the_declared_order_and_name_every_binding_id(filled_db, partnerships):
    write_keymap({"dashboard.toggle_timer": "f5"})
    app = open_dashboard(filled_db, partnerships)
    async with app.run_test() as pilot:
        await pilot.pause()
        rows = key_rows(app.screen)
        ids = [row.binding_id for row in rows]
        declared = [b.id for b in DashboardScreen.BINDINGS]
        assert ids[: len(declared)] == declared  # the remapped key first, where ctrl+t was
        assert rows[0].keys == "f5"
        assert {"app.quit", "app.help", "app.toggle_shared_screen"} <= set(ids)
        text = help_markdown(rows, app.guide)
        assert "| `f5` | Start or pause the close timer | dashboard.toggle_timer |" in text


async def test_the_command_palette_shows_the_remapped_key(filled_db, partnerships):
    write_keymap({"dashboard.toggle_timer": "f5"})
    app = open_dashboard(filled_db, partnerships)
    async with app.run_test() as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Start/pause (f5)" in titles
        assert "Start/pause (^t)" not in titles


async def test_a_bad_keymap_is_reported_the_default_keys_work_and_the_file_is_kept(filled_db, partnerships):
    write_keymap({"dashboard.toggle_timer": "F5"}, theme="textual-light")
    before = config_path().read_text(encoding="utf-8")
    app = open_dashboard(filled_db, partnerships)
    async with app.run_test() as pilot:
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("keymap entry 'dashboard.toggle_timer'" in m and str(config_path()) in m for m in messages), messages
        await pilot.press("ctrl+t")
        assert dashboard(app).session.timer.running
        app.theme = "textual-light"  # a change that saves the settings...
        await pilot.pause()
    assert config_path().read_text(encoding="utf-8") == before  # ...does not overwrite the user's file


async def test_a_key_for_typing_is_refused_for_a_key_that_works_while_typing(filled_db, partnerships):
    write_keymap({"dashboard.toggle_timer": "t"})
    app = open_dashboard(filled_db, partnerships)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert any("'t' is a typing key" in str(n.message) for n in app._notifications)
        await pilot.press(*"test")
        screen = dashboard(app)
        assert screen.focused.text == "test"
        assert not screen.session.timer.running


# --- the binding ids themselves ---------------------------------------------------------


def closer_bindings() -> list[tuple[str, Binding]]:
    """Every Binding declared in closer's own classes: (class name, binding)."""
    found = []
    for module in pkgutil.walk_packages(closer_tui.tui.__path__, "closer_tui.tui."):
        loaded = importlib.import_module(module.name)
        for name, cls in inspect.getmembers(loaded, inspect.isclass):
            if cls.__module__ == loaded.__name__ and "BINDINGS" in vars(cls):
                found += [(name, b) for b in cls.BINDINGS if isinstance(b, Binding)]
    return found


def test_every_key_shown_to_the_user_has_a_binding_id_the_keymap_accepts():
    bindings = closer_bindings()
    assert len(bindings) > 30
    for owner, binding in bindings:
        if binding.show:
            assert binding.id and BINDING_ID.fullmatch(binding.id), (owner, binding)


def test_every_key_that_works_while_typing_is_guarded_against_typing_keys():
    for owner, binding in closer_bindings():
        if binding.priority:
            assert binding.id and ACTIVE_WHILE_TYPING.fullmatch(binding.id), (owner, binding.id)


def test_the_readme_lists_every_binding_id():
    section = README.read_text(encoding="utf-8").split("### Remapping keys", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", section))
    ids = {binding.id for _, binding in closer_bindings() if binding.id}
    assert ids - listed == set(), "missing from the README"
    assert listed - ids == set(), "in the README but not in closer"


def test_the_readme_example_is_a_keymap_closer_takes(tmp_path):
    from closer_tui.config import load_settings

    section = README.read_text(encoding="utf-8").split("### Remapping keys", 1)[1]
    example = section.split("```json\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "config.json"
    path.write_text(example, encoding="utf-8")
    assert load_settings(path).keymap == json.loads(example)["keymap"]


# --- hints name the keys as remapped -------------------------------------------------------

REMAPPED = {
    "partnerships.new": "a",
    "dashboard.toggle_timer": "f5",
    "dashboard.details": "f11",
    "dashboard.goals": "alt+g",
    "details.save": "f20",
    "details.cancel": "f21",
    "dialog.cancel": "f22",
    "confirm.yes": "f23",
    "confirm.no": "f24",
    "new.save": "f18",
    "new.cancel": "f17",
    "app.toggle_shared_screen": "f16",
    "help.close": "f15",
}


def text_of(app: CloserApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_hints_in_forms_dialogs_and_notices_name_the_remapped_keys(filled_db, partnerships):
    write_keymap(REMAPPED)
    app = CloserApp(filled_db, clock=FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app._notifications  # every entry taken
        assert "a starts a new one" in text_of(app, "#list-heading") and "n starts" not in text_of(app, "#list-heading")
        await pilot.press("a")
        labels = [str(button.label) for button in app.screen.query("Button")]
        assert labels == ["Create (f18)", "Cancel (f17)"], labels
        await pilot.press("f17")
        await pilot.press("enter")
        dashboard(app)
        assert text_of(app, "#timer-state") == "■ PAUSED (f5 starts)"
        fields = text_of(app, "#fields-evaluate")
        assert fields.endswith("· f11 edits") and "F4" not in fields and "f4" not in fields
        assert f"({app.get_key_display(Binding('alt+g', ''))})" in text_of(app, "#goals-title")
        await pilot.press("f11")
        assert text_of(app, ".dialog-hint") == "f20 saves, f21 cancels"
        await pilot.press("f21")  # the remapped cancel closes it
        dashboard(app)
        await pilot.press("ctrl+b")
        assert text_of(app, ".dialog-hint") == "Enter saves, f22 cancels"
        await pilot.press("f22")
        await pilot.press("ctrl+r")
        assert text_of(app, ".dialog-hint") == "f23: yes    f24: no"
        await pilot.press("f24")
        await pilot.press("f1")
        assert "`f15` closes this help" in app.screen.query_one(Markdown).source
        await pilot.press("f15")
        assert [type(s).__name__ for s in app.screen_stack][-1] == "DashboardScreen", app.screen_stack
        await pilot.press("f16")  # shared-screen mode on
        assert "(f16 leaves)" in text_of(app, ".shared-marker")
        assert "^o" not in text_of(app, ".shared-marker")
        dashboard(app)


async def test_without_a_keymap_the_hints_name_the_default_keys(filled_db, partnerships):
    app = open_dashboard(filled_db, partnerships)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert text_of(app, "#timer-state") == "■ PAUSED (^t starts)"
        assert text_of(app, "#fields-evaluate").endswith("· f4 edits")
        await pilot.press("f4")
        assert text_of(app, ".dialog-hint") == "^s saves, esc cancels"


async def test_the_actions_hints_in_next_steps_name_the_remapped_keys(filled_db, partnerships):
    """Issue 13: the line over Next steps' decisions and the actions' title named ctrl+a whatever the keymap said."""
    write_keymap({"dashboard.actions": "f11", "actions.add": "i"})
    app = open_dashboard(filled_db, partnerships)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app._notifications  # both entries taken
        await pilot.press("f3")  # Next steps
        assert dashboard(app).session.stage == "next_steps"
        assert text_of(app, "#fields-next_steps") == "The actions agreed are below: f11 goes to them"
        assert text_of(app, ".actions-title") == "Actions: none yet (f11, then i adds one)"
        await pilot.press("f11")  # the remapped key does what the hint says: with none yet, the form for the first
        assert type(app.screen).__name__ == "ActionForm"


async def test_without_a_keymap_the_actions_hints_name_the_default_keys(filled_db, partnerships):
    app = open_dashboard(filled_db, partnerships)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        assert text_of(app, "#fields-next_steps") == "The actions agreed are below: ^a goes to them"
        assert text_of(app, ".actions-title") == "Actions: none yet (^a, then a adds one)"


@pytest.mark.parametrize(
    ("keymap", "named", "not_named"),
    [
        ({"dashboard.session_log": "f11", "dashboard.actions": "f13"}, ("f11", "f13"), ("session log, f8", "actions, ^a", "actions, ctrl+a")),
        ({}, ("f8", "^a"), ("session log, f11", "actions, f13")),
    ],
    ids=["remapped", "default"],
)
async def test_help_names_the_keys_that_get_to_the_session_log_and_the_actions(filled_db, partnerships, keymap, named, not_named):
    """Help said "in the session log, f8" and "in the actions, ctrl+a" whatever the keymap said."""
    if keymap:
        write_keymap(keymap)
    app = open_dashboard(filled_db, partnerships)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app._notifications  # every entry taken
        await pilot.press("f1")
        source = app.screen.query_one(Markdown).source
        session_log_key, actions_key = named
        assert f"(in the session log, {session_log_key})" in source and f"(in the actions, {actions_key})" in source
        assert not [words for words in not_named if words in source]

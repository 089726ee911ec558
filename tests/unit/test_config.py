"""The settings file: the keymap is checked on load, and entries closer does not know survive a save."""

from __future__ import annotations

import json

import pytest

from closer_tui.config import ConfigError, Settings, config_path, load_settings, save_settings


def write_config(data) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")


def test_no_file_means_no_keymap():
    assert load_settings().keymap == {}


def test_a_keymap_is_loaded_as_written():
    keymap = {
        "dashboard.toggle_timer": "f5",
        "app.help": "f1,f10",
        "summary.export": "ctrl+shift+e, x",
        "review.filter": "?",  # these screens run a key only when no text box has it
        "partnerships.new": "N",
        "goals.add": "plus",
        "dashboard.back": "escape,alt+left",
    }
    write_config({"theme": "nord", "keymap": keymap})
    settings = load_settings()
    assert settings.keymap == keymap
    assert settings.theme == "nord"


BAD_KEYMAPS = [
    ("not a table", ["f5"], "keymap must be a table"),
    ("id without a dot", {"toggle_timer": "f5"}, "'toggle_timer' is not a binding id"),
    ("id in capitals", {"Dashboard.Toggle": "f5"}, "is not a binding id"),
    ("id with a control character", {"app.help\x1b[2J": "f1"}, "is not a binding id"),
    ("absurdly long id", {"app." + "h" * 500: "f1"}, "is not a binding id"),
    ("keys not a string", {"app.help": ["f1"]}, "must be a key or keys"),
    ("no keys", {"app.help": ""}, "must be a key or keys"),
    ("only spaces", {"app.help": "  "}, "must be a key or keys"),
    ("absurdly long keys", {"app.help": ",".join(["f1"] * 200)}, "is too long"),
    ("control character", {"app.help": "f1\x1b[31m"}, "has a control character"),
    ("newline", {"app.help": "f1\n"}, "has a control character"),
    ("empty key between commas", {"app.help": "f1,,f2"}, "is empty"),
    ("unknown modifier", {"app.help": "cmd+h"}, "unknown modifier 'cmd'"),
    ("repeated modifier", {"app.help": "ctrl+ctrl+h"}, "repeats a modifier"),
    ("key name in capitals", {"app.help": "F1"}, "'F1' is not a key name"),
    ("key name with a space", {"app.help": "page up"}, "is not a key name"),
    ("trailing plus", {"app.help": "ctrl+"}, 'ends with "+"'),
    ("character after a modifier", {"app.help": "ctrl+?"}, "after the modifier"),
    ("capital after a modifier", {"app.help": "ctrl+T"}, "after the modifier"),
    ("a space", {"app.help": "f1, ,f2"}, "is empty"),
    ("typing key while typing", {"app.help": "f1,question_mark"}, "'question_mark' is a typing key"),
    ("letter while typing", {"dashboard.toggle_timer": "t"}, "'t' is a typing key"),
    ("space while typing", {"dashboard.save": "space"}, "is a typing key"),
    ("enter while typing", {"new.save": "enter"}, "is a typing key"),
    ("cursor key while typing", {"details.save": "ctrl+left"}, "is a typing key"),
    ("backspace while typing", {"notes.save": "backspace"}, "is a typing key"),
]


@pytest.mark.parametrize("keymap,expected", [(k, e) for _, k, e in BAD_KEYMAPS], ids=[name for name, _, _ in BAD_KEYMAPS])
def test_a_bad_keymap_is_refused_with_a_one_line_message_naming_the_file(keymap, expected):
    write_config({"theme": "nord", "keymap": keymap})
    with pytest.raises(ConfigError) as raised:
        load_settings()
    message = str(raised.value)
    assert expected in message
    assert str(config_path()) in message
    assert message.isprintable()  # one line, no control character from the file
    assert len(message) < 300


def test_the_message_names_the_wrong_entry():
    write_config({"keymap": {"app.help": "f1", "dashboard.toggle_timer": "F5"}})
    with pytest.raises(ConfigError, match=r"keymap entry 'dashboard\.toggle_timer': 'F5'"):
        load_settings()


def test_the_space_bar_is_written_by_name():
    write_config({"keymap": {"prompts.tick": " "}})
    with pytest.raises(ConfigError):
        load_settings()
    write_config({"keymap": {"prompts.tick": "space"}})
    assert load_settings().keymap == {"prompts.tick": "space"}


def test_keys_that_work_while_typing_can_take_any_key_a_text_box_leaves_alone():
    keymap = {"app.help": "f1,ctrl+question_mark", "dashboard.toggle_timer": "f5,alt+t", "app.quit": "ctrl+shift+q,f10"}
    write_config({"keymap": keymap})
    assert load_settings().keymap == keymap


def test_entries_closer_does_not_know_are_kept_when_settings_are_saved():
    write_config({"theme": "nord", "from_a_newer_closer": {"x": [1, 2]}, "note": "my own"})
    settings = load_settings()
    settings.theme = "gruvbox"
    settings.keymap["dashboard.toggle_timer"] = "f5"
    save_settings(settings)
    saved = json.loads(config_path().read_text(encoding="utf-8"))
    assert saved["theme"] == "gruvbox"
    assert saved["keymap"] == {"dashboard.toggle_timer": "f5"}
    assert saved["from_a_newer_closer"] == {"x": [1, 2]}
    assert saved["note"] == "my own"
    again = load_settings()
    assert again.keymap == {"dashboard.toggle_timer": "f5"}
    assert again.unknown_keys == {"from_a_newer_closer": {"x": [1, 2]}, "note": "my own"}


def test_unknown_entries_never_pass_for_settings():
    write_config({"unknown_keys": {"theme": "evil"}, "theme": "nord"})
    settings = load_settings()
    assert settings.theme == "nord"
    save_settings(settings)
    saved = json.loads(config_path().read_text(encoding="utf-8"))
    assert saved["theme"] == "nord"
    assert saved["unknown_keys"] == {"theme": "evil"}  # kept as the user wrote it, not read as settings


def test_a_file_with_a_mistake_is_not_overwritten_by_a_save():
    write_config({"theme": "nord", "keymap": {"app.help": "F1"}})
    before = config_path().read_text(encoding="utf-8")
    with pytest.raises(OSError, match="not overwritten"):
        save_settings(Settings(theme="gruvbox"))
    assert config_path().read_text(encoding="utf-8") == before


def test_a_fresh_file_is_written():
    save_settings(Settings(theme="nord", keymap={"app.help": "f1"}))
    assert load_settings() == Settings(theme="nord", keymap={"app.help": "f1"})

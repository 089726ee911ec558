"""The config file and its folder: never written over when unreadable, never followed, never chmodded
(issue 11, items 3 and 7). Real links, FIFOs and shared folders in tmp_path."""

from __future__ import annotations

import json
import os
import stat

import pytest

from closer_tui.config import (
    CONFIG_ENV,
    ConfigError,
    ConfigNotSaved,
    Settings,
    config_path,
    load_settings,
    save_settings,
)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path, follow_symlinks=False).st_mode)


@pytest.fixture
def shared(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o1777)
    return folder


def test_a_config_in_a_shared_sticky_folder_is_not_saved_and_the_folder_keeps_its_mode(shared, monkeypatch):
    monkeypatch.setenv(CONFIG_ENV, str(shared / "config.json"))
    assert load_settings() == Settings()  # nothing there yet: reading is fine
    with pytest.raises(ConfigNotSaved) as refused:
        save_settings(Settings(theme="nord"))
    assert "open to other users" in refused.value.strerror and str(shared) in refused.value.strerror
    assert "until closer quits" in refused.value.strerror
    assert mode(shared) == 0o1777  # sticky bit and all
    assert list(shared.iterdir()) == []


def test_an_existing_config_folder_readable_by_others_is_used_as_it_is(tmp_path, monkeypatch):
    folder = tmp_path / "dotfiles"
    folder.mkdir()
    os.chmod(folder, 0o755)  # as `mkdir -p ~/.config/closer` leaves it
    monkeypatch.setenv(CONFIG_ENV, str(folder / "config.json"))
    save_settings(Settings(theme="nord"))
    assert load_settings().theme == "nord"
    assert mode(folder) == 0o755
    assert mode(folder / "config.json") == 0o600


def test_a_missing_config_folder_is_created_private():
    save_settings(Settings(theme="nord"))
    assert mode(config_path().parent) == 0o700 and mode(config_path()) == 0o600


def test_a_config_that_is_a_symlink_is_refused_and_its_target_left_alone(tmp_path, monkeypatch):
    target = tmp_path / "elsewhere.json"
    target.write_text('{"theme": "nord"}')
    os.chmod(target, 0o644)
    link = tmp_path / "config.json"
    link.symlink_to(target)
    monkeypatch.setenv(CONFIG_ENV, str(link))

    with pytest.raises(ConfigError, match="symbolic link") as refused:
        load_settings()
    assert str(link) in str(refused.value)
    with pytest.raises(ConfigNotSaved, match="until closer quits"):
        save_settings(Settings(theme="gruvbox"))
    assert target.read_text() == '{"theme": "nord"}' and mode(target) == 0o644
    assert link.is_symlink()


def test_a_config_that_is_a_fifo_is_refused_without_waiting(tmp_path, monkeypatch):
    os.mkfifo(tmp_path / "config.json")
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "config.json"))
    with pytest.raises(ConfigError, match="FIFO"):
        load_settings()


def test_an_unreadable_config_is_never_written_over_and_the_refusal_says_the_settings_last_this_run():
    config_path().parent.mkdir(parents=True)
    config_path().write_text("{not json")
    with pytest.raises(ConfigNotSaved) as refused:
        save_settings(Settings(shared_screen=True))
    assert "not overwritten" in refused.value.strerror and "until closer quits" in refused.value.strerror
    assert config_path().read_text() == "{not json"


def test_an_entry_the_user_adds_while_closer_runs_survives_its_next_save():
    save_settings(Settings(theme="nord"))
    settings = load_settings()  # as the app does at start
    on_disk = json.loads(config_path().read_text())
    config_path().write_text(json.dumps({**on_disk, "my_note": "added by hand"}))
    settings.shared_screen = True
    save_settings(settings)
    saved = json.loads(config_path().read_text())
    assert saved["my_note"] == "added by hand" and saved["shared_screen"] is True

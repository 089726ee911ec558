"""`tests/faults/kill_rounds.py` fails when a fault scenario could not be staged, unless told --allow-skips.

The rounds themselves are left out here (``--rounds 0``: test_faults.py runs ten); the scenarios
are replaced by stand-ins, so this checks the script's verdict, not the faults.
"""

from __future__ import annotations

import os
import shutil

import pytest

import harness as h
import kill_rounds

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not on PATH: kill_rounds.py runs the app in a real tmux terminal"
)

NO_ROUNDS = ["--rounds", "0", "--signal-rounds", "0"]


@pytest.fixture
def no_small_disk(monkeypatch):
    """A machine with neither user namespaces nor root; the one scenario that needs neither passes."""

    def unavailable() -> str:
        raise h.Unavailable("unshare: unshare failed: Operation not permitted; mounting a tmpfs needs root")

    monkeypatch.setattr(h, "small_disk_method", unavailable)
    monkeypatch.setattr(h, "write_protected_folder_scenario", lambda tmux, folder: [])
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):  # kill_rounds sets its own; put ours back after
        monkeypatch.setenv(name, os.environ.get(name, ""))


def test_a_skipped_scenario_fails_the_run(no_small_disk, capsys):
    assert kill_rounds.main(NO_ROUNDS) == 1
    out = capsys.readouterr().out
    assert "full_disk_at_start: skipped (no small disk can be mounted here: unshare" in out
    assert "scenarios skipped: full_disk_during_session, full_disk_at_start, read_only_file_system" in out


def test_allow_skips_accepts_them(no_small_disk, capsys):
    assert kill_rounds.main([*NO_ROUNDS, "--allow-skips"]) == 0
    assert '"skipped_scenarios": [\n    "full_disk_during_session"' in capsys.readouterr().out


def test_a_failed_scenario_fails_the_run_even_with_allow_skips(no_small_disk, monkeypatch):
    monkeypatch.setattr(h, "write_protected_folder_scenario", lambda tmux, folder: ["the notes changed"])
    assert kill_rounds.main([*NO_ROUNDS, "--allow-skips"]) == 1

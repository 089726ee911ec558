"""The real app in a real terminal: `closer open` run inside tmux, typed into, then ended.

Pilot tests drive the app in-process; these run `python -m closer_tui` as a user
would, in a 100x30 tmux pane, and check through the CLI (`closer export`,
`closer list`) what reached the disk. Each way a session can end is covered:
ctrl+q, SIGTERM (a shutdown, `kill`), and SIGHUP (the terminal closing, here
`tmux kill-session`). Typed text must survive all three, even when the end comes
before the 0.5 s autosave could run, and closer must actually end.

Every test starts its own tmux server (`tmux -L <unique name>`, no config file
but ours) and kills it afterwards, so a developer's own tmux is never touched.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from harness import CLOSING_ID, EXIT_TIMEOUT, SAMPLE_DATA, SAMPLE_IDS, Tmux, TmuxApp, run_closer, wait_for_end
from harness import open_dashboard as open_named_dashboard

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not on PATH: these tests run the app in a real tmux terminal"
)

SENTENCE = "Zoë will lead the 研究 review"  # an accented word and a non-Latin one
KEYS_READ_PAUSE = 0.2  # time for the app to read keys already sent; far less than the autosave delay


# --- the closer CLI; tmux and processes come from tests/faults/harness.py ----------------


def closer(db: Path, *args: str) -> str:
    """Run a `closer` command to completion; its stdout. Fails the test on a non-zero exit."""
    done = run_closer(db, *args)
    assert done.returncode == 0, f"closer {' '.join(args)} exited {done.returncode}: {done.stderr}"
    return done.stdout


def exported(db: Path, partnership_id: str) -> dict:
    return json.loads(closer(db, "export", partnership_id, "--format", "json"))["partnerships"][0]


def current_stage_notes(record: dict) -> str:
    return record["close"]["stage_notes"].get(record["timer"]["stage"], "")


@pytest.fixture
def sample_db(tmp_path) -> Path:
    db = tmp_path / "data"
    closer(db, "import", str(SAMPLE_DATA))
    return db


@pytest.fixture
def tmux() -> Tmux:
    server = Tmux()
    yield server
    server.kill_server()


def open_dashboard(tmux: Tmux, db: Path, name: str = "closer", partnership_id: str = CLOSING_ID) -> TmuxApp:
    return open_named_dashboard(tmux, db, name, partnership_id)


# --- the tests ----------------------------------------------------------------------------


def test_ctrl_q_saves_the_text_typed(tmux, sample_db):
    before = current_stage_notes(exported(sample_db, CLOSING_ID))
    app = open_dashboard(tmux, sample_db)
    app.type(SENTENCE)
    app.press("C-q")  # at once, as after a paste: the quit must not overtake the keys sent before it
    app.wait_for_exit()

    assert current_stage_notes(exported(sample_db, CLOSING_ID)) == before + SENTENCE


def test_sigterm_right_after_typing_saves_the_text(tmux, sample_db):
    before = current_stage_notes(exported(sample_db, CLOSING_ID))
    app = open_dashboard(tmux, sample_db)
    app.type(SENTENCE)
    time.sleep(KEYS_READ_PAUSE)  # well before the autosave (0.5 s after the last key)
    os.kill(app.pid, signal.SIGTERM)
    app.wait_for_exit()

    assert current_stage_notes(exported(sample_db, CLOSING_ID)) == before + SENTENCE


def close_terminal_right_after_typing(tmux: Tmux, app: TmuxApp) -> None:
    app.type(SENTENCE)
    time.sleep(KEYS_READ_PAUSE)
    tmux.run("kill-session", "-t", f"={app.session}")  # the pty goes away: SIGHUP
    assert not app.session_exists()


def test_closing_the_terminal_right_after_typing_saves_the_text(tmux, sample_db):
    before = current_stage_notes(exported(sample_db, CLOSING_ID))
    app = open_dashboard(tmux, sample_db)
    close_terminal_right_after_typing(tmux, app)
    wait_for_end(app.pid, EXIT_TIMEOUT)  # whether it ends at all is the next test's business

    assert current_stage_notes(exported(sample_db, CLOSING_ID)) == before + SENTENCE


def test_closing_the_terminal_ends_the_app(tmux, sample_db):
    app = open_dashboard(tmux, sample_db)
    close_terminal_right_after_typing(tmux, app)

    assert wait_for_end(app.pid, EXIT_TIMEOUT), f"closer (pid {app.pid}) still runs {EXIT_TIMEOUT:g}s after SIGHUP"


def test_a_second_window_is_read_only_and_loses_nothing(tmux, sample_db):
    before = current_stage_notes(exported(sample_db, CLOSING_ID))
    first = open_dashboard(tmux, sample_db, "first")
    second = open_dashboard(tmux, sample_db, "second")
    second.wait_for_text("read-only")
    assert "read-only" not in first.screen().lower()

    first.type(SENTENCE)
    first.wait_for_text("研究 review")
    second.type("typed in the read-only window")
    first.press("C-q")
    first.wait_for_exit()
    second.press("C-q")  # quits last: must not write its stale copy over the first's save
    second.wait_for_exit()

    record = exported(sample_db, CLOSING_ID)
    assert current_stage_notes(record) == before + SENTENCE
    assert record["status"] == "closing"
    listed = json.loads(closer(sample_db, "list", "--json"))
    assert {row["id"] for row in listed} == set(SAMPLE_IDS)

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
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not on PATH: these tests run the app in a real tmux terminal"
)

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data" / "partnerships.json"
SAMPLE_IDS = {p["id"] for p in json.loads(SAMPLE_DATA.read_text(encoding="utf-8"))["partnerships"]}
CLOSING_ID = "c9tw2e"  # status "closing", on the Next steps stage, with notes already
SENTENCE = "Zoë will lead the 研究 review"  # an accented word and a non-Latin one
WIDTH, HEIGHT = 100, 30
START_TIMEOUT = 15.0
EXIT_TIMEOUT = 5.0  # closer normally ends within half a second
CLEANUP_GRACE = 2.0
KEYS_READ_PAUSE = 0.2  # time for the app to read keys already sent; far less than the autosave delay


# --- waiting -------------------------------------------------------------------


def wait_until(check, timeout: float, what, interval: float = 0.05):
    """Poll ``check()`` until it returns something truthy; fail with ``what()`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:g}s waiting for {what()}")
        time.sleep(interval)


# --- the closer CLI ------------------------------------------------------------------


def closer_argv(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "closer_tui", "--db", str(db), *args]


def closer(db: Path, *args: str) -> str:
    """Run a `closer` command to completion; its stdout. Fails the test on a non-zero exit."""
    done = subprocess.run(closer_argv(db, *args), capture_output=True, text=True, timeout=60)
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


# --- tmux ------------------------------------------------------------------------------


class Tmux:
    """A private tmux server: its own socket (in its own folder) and config, killed by :meth:`kill_server`."""

    def __init__(self, config: Path) -> None:
        self.socket = f"closer-test-{uuid.uuid4().hex[:8]}"
        # tmux leaves its socket behind; a short private folder (socket paths are limited
        # to about 100 bytes, too few for pytest's tmp_path) is removed with the server.
        self.socket_dir = Path(tempfile.mkdtemp(prefix="closer-tmux-"))
        self.config = config
        config.write_text(
            "set -g default-terminal xterm-256color\n"
            "set -g remain-on-exit on\n",  # a dead pane stays, showing what closer printed as it left
            encoding="utf-8",
        )
        self.env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
        self.env.update(TERM="xterm-256color", TMUX_TMPDIR=str(self.socket_dir))
        self.apps: list[TmuxApp] = []

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", str(self.config), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=10,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done

    def start(self, name: str, argv: list[str]) -> TmuxApp:
        self.run("new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), shlex.join(argv))
        app = TmuxApp(self, name)
        self.apps.append(app)
        return app

    def kill_server(self) -> None:
        """Kill the server (its panes get SIGHUP), then any closer it leaves behind."""
        self.run("kill-server", check=False)
        for app in self.apps:
            if app.pid and not wait_for_end(app.pid, CLEANUP_GRACE) and "closer_tui" in command_line(app.pid):
                os.kill(app.pid, signal.SIGKILL)
        shutil.rmtree(self.socket_dir, ignore_errors=True)


class TmuxApp:
    """One `closer` running in the only pane of a tmux session."""

    def __init__(self, tmux: Tmux, session: str) -> None:
        self.tmux = tmux
        self.session = session
        self.target = f"={session}:"  # exact session name, its current window and pane
        self.last_screen = ""
        self.pid = 0  # closer's process, once the app is up

    def display(self, fmt: str) -> str:
        return self.tmux.run("display-message", "-p", "-t", self.target, fmt).stdout.strip()

    def screen(self) -> str:
        self.last_screen = self.tmux.run("capture-pane", "-p", "-t", self.target).stdout
        return self.last_screen

    def wait_for_text(self, text: str, timeout: float = START_TIMEOUT) -> None:
        wait_until(
            lambda: text.lower() in self.screen().lower(),
            timeout,
            lambda: f"{text!r} on the screen; last screen:\n{self.last_screen}",
        )

    def type(self, text: str) -> None:
        self.tmux.run("send-keys", "-t", self.target, "-l", text)

    def press(self, key: str) -> None:
        self.tmux.run("send-keys", "-t", self.target, key)

    def app_pid(self) -> int:
        """The pid of the Python process running closer (the pane's process, or its child)."""
        pid = int(self.display("#{pane_pid}"))
        if "closer_tui" in command_line(pid):
            return pid
        children = [child for child in child_pids(pid) if "closer_tui" in command_line(child)]
        assert len(children) == 1, f"cannot find closer under pane process {pid} ({command_line(pid)!r})"
        return children[0]

    def wait_for_exit(self, timeout: float = EXIT_TIMEOUT) -> None:
        """Wait for closer to end and its pane to die; fail if it left an error on the screen.

        (Not #{pane_dead_status}: tmux 3.3a sometimes leaves it empty for good.)
        """
        wait_until(
            lambda: process_gone(self.pid) and self.display("#{pane_dead}") == "1",
            timeout,
            lambda: f"closer (pid {self.pid}) to exit; last screen:\n{self.screen()}",
        )
        left = self.screen()
        assert "Traceback" not in left and "closer: error" not in left, left

    def session_exists(self) -> bool:
        return self.tmux.run("has-session", "-t", f"={self.session}", check=False).returncode == 0


def command_line(pid: int) -> str:
    if not Path("/proc").is_dir():  # macOS, BSD: ask ps
        return subprocess.run(["ps", "-o", "args=", "-p", str(pid)], capture_output=True, text=True).stdout
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:  # already gone
        return ""


def child_pids(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(line) for line in found.split()]


def wait_for_end(pid: int, timeout: float) -> bool:
    """Whether ``pid`` ended within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not process_gone(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def process_gone(pid: int) -> bool:
    """True once ``pid`` has exited (a zombie waiting for its parent counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return status.rpartition(")")[2].split()[0] == "Z"


@pytest.fixture
def tmux(tmp_path) -> Tmux:
    server = Tmux(tmp_path / "tmux.conf")
    yield server
    server.kill_server()


def open_dashboard(tmux: Tmux, db: Path, name: str = "closer", partnership_id: str = CLOSING_ID) -> TmuxApp:
    app = tmux.start(name, closer_argv(db, "open", partnership_id))
    app.wait_for_text("discussed")  # the dashboard's "N of 30 discussed" line
    app.pid = app.app_pid()
    return app


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
    assert {row["id"] for row in listed} == SAMPLE_IDS

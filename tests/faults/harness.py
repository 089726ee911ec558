"""Fault injection: the real closer in a real terminal, killed, starved of disk, made read-only.

Used by ``tests/faults/kill_rounds.py`` (the long run) and by
``tests/terminal/test_faults.py`` (a short version in the test suite). Nothing
here needs pytest: every check returns a list of problems (empty when all is
well), and :class:`HarnessError` is raised only when the harness itself cannot
go on (tmux misbehaves, the app never shows its dashboard).

A round opens ``closer --db DIR open c9tw2e`` in a private tmux server, types
words into the current stage's notes at a steady pace (one key every 20-40 ms,
each key's send time recorded), ends the app at a random moment and then checks
the store from outside:

* it opens (``Store.open_reader``, as ``closer list`` does) and lists every
  sample partnership, and every one of them loads (``store.get``);
* every partnership but the one typed into is byte for byte as imported, and
  that one differs only in its notes and ``updated_at``;
* the saved notes are a prefix of everything typed so far, and nothing typed
  more than :data:`MAX_LOSS` seconds before a SIGKILL is missing (after SIGTERM
  or SIGHUP nothing may be missing but a key still in flight, sent less than
  :data:`SIGNAL_GRACE` before the signal).

The full-disk and read-only scenarios mount a small tmpfs: as root, or in a user and mount
namespace of their own (``unshare``), which needs no root (:func:`run_on_small_disk`).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from closer_tui.store import Store
from closer_tui.store.files import TEMP_SUFFIX
from closer_tui.store.lock import LOCK_NAME

REPO = Path(__file__).resolve().parents[2]
SAMPLE_DATA = REPO / "sample_data" / "partnerships.json"
SAMPLE_IDS = [p["id"] for p in json.loads(SAMPLE_DATA.read_text(encoding="utf-8"))["partnerships"]]
CLOSING_ID = "c9tw2e"  # status "closing", on the Next steps stage, with notes already
RECORDS = "partnerships"
WIDTH, HEIGHT = 100, 30
START_TIMEOUT = 20.0  # closer shows its dashboard in about a second; a loaded machine may need more
EXIT_TIMEOUT = 5.0
MAX_LOSS = 1.0  # seconds of typing a SIGKILL may take away
# A key sent less than this before SIGTERM/SIGHUP may still be on its way (tmux, the pty, the
# app's input thread) when the signal lands: measured, a key sent 0.1 ms before is lost about
# one time in fifteen, one sent 10 ms before never (0 of 80). Older keys must all be saved.
SIGNAL_GRACE = 0.010
PACE = (0.020, 0.040)  # seconds between keys: a fast, steady typist
KILL_WINDOW = (0.0, 4.0)  # the kill comes this many seconds after typing starts
WORDS = (
    "goal grant review mentor next step draft lab meeting paper write lead plan submit team data "
    "Zoë José café naïve 研究 Siobhán Αλεξάνδρα Дмитрий"
).split()
WORDS_PER_LINE = 12  # Enter after about this many words: notes come in lines, not one endless line


class HarnessError(AssertionError):
    """The harness cannot carry on (the app did not start, tmux failed, ...)."""


# --- waiting and processes -----------------------------------------------------------


def wait_until(check, timeout: float, what, interval: float = 0.05):
    """Poll ``check()`` until it returns something truthy; raise HarnessError with ``what()`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise HarnessError(f"timed out after {timeout:g}s waiting for {what()}")
        time.sleep(interval)


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return subprocess.run(["ps", "-o", "args=", "-p", str(pid)], capture_output=True, text=True).stdout


def child_pids(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(line) for line in found.split()]


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


def wait_for_end(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not process_gone(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


# --- the closer CLI -------------------------------------------------------------------


def closer_argv(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "closer_tui", "--db", str(db), *args]


def run_closer(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(closer_argv(db, *args), capture_output=True, text=True, timeout=60)


def closer(db: Path, *args: str) -> str:
    done = run_closer(db, *args)
    if done.returncode != 0:
        raise HarnessError(f"closer {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def prepare_store(db: Path) -> None:
    closer(db, "import", str(SAMPLE_DATA))


# --- tmux --------------------------------------------------------------------------------


class Tmux:
    """A private tmux server (own socket folder, own config); :meth:`kill_server` ends it and its apps."""

    def __init__(self) -> None:
        self.socket = f"closer-faults-{uuid.uuid4().hex[:8]}"
        self.socket_dir = Path(tempfile.mkdtemp(prefix="closer-tmux-"))  # short: socket paths are limited
        self.config = self.socket_dir / "tmux.conf"
        self.config.write_text(
            "set -g default-terminal xterm-256color\n"
            "set -g remain-on-exit on\n",  # a dead pane stays, showing what closer printed as it left
            encoding="utf-8",
        )
        # Not COLUMNS and LINES either: the pane's size is the app's (a process that used curses, such
        # as pytest, may have set them in its C environment, which subprocesses inherit).
        self.env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE", "COLUMNS", "LINES")}
        self.env.update(TERM="xterm-256color", TMUX_TMPDIR=str(self.socket_dir))
        self.apps: list[TmuxApp] = []

    def __enter__(self) -> Tmux:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill_server()

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", str(self.config), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=10,
        )
        if check and done.returncode != 0:
            raise HarnessError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done

    def start(self, name: str, argv: list[str]) -> TmuxApp:
        self.run("new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), shlex.join(argv))
        app = TmuxApp(self, name)
        self.apps.append(app)
        return app

    def kill_server(self) -> None:
        self.run("kill-server", check=False)
        for app in self.apps:
            if app.pid and not wait_for_end(app.pid, 2.0) and "closer_tui" in command_line(app.pid):
                os.kill(app.pid, signal.SIGKILL)
        shutil.rmtree(self.socket_dir, ignore_errors=True)


class TmuxApp:
    """One `closer` running in the only pane of a tmux session."""

    def __init__(self, tmux: Tmux, session: str) -> None:
        self.tmux = tmux
        self.session = session
        self.target = f"={session}:"
        self.last_screen = ""
        self.pid = 0

    def display(self, fmt: str) -> str:
        return self.tmux.run("display-message", "-p", "-t", self.target, fmt).stdout.strip()

    def screen(self) -> str:
        self.last_screen = self.tmux.run("capture-pane", "-p", "-t", self.target).stdout
        return self.last_screen

    def final_screen(self) -> str:
        """The screen and the lines above it: when the pane dies, tmux may scroll what closer
        printed as it ended out of sight to write "Pane is dead"."""
        self.last_screen = self.tmux.run("capture-pane", "-p", "-S", "-", "-t", self.target).stdout
        return self.last_screen

    def screen_words(self) -> str:
        """The screen as one line of words: text wrapped in a toast or a box can still be found."""
        return flatten(self.screen())

    def wait_for_text(self, text: str, timeout: float = START_TIMEOUT) -> None:
        wanted = flatten(text).lower()
        wait_until(
            lambda: wanted in self.screen_words().lower(),
            timeout,
            lambda: f"{text!r} on the screen; last screen:\n{self.last_screen}",
        )

    def type(self, text: str) -> None:
        self.tmux.run("send-keys", "-t", self.target, "-l", text)

    def press(self, key: str) -> None:
        self.tmux.run("send-keys", "-t", self.target, key)

    def app_pid(self) -> int:
        pid = int(self.display("#{pane_pid}"))
        if "closer_tui" in command_line(pid):
            return pid
        children = [child for child in child_pids(pid) if "closer_tui" in command_line(child)]
        if len(children) != 1:
            raise HarnessError(f"cannot find closer under pane process {pid} ({command_line(pid)!r})")
        return children[0]

    def pane_dead(self) -> bool:
        return self.display("#{pane_dead}") == "1"

    def wait_for_exit(self, timeout: float = EXIT_TIMEOUT) -> None:
        """Wait for closer to end and its pane to die; fail if it left an error on the screen.

        (Not #{pane_dead_status}: tmux 3.3a sometimes leaves it empty for good.)
        """
        wait_until(
            lambda: process_gone(self.pid) and self.pane_dead(),
            timeout,
            lambda: f"closer (pid {self.pid}) to exit; last screen:\n{self.screen()}",
        )
        left = self.final_screen()
        if "Traceback" in left or "closer: error" in left:
            raise HarnessError(left)

    def session_exists(self) -> bool:
        return self.tmux.run("has-session", "-t", f"={self.session}", check=False).returncode == 0

    def kill_session(self) -> None:
        self.tmux.run("kill-session", "-t", f"={self.session}", check=False)


BOX_DRAWING = re.compile("[\u2500-\u259f]")  # borders and blocks around toasts, panels and editors


def flatten(text: str) -> str:
    return " ".join(BOX_DRAWING.sub(" ", text).split())


def open_dashboard(tmux: Tmux, db: Path, name: str, partnership_id: str = CLOSING_ID) -> TmuxApp:
    app = tmux.start(name, closer_argv(db, "open", partnership_id))
    app.wait_for_text("discussed")  # the dashboard's "N of 30 discussed" line
    app.pid = app.app_pid()
    return app


# --- typing ----------------------------------------------------------------------------------


def keys(rng: random.Random) -> Iterator[str]:
    """An endless stream of single characters: words, spaces, now and then a new line."""
    words = 0
    while True:
        yield from rng.choice(WORDS)
        words += 1
        if words % WORDS_PER_LINE == 0:
            yield "\n"
        else:
            yield " "


@dataclass
class Key:
    char: str
    sent: float  # time.monotonic() once tmux had taken the key


def type_until(app: TmuxApp, rng: random.Random, stop_at: float, pace: tuple[float, float] = PACE) -> list[Key]:
    """Type at a steady pace until ``stop_at`` (monotonic); return when ``stop_at`` has come."""
    typed: list[Key] = []
    due = time.monotonic()
    for char in keys(rng):
        if due >= stop_at:
            break
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        if char == "\n":
            app.press("Enter")
        else:
            app.type(char)
        typed.append(Key(char, time.monotonic()))
        due = max(due, time.monotonic()) + rng.uniform(*pace)
    pause = stop_at - time.monotonic()
    if pause > 0:
        time.sleep(pause)
    return typed


# --- the store, seen from outside --------------------------------------------------------------


@dataclass
class Baseline:
    """The store as imported: file bytes of every record, and the record typed into."""

    files: dict[str, bytes]
    closing: dict
    stage: str

    @classmethod
    def take(cls, db: Path) -> Baseline:
        files = {pid: record_file(db, pid).read_bytes() for pid in SAMPLE_IDS}
        with Store.open_reader(db) as store:
            closing = store.get(CLOSING_ID).to_dict()
        return cls(files, closing, closing["timer"]["stage"])

    def notes(self) -> str:
        return self.closing["close"]["stage_notes"].get(self.stage, "")


def record_file(db: Path, partnership_id: str) -> Path:
    return db / RECORDS / f"{partnership_id}.json"


def temp_files(db: Path) -> list[Path]:
    return sorted([*db.glob(f".*{TEMP_SUFFIX}"), *(db / RECORDS).glob(f".*{TEMP_SUFFIX}")])


def without_notes(record: dict, stage: str) -> dict:
    record = json.loads(json.dumps(record))
    record.pop("updated_at", None)
    record["close"]["stage_notes"].pop(stage, None)
    return record


def check_store(db: Path, baseline: Baseline) -> tuple[str | None, list[str]]:
    """Open the store as a reader would; (the notes typed into, problems found)."""
    problems: list[str] = []
    try:
        store = Store.open_reader(db)
    except Exception as error:  # noqa: BLE001 - any failure to open is the finding
        return None, [f"the store does not open: {type(error).__name__}: {error}"]
    notes = None
    with store:
        problems += [f"store problem: {problem}" for problem in store.problems]
        listed = {row["id"] for row in store.summaries()}
        if listed != set(SAMPLE_IDS):
            problems.append(f"the store lists {sorted(listed)}, expected {sorted(SAMPLE_IDS)}")
        for pid in SAMPLE_IDS:
            try:
                record = store.get(pid).to_dict()
            except Exception as error:  # noqa: BLE001
                problems.append(f"partnership {pid} does not load: {type(error).__name__}: {error}")
                continue
            if pid == CLOSING_ID:
                notes = record["close"]["stage_notes"].get(baseline.stage, "")
                if without_notes(record, baseline.stage) != without_notes(baseline.closing, baseline.stage):
                    problems.append(f"partnership {pid} changed beyond its {baseline.stage} notes")
            elif record_file(db, pid).read_bytes() != baseline.files[pid]:
                problems.append(f"partnership {pid} was never opened yet its file changed")
    return notes, problems


def check_cli_lists_everything(db: Path) -> list[str]:
    done = run_closer(db, "list", "--json")
    if done.returncode != 0:
        return [f"closer list --json exited {done.returncode}: {done.stderr.strip()}"]
    listed = {row["id"] for row in json.loads(done.stdout)}
    if listed != set(SAMPLE_IDS):
        return [f"closer list --json lists {sorted(listed)}"]
    return []


def plant_stale_temp_files(db: Path) -> list[Path]:
    """Half-written temp files, as a writer killed mid-write leaves them, with its pid still in the lock
    file (only a release empties it; pid 99999 never runs closer here)."""
    planted = [
        db / RECORDS / f".{CLOSING_ID}.json.99999{TEMP_SUFFIX}",
        db / f".index.json.99999{TEMP_SUFFIX}",
    ]
    for path in planted:
        path.write_bytes(b'{"_closer":{"1":{"schema":1,"kind":"partn')
    (db / LOCK_NAME).write_text("99999\n")
    return planted


# --- one round ------------------------------------------------------------------------------------


@dataclass
class Round:
    number: int
    ending: str  # SIGKILL, SIGTERM or SIGHUP
    after: float = 0.0  # seconds of typing before the end
    typed: int = 0  # keys sent this round
    saved: int = 0  # of them, how many reached the disk
    lost_seconds: float = 0.0  # age at the end of the oldest key missing from the disk
    temp_files_left: int = 0
    planted: bool = False
    seconds: float = 0.0  # the whole round, start to checks
    problems: list[str] = field(default_factory=list)
    notes: str = field(default="", repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def line(self) -> str:
        lost = self.typed - self.saved
        text = (
            f"round {self.number:3d} {self.ending:<7} after {self.after:4.2f}s: typed {self.typed:3d},"
            f" saved {self.saved:3d}, lost {lost:2d} ({self.lost_seconds:4.2f}s)"
        )
        if self.temp_files_left:
            text += f", {self.temp_files_left} temp file(s) left"
        if self.planted:
            text += ", stale temp files planted"
        text += f"  [{self.seconds:4.1f}s] " + ("ok" if self.ok else "FAIL: " + "; ".join(self.problems))
        return text

    def summary(self) -> dict:
        return {
            "round": self.number,
            "ending": self.ending,
            "after": round(self.after, 3),
            "typed": self.typed,
            "saved": self.saved,
            "lost_seconds": round(self.lost_seconds, 3),
            "temp_files_left": self.temp_files_left,
            "problems": self.problems,
        }


def run_round(
    tmux: Tmux,
    db: Path,
    baseline: Baseline,
    before: str,
    rng: random.Random,
    number: int,
    ending: str = "SIGKILL",
    *,
    plant: bool = False,
    window: tuple[float, float] = KILL_WINDOW,
    cli_check: bool = False,
) -> Round:
    """Open the dashboard, type, end the app with ``ending``, check the store.

    ``before`` is the notes on disk at the start of the round: whatever is saved
    afterwards must be ``before`` plus a prefix of what was typed.
    """
    started = time.monotonic()
    result = Round(number, ending, planted=plant)
    planted = plant_stale_temp_files(db) if plant else []
    if planted:  # a reader must not trip over them either
        _, problems = check_store(db, baseline)
        result.problems += [f"with stale temp files planted: {problem}" for problem in problems]
    app = open_dashboard(tmux, db, f"round{number}")
    result.problems += [f"stale temp file {path.name} survived the app's start" for path in planted if path.exists()]

    typing_from = time.monotonic()
    end_at = typing_from + rng.uniform(*window)
    typed = type_until(app, rng, end_at)
    ended = time.monotonic()
    if ending == "SIGKILL":
        os.kill(app.pid, signal.SIGKILL)
    elif ending == "SIGTERM":
        os.kill(app.pid, signal.SIGTERM)
    elif ending == "SIGHUP":
        app.kill_session()  # the terminal goes away: the kernel sends SIGHUP
    else:
        raise ValueError(ending)
    result.after = ended - typing_from
    result.typed = len(typed)
    if not wait_for_end(app.pid, EXIT_TIMEOUT):
        result.problems.append(f"closer (pid {app.pid}) still runs {EXIT_TIMEOUT:g}s after {ending}")
        os.kill(app.pid, signal.SIGKILL)
        wait_for_end(app.pid, EXIT_TIMEOUT)
    if ending == "SIGTERM":
        with contextlib.suppress(HarnessError):
            wait_until(app.pane_dead, 2.0, lambda: "the pane to die")
            left = app.final_screen()
            if "Traceback" in left or "closer: error" in left:
                result.problems.append(f"closer left an error on the screen: {flatten(left)[:300]}")
    app.kill_session()

    result.temp_files_left = len(temp_files(db))
    notes, problems = check_store(db, baseline)
    result.problems += problems
    if cli_check:
        result.problems += check_cli_lists_everything(db)
    if notes is not None:
        result.notes = notes
        result.problems += judge_loss(result, before, typed, notes, ended, ending)
    result.seconds = time.monotonic() - started
    return result


def judge_loss(result: Round, before: str, typed: list[Key], notes: str, ended: float, ending: str) -> list[str]:
    """The notes must be ``before`` + a prefix of ``typed``; how much is missing, and is it too much?"""
    expected = before + "".join(key.char for key in typed)
    if not notes.startswith(before):
        return [f"notes saved before this round were lost or changed: had {len(before)} chars, now {notes[-60:]!r}"]
    if not expected.startswith(notes):
        at = next((i for i, (a, b) in enumerate(zip(notes, expected)) if a != b), min(len(notes), len(expected)))
        return [
            f"saved notes are not a prefix of what was typed: they differ at char {at}:"
            f" saved {notes[at - 20 : at + 20]!r}, typed {expected[at - 20 : at + 20]!r}"
        ]
    result.saved = len(notes) - len(before)
    missing = typed[result.saved :]
    result.lost_seconds = ended - missing[0].sent if missing else 0.0
    if ending == "SIGKILL":
        if result.lost_seconds > MAX_LOSS:
            return [f"{len(missing)} keys lost, the oldest sent {result.lost_seconds:.2f}s before the kill (limit {MAX_LOSS:g}s)"]
    elif missing and result.lost_seconds > SIGNAL_GRACE:
        return [f"{len(missing)} keys lost to {ending}, the oldest sent {result.lost_seconds:.3f}s before it"]
    return []


# --- a small disk of our own ------------------------------------------------------------------------


class Unavailable(Exception):
    """This machine cannot stage the fault (no mount namespace and not root, no chattr, ...)."""


@contextlib.contextmanager
def tmpfs(path: Path, size: str = "256k") -> Iterator[Path]:
    """Mount a small tmpfs at ``path`` (root, or root of a user namespace); unmount it afterwards."""
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise Unavailable(done.stderr.strip() or f"mount exited {done.returncode}")
    try:
        yield path
    finally:
        if subprocess.run(["umount", str(path)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(path)], capture_output=True)


def remount_read_only(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True, capture_output=True)


# A user may mount a tmpfs in a mount namespace of their own, inside a user namespace where they
# are root (Linux 3.8+, unless the distribution turns unprivileged user namespaces off): so the
# small-disk scenarios run without root. The whole scenario (tmux, closer, the checks) runs in
# there, since nothing outside sees the mount; the mount goes away with the namespace.
IN_NAMESPACE = ["unshare", "--user", "--map-root-user", "--mount"]
NAMESPACE_EXIT_UNAVAILABLE = 3


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def can_mount_tmpfs() -> tuple[bool, str]:
    """Whether :func:`tmpfs` works in this process (root), and if not, why."""
    if not is_root():
        return False, "mounting a tmpfs in this process needs root"
    if shutil.which("mount") is None or shutil.which("umount") is None:
        return False, "no mount command (util-linux)"
    probe = Path(tempfile.mkdtemp(prefix="closer-mount-probe-"))
    try:
        with tmpfs(probe, "64k"):
            pass
    except Unavailable as error:
        return False, f"cannot mount a tmpfs: {error}"
    finally:
        with contextlib.suppress(OSError):
            probe.rmdir()
    return True, ""


def can_mount_in_a_namespace() -> tuple[bool, str]:
    """Whether a tmpfs can be mounted in a user and mount namespace of our own, and if not, why."""
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False, "no unshare or mount command (util-linux)"
    probe = Path(tempfile.mkdtemp(prefix="closer-mount-probe-"))
    try:
        done = subprocess.run(
            [*IN_NAMESPACE, "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        with contextlib.suppress(OSError):
            probe.rmdir()
    if done.returncode != 0:
        return False, f"cannot mount a tmpfs in a user namespace: {done.stderr.strip() or done.returncode}"
    return True, ""


def small_disk_method() -> str:
    """How this machine can give a scenario a small disk ("namespace" or "root"); Unavailable if it cannot."""
    in_namespace, why_not_namespace = can_mount_in_a_namespace()
    if in_namespace:
        return "namespace"
    as_root, why_not_root = can_mount_tmpfs()
    if as_root:
        return "root"
    raise Unavailable(f"{why_not_namespace}; {why_not_root}")


def run_on_small_disk(name: str, workdir: Path, method: str | None = None) -> list[str]:
    """Run the scenario ``name`` of :data:`SMALL_DISK_SCENARIOS` on a 256 KiB tmpfs of its own, in a
    private tmux server; its problems (an empty list when all went well)."""
    method = method or small_disk_method()
    workdir.mkdir(parents=True, exist_ok=True)
    if method == "root":
        with tmpfs(workdir / "disk", "256k") as mount, Tmux() as tmux:
            return SMALL_DISK_SCENARIOS[name](tmux, mount)
    done = subprocess.run(
        [*IN_NAMESPACE, sys.executable, str(Path(__file__).resolve()), name, str(workdir)],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode == NAMESPACE_EXIT_UNAVAILABLE:
        raise Unavailable(done.stderr.strip())
    if done.returncode != 0:
        return [f"harness: the scenario in a namespace exited {done.returncode}: {done.stderr.strip()[-2000:]}"]
    return json.loads(done.stdout)


def namespace_main(argv: list[str]) -> int:
    """``python harness.py SCENARIO WORKDIR``, run by :func:`run_on_small_disk` inside the namespace:
    the scenario's problems as JSON on stdout."""
    name, workdir = argv
    try:
        with tmpfs(Path(workdir) / "disk", "256k") as mount, Tmux() as tmux:
            try:
                problems = SMALL_DISK_SCENARIOS[name](tmux, mount)
            except HarnessError as error:
                problems = [f"harness: {error}"]
    except Unavailable as error:
        print(error, file=sys.stderr)
        return NAMESPACE_EXIT_UNAVAILABLE
    print(json.dumps(problems, ensure_ascii=False))
    return 0


def fill_disk(folder: Path) -> Path:
    """Write a file until the disk is full, to the last byte; delete it to free the space."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for chunk in (65536, 4096, 1):
            while True:
                try:
                    os.write(fd, b"\0" * chunk)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    break
    finally:
        os.close(fd)
    return filler


# --- scenarios on a small disk -------------------------------------------------------------------------

FULL_DISK_TEXT = " written while the disk was full"
NO_SPACE = "No space left on device"  # what the OS says, and closer passes on


def full_disk_scenario(tmux: Tmux, mount: Path) -> list[str]:
    """The disk fills during a session: a warning, the old file untouched, the text kept
    (the toast may hide it on screen: the retry that saves it once there is room shows it was kept)."""
    problems: list[str] = []
    db = mount / "data"
    prepare_store(db)
    baseline = Baseline.take(db)
    app = open_dashboard(tmux, db, "fulldisk")
    filler = fill_disk(mount)
    old = record_file(db, CLOSING_ID).read_bytes()

    app.type(FULL_DISK_TEXT)
    app.wait_for_text("NOT SAVED", timeout=5)  # the dashboard's #save-state
    app.wait_for_text(NO_SPACE, timeout=2)  # the toast says why
    if record_file(db, CLOSING_ID).read_bytes() != old:
        problems.append("the partnership file changed while the disk was full")
    if temp_files(db):
        problems.append(f"a failed save left temp files: {[p.name for p in temp_files(db)]}")
    notes, found = check_store(db, baseline)
    problems += [f"while full: {problem}" for problem in found]
    if notes != baseline.notes():
        problems.append("the notes on disk changed while the disk was full")

    filler.unlink()  # room again: the app retries every 2 s
    try:
        wait_until(
            lambda: (check_store(db, baseline)[0] or "").endswith(FULL_DISK_TEXT),
            6.0,
            lambda: "the retry to save the text once the disk had room",
        )
        app.wait_for_text("✓ saved", timeout=3)
    except HarnessError as error:
        problems.append(str(error))
    app.press("C-q")
    try:
        wait_until(lambda: process_gone(app.pid) and app.pane_dead(), EXIT_TIMEOUT, lambda: "closer to quit")
    except HarnessError as error:
        problems.append(str(error))
    notes, found = check_store(db, baseline)
    problems += found
    if notes != baseline.notes() + FULL_DISK_TEXT:
        problems.append(f"after quitting the notes end {(notes or '')[-60:]!r}")
    app.kill_session()
    return problems


def full_disk_at_start_scenario(tmux: Tmux, mount: Path) -> list[str]:
    """The disk is already full when closer starts. Either closer opens and, on the first save, says
    NOT SAVED and why (no space left on device), keeps the text and saves it once there is room; or
    it ends at once and says why. Ending without a word, or with a traceback, fails; nothing saved
    before may change."""
    problems: list[str] = []
    db = mount / "data"
    prepare_store(db)
    baseline = Baseline.take(db)
    filler = fill_disk(mount)
    app = tmux.start("fullstart", closer_argv(db, "open", CLOSING_ID))
    wait_until(
        lambda: "discussed" in app.screen() or app.pane_dead(),
        START_TIMEOUT,
        lambda: f"the dashboard or closer's end; last screen:\n{app.last_screen}",
    )
    screen = app.final_screen() if app.pane_dead() else app.screen()
    if "Traceback" in screen or "closer: error" in screen:
        problems.append(f"closer crashed on a full disk at start: {flatten(screen)[-300:]}")
    elif app.pane_dead():
        if NO_SPACE.lower() not in flatten(screen).lower():
            problems.append(f"closer ended on a full disk without saying why: {flatten(screen)[-300:]!r}")
    else:
        app.pid = app.app_pid()
        app.type(FULL_DISK_TEXT)
        for wanted in ("NOT SAVED", NO_SPACE):
            try:
                app.wait_for_text(wanted, timeout=5)
            except HarnessError as error:
                problems.append(str(error))
        filler.unlink()  # room again: the retry saves what was typed
        try:
            wait_until(
                lambda: (check_store(db, baseline)[0] or "").endswith(FULL_DISK_TEXT),
                6.0,
                lambda: "the retry to save the text once the disk had room",
            )
        except HarnessError as error:
            problems.append(str(error))
        app.press("C-q")
        try:
            wait_until(lambda: process_gone(app.pid), EXIT_TIMEOUT, lambda: "closer to quit")
        except HarnessError as error:
            problems.append(str(error))
    app.kill_session()
    with contextlib.suppress(FileNotFoundError):
        filler.unlink()
    notes, found = check_store(db, baseline)
    problems += found
    if notes is not None and not notes.startswith(baseline.notes()):
        problems.append("notes saved before were lost")
    return problems


READ_ONLY_TEXT = "typed into a read-only store"
READ_ONLY_MESSAGES = (
    "Read-only file system",  # the cause, from the OS
    "(is the folder read-only?)",  # what to check
    "Changes cannot be saved",
    "read-only: not saved",  # the dashboard's save state, on one line
)


def read_only_scenario(tmux: Tmux, mount: Path) -> list[str]:
    """A data folder on a read-only file system: a clear message at start, reading works, nothing changes."""
    problems: list[str] = []
    db = mount / "data"
    prepare_store(db)
    baseline = Baseline.take(db)
    remount_read_only(mount)

    app = open_dashboard(tmux, db, "readonly")
    for wanted in READ_ONLY_MESSAGES:
        try:
            app.wait_for_text(wanted, timeout=15)  # a liveness bound: a loaded machine starts slowly
        except HarnessError as error:
            problems.append(str(error))
    app.type(READ_ONLY_TEXT)
    time.sleep(0.3)
    if READ_ONLY_TEXT in app.screen_words():
        problems.append("the notes took typing in a read-only window")
    app.press("C-q")
    try:
        wait_until(lambda: process_gone(app.pid) and app.pane_dead(), EXIT_TIMEOUT, lambda: "closer to quit")
    except HarnessError as error:
        problems.append(str(error))
    left = app.final_screen()
    if "Traceback" in left or "closer: error" in left:
        problems.append(f"closer left an error on the screen: {flatten(left)[:300]}")
    app.kill_session()

    problems += check_cli_lists_everything(db)
    new = run_closer(db, "new", "--mentor", "A", "--mentee", "B")
    if new.returncode != 1 or "read-only" not in new.stderr or "Traceback" in new.stderr:
        problems.append(f"closer new on a read-only folder: exit {new.returncode}, {new.stderr.strip()!r}")
    notes, found = check_store(db, baseline)
    problems += found
    if notes != baseline.notes():
        problems.append("the notes changed in a read-only store")
    return problems


@contextlib.contextmanager
def immutable(*folders: Path) -> Iterator[None]:
    """No file may be created in or removed from ``folders``, though the files already there stay
    writable: ``chmod a-w`` on the folders does that for anyone but root; root, whom permissions do
    not stop, gets ``chattr +i`` (not on a tmpfs)."""
    if not is_root():
        modes = {folder: folder.stat().st_mode & 0o7777 for folder in folders}
        for folder in folders:
            folder.chmod(modes[folder] & ~0o222)
        try:
            yield
        finally:
            for folder, mode in modes.items():
                folder.chmod(mode)
        return
    names = [str(folder) for folder in folders]
    done = subprocess.run(["chattr", "+i", *names], capture_output=True, text=True)
    if done.returncode != 0:
        raise Unavailable(f"chattr +i does not work here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *names], capture_output=True)


def write_protected_folder_scenario(tmux: Tmux, folder: Path) -> list[str]:
    """A data folder where no file can be created (the files in it still writable): closer should say
    at start that it cannot save, as it does for a read-only file system; nothing on disk may change."""
    problems: list[str] = []
    db = folder / "data"
    prepare_store(db)
    baseline = Baseline.take(db)
    with immutable(db, db / RECORDS):
        app = open_dashboard(tmux, db, "protected")
        try:
            app.wait_for_text("read-only", timeout=2)
        except HarnessError:
            state = "NOT SAVED" if "NOT SAVED" in app.screen_words() else "saved"
            problems.append(f"no read-only message at start (the dashboard says {state!r})")
        app.type(READ_ONLY_TEXT)
        time.sleep(1.2)  # past the autosave
        for _ in range(2):  # a second ctrl+q quits despite a failed save
            if not process_gone(app.pid):
                app.press("C-q")
                wait_for_end(app.pid, 1.0)
        if not process_gone(app.pid):
            problems.append("closer did not quit")
        app.kill_session()
    notes, found = check_store(db, baseline)
    problems += found
    if notes != baseline.notes():
        problems.append("the notes on disk changed in a folder where nothing can be written")
    return problems


SMALL_DISK_SCENARIOS = {
    "full_disk_during_session": full_disk_scenario,
    "full_disk_at_start": full_disk_at_start_scenario,
    "read_only_file_system": read_only_scenario,
}


if __name__ == "__main__":
    sys.exit(namespace_main(sys.argv[1:]))

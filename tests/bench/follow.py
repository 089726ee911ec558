"""Benchmark: how fast and how cheaply does the audience view follow the facilitator?

Run it from the repository root::

    python tests/bench/follow.py              # 10 and 10,000 partnerships, three rounds, 60 s idle
    python tests/bench/follow.py --quick      # 10 and 1,000, two rounds, 15 s idle: a smoke run
    python tests/bench/follow.py --sizes 10,5000 --rounds 4 --idle-seconds 30

What is measured
----------------
The audience view runs as it really runs: ``python -m closer_tui --db DB present ID``
in a pseudo-terminal of its own (200x60 by default, ``--audience-size``), started
and read by a small watcher process, the stand-in for the terminal window that
would draw it. The watcher strips escape sequences from everything the view
writes and notes, on ``CLOCK_MONOTONIC`` (the clock of ``time.perf_counter`` on
Linux, shared by every process), when a text first reaches the screen. The
facilitator's app runs in this process, headless, typed into exactly as
``tests/bench/keystrokes.py`` types (its ``run_case``, ``Recorder`` and typing
plan are reused): opened from the list of every partnership, the close timer
started, then a warm-up burst and four bursts of realistic notes at 30-70 ms a
key, with autosave on (a save 0.5 s after the first unsaved key).

1. **Keystroke to the audience's screen.** In the typing plan, every word of
   five letters or more is replaced by a marker of the same length
   (``zq``, digits, ``x``: ``zq07x``, ``zq0012x``), so the timing and the text's
   wrapping stay those of keystrokes.py. Per marker: from ``t0`` of the key that
   completes it (the ``x``: the feeder thread's ``perf_counter`` at the moment
   it hands the key to the driver) to the watcher's read of the output that
   first holds the whole marker. The path measured is the facilitator's save
   timer, the save, the audience's stat poll (0.1 s), its read of the file, its
   frame and the bytes reaching the terminal. Two parts are reported beside it:
   ``key_to_saved`` (to the end of the first record write that started after the
   key was handled, timed by wrapping ``Store.save_record``) and
   ``saved_to_shown`` (from there to the screen). A marker that never shows
   counts as missed and fails the target. Target: p95 at most 1 s at every size.
2. **An idle audience view's CPU.** A view of the edited partnership with its
   close timer running (the clock ticks every second: the busiest idle view),
   and at the same time a view of another partnership whose timer is paused, in
   a store of the largest size, nobody typing: from the first frame (the
   partners' names on the screen), the process's ``utime + stime`` from
   ``/proc/<pid>/stat`` before and after ``--idle-seconds`` (60 s; 15 s with
   ``--quick``), as a percent of one core. Target: under 2 % (timer running).
3. **The facilitator's keystrokes with an audience view following.** The same
   runs as 1., measured as keystrokes.py measures (key dispatch to the end of
   the frame showing it) and compared with a bare TextArea typed the same plan
   in the same rounds (cases taking turns, the order rotating), no audience for
   the bare app. Target unchanged: closer's median and p95 within 1.2x the bare
   app's. ``busy`` and ``cpu`` figures are in the report, as in keystrokes.py:
   on a busy machine compare those.

A run is one round. The JSON report goes to stdout (``cases`` with the figures,
``verdicts`` with each target's verdict over all runs and run by run, as
tests/bench/verdicts.py builds them: a run with a missed marker, or whose typing
did not end up as typed, fails), progress, a table and the verdicts to stderr. The exit code is
0 whether or not the targets are met: this is a report, not a test. Every
store, setting and process lives in a temporary folder and is removed at the
end, on failure too.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

MARKER = re.compile(r"zq\d+x")
# Escape sequences a terminal consumes: CSI, OSC, DCS/APC/PM/SOS strings, and the two-byte ones.
ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[P_^X][^\x1b]*\x1b\\|[ -/]*[0-OQ-WYZ\\`-~])")
CARRY = 256  # characters of shown text kept between reads, so a text split across two reads is found


def monotonic() -> float:
    return time.clock_gettime(time.CLOCK_MONOTONIC)


class ScreenText:
    """What a terminal would show of a stream of output, as text, read a chunk at a time.

    Escape sequences are dropped; one cut by the end of a chunk is kept back for the next,
    and the last characters of shown text are carried over, so that a marker split across
    two reads is still found whole.
    """

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""
        self._carry = ""

    def feed(self, data: bytes) -> str:
        """The shown text of this chunk, after the carried-over end of the earlier ones."""
        text = self._pending + self._decoder.decode(data)
        self._pending = ""
        cut = text.rfind("\x1b")
        if cut != -1 and not ESCAPE.match(text, cut) and len(text) - cut < 4096:
            text, self._pending = text[:cut], text[cut:]
        shown = self._carry + ESCAPE.sub("", text)
        self._carry = shown[-CARRY:]
        return shown


# --- the watcher: a terminal for the audience view (a process of its own) ------------------


def watch(db: str, partnership_id: str, ready_text: str, columns: int, rows: int) -> int:
    """Run ``closer present`` in a pty; say on stdout when ``ready_text`` and each marker first show.

    Lines written: ``pid N``, ``ready T``, ``seen MARKER T``, ``exited CODE``. Stops (and
    ends the view) at a line ``stop`` or the end of stdin, that is when the benchmark ends
    or dies.
    """
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
    view = subprocess.Popen(
        [sys.executable, "-m", "closer_tui", "--db", db, "present", partnership_id],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        cwd=Path(__file__).resolve().parents[2],  # the checkout's closer, as the rest of the benchmark runs
        close_fds=True,
        start_new_session=True,  # its own terminal, as in a window of its own
    )
    os.close(follower)

    def say(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    say(f"pid {view.pid}")
    screen, ready, seen = ScreenText(), False, set()
    commands = sys.stdin.fileno()
    try:
        while True:
            readable, _, _ = select.select([leader, commands], [], [], 1.0)
            if leader in readable:
                try:
                    data = os.read(leader, 1 << 20)
                except OSError:  # the view ended: its side of the pty closed
                    data = b""
                now = monotonic()
                if not data:
                    say(f"exited {view.wait(timeout=10)}")
                    return 0
                shown = screen.feed(data)
                if not ready and ready_text in shown:
                    ready = True
                    say(f"ready {now!r}")
                for marker in MARKER.findall(shown):
                    if marker not in seen:
                        seen.add(marker)
                        say(f"seen {marker} {now!r}")
            if commands in readable:
                line = os.read(commands, 1024)
                if not line or b"stop" in line:
                    return 0
    finally:
        end_view(view, leader)


def end_view(view: subprocess.Popen, leader: int) -> None:
    if view.poll() is None:
        try:
            os.write(leader, b"q")  # as the facilitator closes it
            view.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            view.kill()
            view.wait()
    os.close(leader)


if __name__ == "__main__" and sys.argv[1:2] == ["--watch"]:  # the watcher starts light: no Textual, no closer
    _, _, _db, _id, _ready, _columns, _rows = sys.argv
    sys.exit(watch(_db, _id, _ready, int(_columns), int(_rows)))


import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import keystrokes  # noqa: E402  (tests/bench/keystrokes.py: the typing, the recorder, the bare app)
import store as bench_store  # noqa: E402  (tests/bench/store.py: records, stores, progress)
import verdicts  # noqa: E402  (tests/bench/verdicts.py: pass or fail, per run and over all runs)

from closer_tui.desk import Desk  # noqa: E402
from closer_tui.store import Store  # noqa: E402

DEFAULT_SIZES = keystrokes.DEFAULT_SIZES
QUICK_SIZES = keystrokes.QUICK_SIZES
DEFAULT_ROUNDS = keystrokes.DEFAULT_ROUNDS
QUICK_ROUNDS = keystrokes.QUICK_ROUNDS
IDLE_SECONDS = 60.0
QUICK_IDLE_SECONDS = 15.0
AUDIENCE_SIZE = (200, 60)  # the size of the video tile: the notes show about 24 lines of 98
MARKER_LETTERS = 5  # words this long or longer become markers: "zq" + at least two digits + "x"
READY_TIMEOUT = 60.0  # seconds for the view's first frame on a busy machine
SHOWN_TIMEOUT = 10.0  # seconds after the facilitator's app ends for the last markers to show
CONTROL_SUFFIX = "-no-audience"  # --control: closer typed into with no audience view, at the largest size
FOLLOW_TARGET_MS = 1000.0
IDLE_TARGET_PERCENT = 2.0


# --- what to type ------------------------------------------------------------------------


def marked_plan(plan: list[keystrokes.Stroke]) -> tuple[list[keystrokes.Stroke], dict[str, int]]:
    """The plan with every long enough word of the measured bursts replaced by a marker of the
    same length (same keys at the same times); each marker with the index of its last key."""
    strokes = list(plan)
    markers: dict[str, int] = {}
    start = None
    for index in range(len(strokes) + 1):
        letter = index < len(strokes) and strokes[index].measured and strokes[index].character.isalpha()
        if letter and start is None:
            start = index
        elif not letter and start is not None:
            length = index - start
            if length >= MARKER_LETTERS:
                marker = f"zq{len(markers):0{length - 3}d}x"
                assert len(marker) == length, "too many markers for the words' lengths"
                for offset, character in enumerate(marker):
                    old = strokes[start + offset]
                    key, char = keystrokes.key_for(character)
                    strokes[start + offset] = keystrokes.Stroke(old.at, key, char, old.measured, old.burst)
                markers[marker] = index - 1
            start = None
    return strokes, markers


# --- the audience view, seen from here ---------------------------------------------------


class AudienceProcess:
    """``closer present ID`` in a pty, through a watcher process; what showed when."""

    def __init__(self, db: Path, partnership_id: str, ready_text: str, size: tuple[int, int]) -> None:
        self.started = time.perf_counter()
        self.watcher = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--watch", str(db), partnership_id, ready_text, str(size[0]), str(size[1])],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.pid: int | None = None
        self.ready_at: float | None = None
        self.exited: str | None = None
        self.seen: dict[str, float] = {}
        self._buffer = b""

    def __enter__(self) -> AudienceProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read(self, timeout: float) -> None:
        stdout = self.watcher.stdout.fileno()
        readable, _, _ = select.select([stdout], [], [], max(0.0, timeout))
        if not readable:
            return
        data = os.read(stdout, 65536)
        if not data:
            self.exited = self.exited or f"watcher ended ({self.watcher.wait()})"
            return
        self._buffer += data
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            kind, _, rest = line.decode().partition(" ")
            if kind == "pid":
                self.pid = int(rest)
            elif kind == "ready":
                self.ready_at = float(rest)
            elif kind == "seen":
                marker, _, at = rest.partition(" ")
                self.seen[marker] = float(at)
            elif kind == "exited":
                self.exited = f"the audience view ended ({rest})"

    def _until(self, done, timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while not done() and self.exited is None and time.perf_counter() < deadline:
            self._read(deadline - time.perf_counter())
        return done()

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> float:
        """Seconds from starting the view to its first frame showing the partnership."""
        if not self._until(lambda: self.ready_at is not None and self.pid is not None, timeout):
            raise RuntimeError(f"the audience view showed no first frame in {timeout:.0f} s ({self.exited or 'no exit'})")
        return self.ready_at - self.started

    def wait_shown(self, markers: set[str], timeout: float = SHOWN_TIMEOUT) -> None:
        self._until(lambda: markers <= set(self.seen), timeout)

    def cpu_seconds(self) -> float:
        """The view's user + system CPU time so far (all its threads)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        if self.watcher.poll() is None:
            with contextlib.suppress(OSError):
                self.watcher.stdin.write(b"stop\n")
                self.watcher.stdin.close()
            try:
                self.watcher.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.watcher.kill()  # and so its stdin ends; a view left behind is ended below
                self.watcher.wait()
        if self.pid is not None and self._still_the_view():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, 9)  # the watcher could not end it (normally it is long gone)

    def _still_the_view(self) -> bool:
        """The view's pid still names the view (not a process that got its number since)."""
        try:
            return b"present" in Path(f"/proc/{self.pid}/cmdline").read_bytes()
        except OSError:
            return False


@contextlib.contextmanager
def recording_writes(into: list[tuple[float, float]]):
    """(start, end) of every record write (the autosave's ``Store.save_record``) while in the block."""
    save_record = Store.save_record

    def timed(self, record):
        start = time.perf_counter()
        try:
            return save_record(self, record)
        finally:
            into.append((start, time.perf_counter()))

    Store.save_record = timed
    try:
        yield into
    finally:
        Store.save_record = save_record


# --- measuring ---------------------------------------------------------------------------


def follow_samples(result: keystrokes.RunResult, markers: dict[str, int], seen: dict[str, float], writes: list[tuple[float, float]]) -> list[dict]:
    rec = result.recording
    samples = []
    for marker, index in markers.items():
        t0, handled = rec.sent[index], rec.handled[index]
        write_end = next((end for start, end in sorted(writes) if start >= handled), None)
        shown = seen.get(marker)
        samples.append(
            {
                "marker": marker,
                "latency_ms": None if shown is None else (shown - t0) * 1000,
                "key_to_saved_ms": None if write_end is None else (write_end - t0) * 1000,
                "saved_to_shown_ms": None if shown is None or write_end is None else (shown - write_end) * 1000,
            }
        )
    return samples


def summarise_follow(samples: list[dict], rounds: list[dict]) -> dict:
    shown = [s for s in samples if s["latency_ms"] is not None]
    summary = {
        "latency": keystrokes.describe([s["latency_ms"] for s in shown]) if shown else None,
        "missed": len(samples) - len(shown),
        "missed_markers": sorted({s["marker"] for s in samples if s["latency_ms"] is None}),
    }
    parts = [s for s in shown if s["saved_to_shown_ms"] is not None]
    if parts:
        summary["key_to_saved"] = keystrokes.describe([s["key_to_saved_ms"] for s in parts])
        summary["saved_to_shown"] = keystrokes.describe([s["saved_to_shown_ms"] for s in parts])
    summary["per_round_median_ms"] = [
        round(statistics.median(values), 1) if (values := [s["latency_ms"] for s in r["samples"] if s["latency_ms"] is not None]) else None
        for r in rounds
    ]
    summary["audience_first_frame_s"] = [round(r["first_frame_s"], 2) for r in rounds]
    summary["audience_cpu_percent_while_following"] = [round(r["cpu_percent"], 2) for r in rounds]
    summary["writes_per_run"] = [r["writes"] for r in rounds]
    return summary


def followed(case: keystrokes.Case) -> bool:
    """Whether an audience view follows this case's typing (not the bare app's, not the control's)."""
    return case.size is not None and not case.name.endswith(CONTROL_SUFFIX)


def type_into(case: keystrokes.Case, plan, bare_size, round_number: int, common: dict) -> keystrokes.RunResult:
    """One run of keystrokes.py's: the app opened, the plan typed, every key's latency recorded."""
    return bench_store.run_isolated(keystrokes.run_case(case, plan, bare_size=bare_size, round_number=round_number, **common))


def run_rounds(cases, plan, markers, record, common: dict, rounds: int, size: tuple[int, int], bare_size) -> tuple[dict, dict]:
    """Every case once a round, taking turns; closer's with an audience view following (but the control's)."""
    results: dict[str, list[keystrokes.RunResult]] = {case.name: [] for case in cases}
    follow: dict[int, list[dict]] = {case.size: [] for case in cases if followed(case)}
    ready_text = f"{record['mentee']} and {record['mentor']}"
    for round_number in range(rounds):
        shift = round_number % len(cases)
        for case in cases[shift:] + cases[:shift]:
            line = f"round {round_number + 1}/{rounds} {case.name:>24}:"
            if case.root is not None:
                keystrokes.reset_record(case.root, record)
            if not followed(case):
                result = type_into(case, plan, bare_size, round_number, common)
            else:
                with AudienceProcess(case.root, common["target_id"], ready_text, size) as audience, recording_writes([]) as writes:
                    first_frame = audience.wait_ready()
                    cpu_before, started = audience.cpu_seconds(), time.perf_counter()
                    result = type_into(case, plan, bare_size, round_number, common)
                    audience.wait_shown(set(markers))
                    cpu_percent = (audience.cpu_seconds() - cpu_before) / (time.perf_counter() - started) * 100
                samples = follow_samples(result, markers, audience.seen, writes)
                follow[case.size].append(
                    {"samples": samples, "first_frame_s": first_frame, "cpu_percent": cpu_percent, "writes": len(writes)}
                )
                latencies = [s["latency_ms"] for s in samples if s["latency_ms"] is not None]
                line += (
                    f" to the audience median {statistics.median(latencies):6.0f} ms, max {max(latencies):6.0f} ms,"
                    if latencies
                    else " to the audience: nothing shown,"
                ) + f" {len(samples) - len(latencies)} missed, audience CPU {cpu_percent:.1f} %;"
            results[case.name].append(result)
            key_median = statistics.median(s["latency_ms"] for s in keystrokes.key_samples(result) if s["measured"])
            bench_store.progress(f"{line} keys median {key_median:6.2f} ms, text {'ok' if result.text_ok else 'WRONG'}")
    return results, follow


def measure_idle(root: Path, running_id: str, paused_id: str, names: dict[str, str], seconds: float, size) -> dict:
    """Two views, nobody typing: one of a close whose timer runs, one whose timer is paused."""
    with Desk.for_writing(root, load_index=False) as desk:
        session = desk.open(running_id)
        if not session.toggle_timer():
            session.toggle_timer()
        desk.save()
    with contextlib.ExitStack() as stack:
        views = {
            state: stack.enter_context(AudienceProcess(root, pid, names[pid], size))
            for state, pid in (("clock_running", running_id), ("clock_paused", paused_id))
        }
        for view in views.values():
            view.wait_ready()
        before = {state: view.cpu_seconds() for state, view in views.items()}
        started = time.perf_counter()
        time.sleep(seconds)
        wall = time.perf_counter() - started
        after = {state: view.cpu_seconds() for state, view in views.items()}
        exited = {state: view.exited for state, view in views.items() if view.exited}
    if exited:
        raise RuntimeError(f"an idle audience view ended: {exited}")
    return {
        state: {
            "seconds": round(wall, 1),
            "cpu_seconds": round(after[state] - before[state], 3),
            "percent_of_one_core": round((after[state] - before[state]) / wall * 100, 3),
        }
        for state in views
    }


# --- reporting ---------------------------------------------------------------------------


def follow_verdicts(follow: dict[str, dict], rounds: dict[int, list[dict]], results: dict, idle: dict, idle_seconds: float) -> list[dict]:
    """The audience's targets: each size's p95 over all runs and run by run (a run with a marker
    that never showed, or whose typing did not end up as typed, fails), and the idle CPU (one run)."""
    rows = []
    for size, row in follow.items():
        latency = row["latency"]
        per_run = []
        for number, one in enumerate(rounds[int(size)]):
            shown = [s["latency_ms"] for s in one["samples"] if s["latency_ms"] is not None]
            missed = len(one["samples"]) - len(shown)
            typed_ok = results[f"closer-{size}"][number].text_ok
            per_run.append((verdicts.p95(shown) if shown else None, missed == 0 and typed_ok))
        rows.append(
            verdicts.verdict(
                f"keystroke to the audience's screen, {int(size):,} partnerships",
                "p95",
                latency["p95_ms"] if latency else None,
                FOLLOW_TARGET_MS,
                unit=" ms",
                runs=per_run,
                decimals=0,
            )
        )
    running = idle["clock_running"]["percent_of_one_core"]
    rows.append(
        verdicts.verdict(
            f"idle audience view, CPU over {idle_seconds:.0f} s, clock running (% of one core)",
            "mean",
            running,
            IDLE_TARGET_PERCENT,
            strict=True,
            runs=[(running, True)],
        )
    )
    return rows


def table(report: dict) -> str:
    lines = []
    for size, row in report["cases"]["follow"].items():
        latency, saved, shown = row["latency"], row.get("key_to_saved"), row.get("saved_to_shown")
        if latency:
            lines.append(
                f"{int(size):>6} partnerships: key to audience median {latency['median_ms']:.0f} ms, p95 {latency['p95_ms']:.0f},"
                f" max {latency['max_ms']:.0f} (n {latency['n']}, {row['missed']} missed)"
                + (f"; key to saved median {saved['median_ms']:.0f}, saved to shown median {shown['median_ms']:.0f}" if saved else "")
            )
        else:
            lines.append(f"{int(size):>6} partnerships: no marker reached the audience's screen")
    for state, row in report["cases"]["idle_audience"].items():
        lines.append(f"idle audience view, {state.replace('_', ' ')}: {row['percent_of_one_core']:.2f} % of one core over {row['seconds']:.0f} s")
    lines.append("")
    lines.append(keystrokes.table(report["cases"]["keystrokes"]).split("\n\n")[0])
    lines.append("")
    lines += verdicts.lines(report["verdicts"])
    pressure = report["settings"]["cpu_pressure_range"]
    if pressure:
        lines.append(f"CPU pressure from other processes during the runs: {pressure[0]:.0%}-{pressure[1]:.0%}")
    lines.append(f"wall time {report['wall_seconds']} s")
    return "\n".join(lines)


# --- command line ------------------------------------------------------------------------


def parse_size(text: str) -> tuple[int, int]:
    try:
        columns, rows = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 200x60") from None
    return columns, rows


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=keystrokes.parse_sizes, default=None, help="partnerships per store, default 10,10000")
    parser.add_argument("--quick", action="store_true", help="sizes 10,1000, two rounds, 15 s idle")
    parser.add_argument("--rounds", type=int, default=None, help=f"runs of each case (default {DEFAULT_ROUNDS})")
    parser.add_argument("--idle-seconds", type=float, default=None, help=f"idle CPU window (default {IDLE_SECONDS:.0f})")
    parser.add_argument("--audience-size", type=parse_size, default=AUDIENCE_SIZE, help="the audience's terminal, default 200x60")
    parser.add_argument(
        "--control",
        action="store_true",
        help="also type into closer at the largest size with no audience view, to tell the view's share of the keystroke figures",
    )
    parser.add_argument("--dir", type=Path, default=None, help="where to build the stores (default: the system temp folder)")
    args = parser.parse_args(argv)
    args.sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    args.rounds = args.rounds or (QUICK_ROUNDS if args.quick else DEFAULT_ROUNDS)
    args.idle_seconds = args.idle_seconds or (QUICK_IDLE_SECONDS if args.quick else IDLE_SECONDS)
    # What keystrokes.build_report reads: the typing as keystrokes.py does it by default.
    args.no_terminal_render, args.timer, args.open = False, "running", "list"
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if abs(time.perf_counter() - monotonic()) > 0.001:
        raise SystemExit("time.perf_counter is not CLOCK_MONOTONIC here: the two processes' times cannot be compared")
    started = time.perf_counter()
    plan, markers = marked_plan(keystrokes.typing_plan())
    bench_store.progress(f"{len(markers)} markers in {len(plan)} keys a run, {args.rounds} rounds")
    with tempfile.TemporaryDirectory(prefix="closer-follow-", dir=args.dir) as temp:
        keystrokes.private_home(Path(temp))
        roots, target_id, record, initial_text = keystrokes.build_stores(Path(temp), args.sizes)
        cases = [keystrokes.Case("bare", None)] + [keystrokes.Case(f"closer-{size}", size, roots[size]) for size in args.sizes]
        if args.control:
            largest = max(args.sizes)
            cases.append(keystrokes.Case(f"closer-{largest}{CONTROL_SUFFIX}", largest, roots[largest]))
        common = dict(target_id=target_id, initial_text=initial_text, terminal_render=True, start_timer=True, open_from="list")

        bench_store.progress("probing closer's notes size (an unmeasured run)")
        keystrokes.reset_record(cases[1].root, record)
        probe = type_into(cases[1], plan[: keystrokes.WARMUP_KEYS], None, -1, common)

        results, follow = run_rounds(cases, plan, markers, record, common, args.rounds, args.audience_size, probe.notes_size)

        largest = max(args.sizes)
        keystrokes.reset_record(roots[largest], record)
        other = next(p for p in bench_store.make_partnerships(min(args.sizes)) if p.status != "closed" and p.id != target_id)
        names = {target_id: f"{record['mentee']} and {record['mentor']}", other.id: f"{other.mentee} and {other.mentor}"}
        bench_store.progress(f"idle audience views at {largest:,} partnerships, {args.idle_seconds:.0f} s")
        idle = measure_idle(roots[largest], target_id, other.id, names, args.idle_seconds, args.audience_size)

    keys = keystrokes.build_report(cases, results, args, time.perf_counter() - started, keystrokes.machine_info())
    follow_cases = {
        str(size): summarise_follow([s for r in rounds for s in r["samples"]], rounds) for size, rounds in sorted(follow.items())
    }
    pressure = [p for runs in results.values() for r in runs if (p := r.cpu_pressure) is not None]
    report = {
        "benchmark": "follow",
        "machine": {**keystrokes.machine_info(), "load_average": [round(x, 2) for x in os.getloadavg()]},
        "settings": {
            "sizes": list(args.sizes),
            "rounds": args.rounds,
            "markers_per_run": len(markers),
            "audience_terminal": list(args.audience_size),
            "idle_seconds": args.idle_seconds,
            "cpu_pressure_range": [min(pressure), max(pressure)] if pressure else None,
        },
        "cases": {
            "follow": follow_cases,
            "idle_audience": idle,
            "keystrokes": {key: keys[key] for key in ("settings", "cases", "comparisons", "target_ratio", "verdicts", "meets_target", "wall_seconds")},
        },
    }
    # The facilitator's keystrokes are judged as keystrokes.py judges them; the control case (no
    # audience view) is a reference, not a target.
    typing = [row for row in keys["verdicts"] if not row["case"].endswith(CONTROL_SUFFIX)]
    for row in typing:
        row["what"] = row["what"].replace(" (x bare", ", audience view following (x bare")
    report["verdicts"] = follow_verdicts(follow_cases, follow, results, idle, args.idle_seconds) + typing
    report["meets_targets"] = all(row["met"] for row in report["verdicts"])
    report["wall_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    bench_store.progress("")
    bench_store.progress(table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Start-up of closer's real commands, as a user meets them, against a hello-world Textual app.

    python tests/bench/startup.py [--rounds 100] [--sizes 10,10000] [--memory-every 4]
    python tests/bench/startup.py --quick        # 5 rounds, 10 and 1,000 partnerships

Method. Each command runs as a user runs it: the installed ``closer`` script
(``closer --db DB open ID``, ``closer --db DB`` to the list, ``closer --db DB
present ID``, ``closer demo``) and ``tests/bench/hello_world.py`` are started by
the same interpreter, with the same environment (a fresh HOME, TERM=xterm-256color),
each in a new pseudo-terminal of 100x30. What is timed is spawn to the first frame
that shows what the user came for, read from the pty: "Evaluate" on the open
dashboard, the first partner's name in the list, the partnership's names in the
audience view, "Hello, world!" for the baseline. The process then gets its quit
key at once, except in the rounds that read its memory (below). One warm-up round
is not counted; then every round runs each command once, in an order that moves
round by round, so a slow moment of the machine falls on every command alike. Ratios are of figures from the same run. Before the first
round closer's modules are compiled to bytecode, as installing a wheel does; the
baseline's Textual was compiled when it was installed, and nothing else is done
to either process. Beside the wall time, the CPU time each process had used when
its first frame showed (all threads, from /proc/PID/task/*/schedstat) is reported:
it moves less than wall time when other jobs share the machine.

The app keeps the style sheets it has parsed in the user's cache folder (under the
run's HOME) for its next start (closer_tui/tui/style_cache.py), so every counted run
after the warm-up finds them, as a user's every start after the first does. Two
more cases, at the smallest size, remove them before each run (``open ID`` and the
list, "first start"): what a start just after installing costs, reported beside
the targets, not judged.

Memory, and exit. In every fourth round (``--memory-every``), after the first
frame the process is left until it settles (no CPU used for a while: what the
frame started has run), and its peak resident memory (VmHWM, read from /proc) is
taken; how long it then takes to end, from its quit key, is reported on a line of
its own, not counted in start-up. (Settling takes a second or more a run, so a
round that reads memory takes about twice as long as one that does not; reading
it in every round kept runs to 40 rounds, and 40 samples left a p95 to the two
slowest starts of each command.) The list holds the
whole index by then: it draws its first frame from the start of the index and
reads the whole of it just after; in the list, Enter then opens the first
partnership and the peak is taken again, once settled, on its dashboard.

Targets (issue 14, ratios to hello world, medians of the same run): ``closer open
ID`` at most 1.4x at every size, ``closer`` to the list and ``closer present ID``
at most 1.3x; peak memory with 10,000 partnerships listed (the largest store of the
run), and after opening one from that list, at most 1.5x. A target with a failed run is not met.

A JSON report on stdout; a table on stderr. Exit status 0 unless a run failed.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests" / "terminal"))
sys.path.insert(0, str(REPO))

from pty_session import PtySession  # noqa: E402
from store import build_closer_store, machine_info, make_partnerships  # noqa: E402

import verdicts  # noqa: E402  (tests/bench/verdicts.py)

import closer_tui  # noqa: E402
from closer_tui.desk import Desk  # noqa: E402
from closer_tui.listing import listing_order  # noqa: E402

DEFAULT_ROUNDS = 100
MEMORY_EVERY = 4  # rounds: peak memory (and exit time) read in one round of this many
QUICK_ROUNDS = 5
SIZE = (100, 30)
SETTLE_SECONDS = 0.4  # after a frame, at least, before the peak memory is read
QUIET_SECONDS = 0.3  # settled: this long with less than QUIET_CPU_MS of CPU used
QUIET_CPU_MS = 10.0
SETTLE_DEADLINE = 30.0
START_DEADLINE = 60.0  # a run that shows nothing by then has failed
QUIT = b"\x11"  # ctrl+q
TARGETS = {"open": 1.4, "list": 1.3, "present": 1.3}
MEMORY_TARGET = 1.5
SAMPLE_DATA = REPO / "sample_data" / "partnerships.json"


@dataclass
class Case:
    name: str
    command: str  # open, list, present, demo or hello
    label: str  # the command line, as a user types it
    size: int | None  # partnerships in the store
    args: list[str]
    shows: bytes  # what the first frame the user came for shows
    quit: bytes = QUIT
    then_open: bool = False  # the list: Enter opens the first partnership, for its memory
    first_start: bool = False  # closer's kept style sheets removed before each run: a start just after installing
    starts_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    exits_ms: list[float] = field(default_factory=list)
    peaks_kib: list[int] = field(default_factory=list)
    opened_peaks_kib: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def cpu_ms(pid: int) -> float:
    """CPU time the process has used so far, all its threads (schedstat: nanoseconds on a CPU). Less
    sensitive than wall time to other jobs on the machine: a second view of the same start-up."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as schedstat:
                total += int(schedstat.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass  # a thread that ended meanwhile
    return total / 1e6


def settle(session: PtySession) -> None:
    """Read the pty until the process has done what its last frame started (the list's reading of the
    whole index, say): at least SETTLE_SECONDS, then until it uses almost no CPU for QUIET_SECONDS."""
    session.drain(SETTLE_SECONDS)
    deadline = time.perf_counter() + SETTLE_DEADLINE
    while time.perf_counter() < deadline:
        before = cpu_ms(session.pid)
        session.drain(QUIET_SECONDS)
        if cpu_ms(session.pid) - before < QUIET_CPU_MS:
            return
    raise RuntimeError(f"the process was still busy {SETTLE_DEADLINE:.0f} s after its frame")


def peak_kib(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM), in KiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc: this benchmark needs Linux")


def run_once(case: Case, env: dict[str, str], *, memory: bool = True) -> None:
    """One run of a case: its start-up is added to it, and with ``memory`` its peak memory and exit
    time (or why it failed). Without, the quit key goes as soon as the frame shows."""
    if case.first_start:
        shutil.rmtree(Path(env["HOME"]) / ".cache" / "closer", ignore_errors=True)
    with PtySession(case.args, env=env, size=SIZE) as session:
        try:
            shown = session.wait_for(case.shows, timeout=START_DEADLINE)
            started_ms = (shown - session.started) * 1000
            cpu_at_first_frame = cpu_ms(session.pid)
            peak = opened_peak = None
            if memory:
                settle(session)
                peak = peak_kib(session.pid)
            if memory and case.then_open:
                mark = len(session.output)
                session.send(b"\r")
                session.wait_for(b"Evaluate", timeout=START_DEADLINE, since=mark)
                settle(session)
                opened_peak = peak_kib(session.pid)
            asked = time.perf_counter()
            session.send(case.quit)
            code = session.wait_exit(timeout=START_DEADLINE)
            exit_ms = (time.perf_counter() - asked) * 1000
            if code != 0:
                raise RuntimeError(f"exit status {code}; the output ended {bytes(session.output[-800:])!r}")
        except (TimeoutError, RuntimeError, OSError) as error:
            case.failures.append(str(error)[:1500])
            print(f"  {case.name} failed: {str(error)[:300]}", file=sys.stderr)
            return
    case.starts_ms.append(started_ms)
    case.cpu_ms.append(cpu_at_first_frame)
    if peak is not None:
        case.exits_ms.append(exit_ms)
        case.peaks_kib.append(peak)
    if opened_peak is not None:
        case.opened_peaks_kib.append(opened_peak)


# --- the stores and the commands ----------------------------------------------------


def build_store(root: Path, size: int) -> str:
    """A store of ``size`` partnerships through the store API (as `closer import` fills one); the id of the
    first one still open (the same at every size).
    Without fsync: the benchmark's throwaway data need not survive a power cut, and 10,000 files build 2x faster."""
    partnerships = make_partnerships(size)
    with mock.patch("os.fsync", lambda fd: None):
        build_closer_store(root, partnerships)
    return next(p.id for p in partnerships if p.status != "closed")


def first_listed(db: Path) -> dict:
    with Desk.for_reading(db) as desk:
        return min(desk.summaries(), key=listing_order)


def closer_script() -> Path:
    script = Path(sys.executable).with_name("closer")
    if not script.is_file():
        raise SystemExit(f"no closer script beside {sys.executable}: run this with the interpreter closer is installed in")
    return script


def bytes_on_disk(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def make_cases(sizes: tuple[int, ...], workdir: Path) -> list[Case]:
    python, closer = sys.executable, str(closer_script())
    cases = [Case("hello", "hello", "python hello_world.py", None, [python, str(HERE / "hello_world.py")], b"Hello, world!")]
    for size in sizes:
        started = time.perf_counter()
        db = workdir / f"store-{size}"
        pid = build_store(db, size)
        print(f"built a store of {size:,} partnerships in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        with Desk.for_reading(db) as desk:
            opened = desk.read(pid)
        first = first_listed(db)
        base = [python, closer, "--db", str(db)]
        cases += [
            Case(f"open_{size}", "open", "closer --db DB open ID", size, [*base, "open", pid], b"Evaluate"),
            Case(f"list_{size}", "list", "closer --db DB", size, base, first["mentee"].encode(), then_open=first["status"] != "closed"),
            Case(
                f"present_{size}",
                "present",
                "closer --db DB present ID",
                size,
                [*base, "present", pid],
                f"{opened.mentee} and {opened.mentor}".encode(),
                quit=b"q",
            ),
        ]
        if size == min(sizes):  # informational: every other run of the app finds the style sheets an earlier one kept
            cases += [
                Case(f"open_{size}_first", "open-first", "closer --db DB open ID, first start", size, [*base, "open", pid], b"Evaluate", first_start=True),
                Case(f"list_{size}_first", "list-first", "closer --db DB, first start", size, base, first["mentee"].encode(), first_start=True),
            ]
    sample = json.loads(SAMPLE_DATA.read_text(encoding="utf-8"))["partnerships"]
    demo_first = min(sample, key=listing_order)
    cases.append(Case("demo", "demo", "closer demo", len(sample), [python, closer, "demo"], demo_first["mentee"].encode()))
    return cases


def child_environment(home: Path) -> dict[str, str]:
    """The same for every command: the caller's, with a fresh home and no closer or Textual settings."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("CLOSER_", "TEXTUAL", "XDG_")) and name not in ("COLUMNS", "LINES", "NO_COLOR")
    }
    env |= {"HOME": str(home), "TERM": "xterm-256color"}
    return env


def measure(rounds: int, sizes: tuple[int, ...], workdir: Path, memory_every: int = MEMORY_EVERY) -> tuple[list[Case], float]:
    compileall.compile_dir(Path(closer_tui.__file__).parent, quiet=1)  # as installing the wheel does
    cases = make_cases(sizes, workdir)
    home = workdir / "home"
    home.mkdir()
    env = child_environment(home)
    started = time.perf_counter()
    for case in cases:  # warm-up: disk cache, bytecode; not counted
        run_once(case, env)
        case.starts_ms.clear(), case.cpu_ms.clear(), case.exits_ms.clear(), case.peaks_kib.clear(), case.opened_peaks_kib.clear()
    for number in range(rounds):
        shift = number % len(cases)
        for case in cases[shift:] + cases[:shift]:  # each round in a new order: no command always follows another
            run_once(case, env, memory=number % memory_every == 0)
        print(f"round {number + 1}/{rounds}", file=sys.stderr)
    return cases, time.perf_counter() - started


# --- the report -----------------------------------------------------------------------


def describe(samples: list[float]) -> dict:
    if not samples:
        return {"n": 0}
    return {
        "n": len(samples),
        "median": round(verdicts.median(samples), 1),
        "p95": round(verdicts.p95(samples), 1),
        "min": round(min(samples), 1),
        "max": round(max(samples), 1),
    }


def paired_ratios(case: Case, hello: Case) -> dict:
    """Each round's start-up over the hello world's of the same round: how much the ratio moves within the run."""
    ratios = sorted(c / h for c, h in zip(case.starts_ms, hello.starts_ms))
    if len(ratios) < 4:
        return {"n": len(ratios)}
    quartiles = statistics.quantiles(ratios, n=4, method="inclusive")
    return {"n": len(ratios), "median": round(quartiles[1], 2), "q1": round(quartiles[0], 2), "q3": round(quartiles[2], 2)}


def ratio_interval(case: Case, hello: Case) -> list[float]:
    """A 95 % bootstrap interval of median(case) / median(hello), resampling whole rounds (the two
    were measured side by side in each round, so a round is one draw): how far the figure may move."""
    pairs = list(zip(case.starts_ms, hello.starts_ms))
    if len(pairs) < 10:
        return []
    low, high = verdicts.paired_ratio_interval([c for c, _ in pairs], [h for _, h in pairs], "median", seed=14)
    return [round(low, 2), round(high, 2)]


def summarise(cases: list[Case]) -> dict:
    """Every case's figures, and a verdict (tests/bench/verdicts.py) per target: the median and the
    p95 of each start-up ratio, the median with its 95 % interval; the peak memory's median ratio."""
    hello = cases[0]
    hello_start, hello_peak = describe(hello.starts_ms), describe([k / 1024 for k in hello.peaks_kib])
    hello_cpu = describe(hello.cpu_ms)
    report_cases, judged = {}, []
    largest = max(case.size for case in cases if case.command == "list")  # the memory targets' size (10,000)
    for case in cases:
        start = describe(case.starts_ms)
        row = {
            "command": case.label,
            "partnerships": case.size,
            "shows": case.shows.decode(),
            "runs": len(case.starts_ms),
            "failures": case.failures,
            "start_ms": start,
            "cpu_ms_to_first_frame": describe(case.cpu_ms),
            "exit_ms": describe(case.exits_ms),
            "start_ms_by_round": [round(ms, 1) for ms in case.starts_ms],
            "peak_mib": describe([k / 1024 for k in case.peaks_kib]),
        }
        if case.opened_peaks_kib:
            row["peak_mib_after_opening_one"] = describe([k / 1024 for k in case.opened_peaks_kib])
        if case is not hello and start["n"] and hello_start["n"]:
            row["start_ratio"] = {"median": round(start["median"] / hello_start["median"], 2),
                                  "p95": round(start["p95"] / hello_start["p95"], 2)}
            row["start_ratio_by_round"] = paired_ratios(case, hello)
            row["start_ratio"]["median_95pc_interval"] = ratio_interval(case, hello)
            row["cpu_ratio"] = round(row["cpu_ms_to_first_frame"]["median"] / hello_cpu["median"], 2)
            row["memory_ratio"] = round(row["peak_mib"]["median"] / hello_peak["median"], 2)
        report_cases[case.name] = row
        intact = not case.failures  # a run that showed nothing, or did not quit cleanly, fails its targets
        limit = TARGETS.get(case.command)
        if limit is not None:
            ratio = row.get("start_ratio", {})
            interval = ratio.get("median_95pc_interval") or None
            what = f"start-up, `{row['command']}` at {case.size:,} partnerships (x hello world)"
            judged.append(verdicts.verdict(what, "median", ratio.get("median"), limit, unit="x", intact=intact,
                                           interval=tuple(interval) if interval else None))
            judged.append(verdicts.verdict(what, "p95", ratio.get("p95"), limit, unit="x", intact=intact))
        if case.command == "list" and case.size == largest:
            figures = [("the list shown", row["peak_mib"])]
            if "peak_mib_after_opening_one" in row:
                figures.append(("one opened from the list", row["peak_mib_after_opening_one"]))
            for what, peak in figures:
                ratio = round(peak["median"] / hello_peak["median"], 2) if peak["n"] else None
                judged.append(verdicts.verdict(
                    f"peak memory, {case.size:,} partnerships, {what} (x hello world; {peak.get('median')} MiB)",
                    "median", ratio, MEMORY_TARGET, unit="x", intact=intact,
                ))
    information = [{"what": "hello world to its first frame", "figure": f"{hello_start.get('median')} ms median, {hello_start.get('p95')} ms p95"}]
    for case in cases:
        row = report_cases[case.name]
        if case.first_start and "start_ratio" in row:
            information.append({
                "what": f"`{row['command']}` at {case.size:,} (no parsed style sheets kept yet, as just after installing)",
                "figure": f"{row['start_ms']['median']} ms median, {row['start_ratio']['median']}x hello world",
            })
    for row in report_cases.values():
        if row["exit_ms"]["n"]:
            at = f" at {row['partnerships']:,}" if row["partnerships"] else ""
            information.append({"what": f"exit, `{row['command']}`{at} (quit key to the process gone)", "figure": f"{row['exit_ms']['median']} ms median"})
    return {"cases": report_cases, "verdicts": judged, "information": information}


def table(report: dict) -> str:
    lines = [f"{'command':<32}{'start median':>13}{'p95':>8}{'x hello':>11}{'by round (q1-q3)':>18}{'CPU ms':>8}{'x':>6}{'peak MiB':>10}{'exit ms':>9}"]
    for row in report["cases"].values():
        start, ratio, rounds = row["start_ms"], row.get("start_ratio"), row.get("start_ratio_by_round", {})
        if not start["n"]:
            lines.append(f"{row['command'][:31]:<32}  every run failed")
            continue
        ratio_text = f"{ratio['median']:.2f}/{ratio['p95']:.2f}" if ratio else "1"
        spread = f"{rounds['median']:.2f} ({rounds['q1']:.2f}-{rounds['q3']:.2f})" if rounds.get("n", 0) >= 4 else ""
        size = f" [{row['partnerships']:,}]" if row["partnerships"] else ""
        cpu = row["cpu_ms_to_first_frame"]["median"]
        lines.append(
            f"{(row['command'] + size)[-31:]:<32}{start['median']:>10.0f} ms{start['p95']:>8.0f}{ratio_text:>11}{spread:>18}"
            f"{cpu:>8.0f}{row.get('cpu_ratio', 1):>6.2f}{row['peak_mib']['median']:>10.1f}{row['exit_ms']['median']:>9.0f}"
        )
    lines.append("")
    lines += verdicts.lines(report["verdicts"])
    lines += [f"{row['what']}: {row['figure']}" for row in report["information"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=None, help=f"counted rounds (default {DEFAULT_ROUNDS}; --quick: {QUICK_ROUNDS})")
    parser.add_argument("--sizes", default=None, help="store sizes, comma-separated (default 10,10000; --quick: 10,1000)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: few rounds, smaller stores")
    parser.add_argument("--memory-every", type=int, default=MEMORY_EVERY, help=f"read peak memory and exit time in one round of this many (default {MEMORY_EVERY})")
    args = parser.parse_args(argv)
    if args.memory_every < 1:
        parser.error("--memory-every must be 1 or more")
    rounds = args.rounds or (QUICK_ROUNDS if args.quick else DEFAULT_ROUNDS)
    sizes = tuple(int(s) for s in (args.sizes or ("10,1000" if args.quick else "10,10000")).split(","))
    with tempfile.TemporaryDirectory(prefix="closer-startup-") as workdir:
        cases, seconds = measure(rounds, sizes, Path(workdir), args.memory_every)
        disk = {str(size): bytes_on_disk(Path(workdir) / f"store-{size}") for size in sizes}
        report = {"machine": machine_info(Path(workdir)), "rounds": rounds, "memory_every": args.memory_every, "sizes": list(sizes), "pty": list(SIZE),
                  "wall_seconds": round(seconds, 1), "store_bytes_on_disk": disk} | summarise(cases)
        report["information"] += [
            {"what": f"store size on disk, {int(size):,} partnerships", "figure": f"{size_bytes / 2**20:.1f} MiB"} for size, size_bytes in disk.items()
        ]
    print(table(report), file=sys.stderr)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 1 if any(row["failures"] for row in report["cases"].values()) else 0  # a missed target is in the verdicts, exit 0


if __name__ == "__main__":
    sys.exit(main())

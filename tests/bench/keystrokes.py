"""Benchmark: how long does a keystroke in the notes take to reach the screen?

Run it from the repository root::

    python tests/bench/keystrokes.py              # closer at 10 and 10,000 partnerships vs a bare TextArea
    python tests/bench/keystrokes.py --quick      # closer at 10 and 1,000, two rounds: a smoke run
    python tests/bench/keystrokes.py --sizes 10,5000 --rounds 5
    python tests/bench/keystrokes.py --profile /tmp/closer-keys.pstats   # and profile one extra run

What is measured
----------------
The figure is the time from a key event's dispatch to the end of the first
screen update that shows it, measured inside the running app, with autosave on.
It is compared with the same TextArea (same text, same size, soft wrap) in a
bare Textual app, in the same run. Each app runs headless (``run_test``, 100x30)
and is typed into the way a terminal driver would do it, not through the test
harness's ``pilot.press`` (whose waits for idle add tens of milliseconds a
press and would hide any difference):

* A feeder thread plays a typing plan: a short unmeasured warm-up burst, then
  bursts of realistic text (sentences of mentoring notes, one paragraph per
  burst) at 30-70 ms between keys, separated by pauses. Each burst lasts
  several seconds, so autosaves (0.5 s after an edit, then again while typing
  goes on) fall inside it; the report counts them.
* ``t0``: the thread reads ``time.perf_counter()`` and at once calls
  ``driver.send_message(Key)``, exactly as Textual's input thread does.
* ``handled``: the TextArea's ``_replace_via_keyboard`` returned (the key is in
  the document). Keys are handled in the order sent, so the n-th edit is the
  n-th key.
* ``t1``: the end of ``App._display`` for the first frame whose compositor pass
  rendered the TextArea (``TextArea.render_lines``) after the key was handled:
  the first update that shows the key. Headless Textual skips turning the
  update into terminal escape sequences; this script does it (``render_segments``)
  before taking ``t1``, so the cost a real terminal would pay is counted.
  ``--no-terminal-render`` leaves that out.

Latency = ``t1 - t0``, the headline figure. It includes Textual's frame
pacing: the screen is updated from a 60 fps timer, so a key whose frame comes
less than ~16.7 ms after another frame (of any widget) waits for the next slot.
Two more figures show the work behind it:

* ``busy``: latency minus the time the event loop sat idle in ``select()``
  within that window: time spent running code (the key, other widgets, timers,
  the autosave thread holding the GIL) between the key and its frame.
* ``cpu``: the loop thread's CPU time over the same window (its CPU clock is
  read by the feeder thread at ``t0`` and by the loop at ``t1``). Unlike the
  wall-clock figures it hardly moves when other processes compete for the
  CPUs, so compare it when the machine is busy; the report gives the Linux CPU
  pressure (share of time some task waited for a CPU) measured during each run.
  ``cpu_breakdown_median_ms`` splits it: dispatch to handled, handled to the
  frame's start, the frame itself.

Per frame, the time in layout (``Compositor.reflow``), in rendering the update
and in building the terminal output is recorded, so slow keys can be put down
to layouts; full garbage collections and autosaves overlapping each key are
recorded too. Before each app starts, the objects earlier runs left behind are
frozen out of the garbage collector (``gc.freeze``), so a full collection
during a run costs what it would in that app alone.

Closer and the bare app are run in turns (the order rotates each round) so a
slow patch of the machine falls on every case alike. Stores are built once, as
in ``tests/bench/store.py`` (whose record builder is reused), and the edited
partnership is reset to its stored state before each run, so every run types
the same text into the same notes. closer runs with its settings in a private
temporary folder (default theme, shared-screen mode off). By default the close
timer is started (ctrl+t) before typing, as in a live close; ``--timer paused``
leaves it off. The partnership is opened as a facilitator would, from the list
of every partnership (Enter on its row), so at 10,000 partnerships that list,
10,000 rows, stays mounted under the dashboard while typing; ``--open id``
opens it as ``closer open ID`` does, without building the list. ``--profile FILE`` adds one more closer run at the largest size
under cProfile (the event-loop thread only) and prints its top functions.

The target: closer's median and p95 latency within 1.2 times the bare app's,
at every size. A run is one round: each case's app started once and typed
into. Each statistic is judged over all runs' keys together and, with the
bare app's run of the same round, for each run alone; a run in which closer
or the bare app did not end up with exactly the typed text (``text_ok``)
fails, and so does the target (``verdicts``, see tests/bench/verdicts.py).
The JSON report goes to stdout, a table and the verdicts to stderr; the exit
code is 0 whether or not the target is met: this is a report, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import contextlib
import copy
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import random
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


import store as bench_store  # noqa: E402  (tests/bench/store.py: realistic records, the store builder)
import verdicts  # noqa: E402  (tests/bench/verdicts.py: pass or fail, per run and over all runs)

import textual  # noqa: E402
import textual.constants  # noqa: E402
from textual import events  # noqa: E402
from textual._compositor import CompositorUpdate  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.keys import _character_to_key  # noqa: E402
from textual.widgets import TextArea  # noqa: E402

from closer_tui.tui.app import CloserApp  # noqa: E402
from closer_tui.model import Partnership  # noqa: E402
from closer_tui.tui.screens.dashboard import DashboardScreen  # noqa: E402
from closer_tui.tui.screens.partnerships import PartnershipsScreen  # noqa: E402
from closer_tui.tui.widgets.partnership_table import PartnershipTable  # noqa: E402
from closer_tui.store import Store  # noqa: E402
from closer_tui.tui.widgets.notes_editor import NotesEditor  # noqa: E402

DEFAULT_SIZES = (10, 10000)
QUICK_SIZES = (10, 1000)
DEFAULT_ROUNDS = 3
QUICK_ROUNDS = 2
SCREEN_SIZE = (100, 30)
TARGET_RATIO = 1.2
SEED = 20260302

WARMUP_KEYS = 25
BURSTS = 4
KEYS_PER_BURST = 100
GAP_RANGE = (0.030, 0.070)  # seconds between keys in a burst: 14-33 keys a second
PAUSE = 1.2  # seconds between bursts: an autosave completes in the quiet
SETTLE = 1.5  # seconds after the last key for the last autosave
STAGE = "evaluate"  # the notes the dashboard focuses on opening


# --- what to type -------------------------------------------------------------


@dataclass
class Stroke:
    at: float  # seconds after the plan starts
    key: str
    character: str
    measured: bool
    burst: int  # 0 is the warm-up


def key_for(character: str) -> tuple[str, str]:
    if character == "\n":
        return "enter", "\r"
    return _character_to_key(character), character


def typing_plan(seed: int = SEED, warmup: int = WARMUP_KEYS, bursts: int = BURSTS, per_burst: int = KEYS_PER_BURST) -> list[Stroke]:
    """The same plan for every app: a warm-up burst, then paragraphs of notes."""
    rng = random.Random(seed)
    strokes: list[Stroke] = []
    at = 0.0
    texts = [" " + bench_store.text_of_length(rng, warmup)[: warmup - 1]]
    texts += ["\n" + bench_store.text_of_length(rng, per_burst)[: per_burst - 1] for _ in range(bursts)]
    for burst, text in enumerate(texts):
        for character in text:
            key, char = key_for(character)
            strokes.append(Stroke(at, key, char, measured=burst > 0, burst=burst))
            at += rng.uniform(*GAP_RANGE)
        at += PAUSE
    return strokes


def typed_text(plan: list[Stroke]) -> str:
    return "".join("\n" if s.key == "enter" else s.character for s in plan)


# --- recording inside the app ---------------------------------------------------------


@dataclass
class Frame:
    end: float
    keys: int
    reflow_s: float
    update_widgets_s: float
    render_s: float
    terminal_s: float
    cpu_s: float  # the loop thread's CPU time from the frame's first compositor call to its end


@dataclass
class Recording:
    sent: list[float] = field(default_factory=list)  # t0, appended by the feeder thread
    sent_cpu: list[float] = field(default_factory=list)  # the loop thread's CPU clock at t0
    handled: list[float] = field(default_factory=list)
    handled_cpu: list[float] = field(default_factory=list)
    shown: list[float | None] = field(default_factory=list)
    frame_of_key: list[int | None] = field(default_factory=list)
    shown_cpu: list[float | None] = field(default_factory=list)  # the loop thread's CPU clock at t1
    frames: list[Frame] = field(default_factory=list)
    idle: list[tuple[float, float]] = field(default_factory=list)  # the loop waiting in select()
    saves: list[tuple[float, float]] = field(default_factory=list)  # store.save_record calls (autosave thread)
    collections: list[tuple[float, float, int]] = field(default_factory=list)  # garbage collections: start, end, generation


class Recorder:
    """Hooks on one running app: its loop's selector, the TextArea, the screen's compositor, App._display."""

    def __init__(self, app: App, text_area: TextArea, terminal_render: bool) -> None:
        self.app = app
        self.text_area = text_area
        self.terminal_render = terminal_render
        self.rec = Recording()
        self._waiting: list[int] = []  # keys handled, not rendered yet
        self._in_frame: list[int] = []  # keys whose TextArea lines this frame rendered
        self._acc = {"reflow": 0.0, "update_widgets": 0.0, "render": 0.0}
        self._frame_cpu_start: float | None = None
        self._undo: list[tuple[object, str]] = []
        self.expected = 0
        self._shown_count = 0
        self.all_shown = asyncio.Event()

    def _patch(self, target: object, name: str, wrapper) -> None:
        self._undo.append((target, name))
        setattr(target, name, wrapper)

    def install(self) -> None:
        perf = time.perf_counter
        rec, app, text_area = self.rec, self.app, self.text_area

        selector = asyncio.get_running_loop()._selector
        select = selector.select

        def timed_select(timeout=None):
            start = perf()
            try:
                return select(timeout)
            finally:
                rec.idle.append((start, perf()))

        self._patch(selector, "select", timed_select)

        replace = text_area._replace_via_keyboard

        def replace_via_keyboard(*args, **kwargs):
            result = replace(*args, **kwargs)
            rec.handled.append(perf())
            rec.handled_cpu.append(time.thread_time())
            self._waiting.append(len(rec.handled) - 1)
            return result

        self._patch(text_area, "_replace_via_keyboard", replace_via_keyboard)

        render_lines = text_area.render_lines

        def text_area_render_lines(crop):
            if self._waiting:
                self._in_frame.extend(self._waiting)
                self._waiting.clear()
            return render_lines(crop)

        self._patch(text_area, "render_lines", text_area_render_lines)

        compositor = app.screen._compositor
        for name, slot in (("reflow", "reflow"), ("reflow_visible", "reflow"), ("update_widgets", "update_widgets"), ("render_update", "render")):
            self._patch(compositor, name, self._accumulating(getattr(compositor, name), slot))

        display = app._display
        console = app.console

        def timed_display(screen, renderable):
            display(screen, renderable)
            if renderable is None or app._batch_count:
                return
            terminal = 0.0
            if self.terminal_render and app.is_headless and isinstance(renderable, CompositorUpdate):
                start = perf()
                renderable.render_segments(console)  # what _display does for a real terminal
                terminal = perf() - start
            end = perf()
            end_cpu = time.thread_time()
            frame_index = len(rec.frames)
            rec.frames.append(
                Frame(
                    end,
                    len(self._in_frame),
                    self._acc["reflow"],
                    self._acc["update_widgets"],
                    self._acc["render"],
                    terminal,
                    end_cpu - (self._frame_cpu_start if self._frame_cpu_start is not None else end_cpu),
                )
            )
            self._frame_cpu_start = None
            for slot in self._acc:
                self._acc[slot] = 0.0
            for key in self._in_frame:
                rec.shown[key] = end
                rec.shown_cpu[key] = end_cpu
                rec.frame_of_key[key] = frame_index
            self._shown_count += len(self._in_frame)
            self._in_frame.clear()
            if self.expected and self._shown_count >= self.expected:
                self.all_shown.set()

        self._patch(app, "_display", timed_display)

        self._gc_callback = bench_store.record_garbage_collections(rec.collections)

        desk = getattr(app, "desk", None)
        store = desk.store if desk is not None else None
        if store is not None:  # the autosave writes through the desk's store.save_record
            save = store.save_record

            def timed_save(*args, **kwargs):
                start = perf()
                try:
                    return save(*args, **kwargs)
                finally:
                    rec.saves.append((start, perf()))

            self._patch(store, "save_record", timed_save)

    def _accumulating(self, method, slot: str):
        perf = time.perf_counter

        def wrapper(*args, **kwargs):
            if self._frame_cpu_start is None:
                self._frame_cpu_start = time.thread_time()
            start = perf()
            try:
                return method(*args, **kwargs)
            finally:
                self._acc[slot] += perf() - start

        return wrapper

    def uninstall(self) -> None:
        with contextlib.suppress(ValueError):
            gc.callbacks.remove(self._gc_callback)
        for target, name in reversed(self._undo):
            with contextlib.suppress(AttributeError):
                delattr(target, name)
        self._undo.clear()

    async def type(self, plan: list[Stroke]) -> None:
        """Play the plan from a thread, as a terminal driver would, and wait for every key to be shown."""
        rec = self.rec
        self.expected = len(plan)
        rec.shown = [None] * len(plan)
        rec.frame_of_key = [None] * len(plan)
        rec.shown_cpu = [None] * len(plan)
        loop_cpu_clock = time.pthread_getcpuclockid(threading.get_ident())  # this coroutine runs on the loop thread
        driver = self.app._driver
        app = self.app
        start_at = time.perf_counter() + 0.05

        def feed() -> None:
            perf = time.perf_counter
            for stroke in plan:
                delay = start_at + stroke.at - perf()
                if delay > 0:
                    time.sleep(delay)
                event = events.Key(stroke.key, stroke.character)
                event.set_sender(app)
                rec.sent_cpu.append(time.clock_gettime(loop_cpu_clock))
                rec.sent.append(perf())
                driver.send_message(event)

        feeder = threading.Thread(target=feed, name="key-feeder", daemon=True)
        feeder.start()
        try:
            await asyncio.wait_for(self.all_shown.wait(), timeout=plan[-1].at + 30)
        finally:
            await asyncio.to_thread(feeder.join)


# --- the apps -----------------------------------------------------------------


class BareApp(App):
    """One TextArea and nothing else: the baseline."""

    def __init__(self, text: str, size: tuple[int, int] | None) -> None:
        super().__init__()
        self.text = text
        self.area_size = size

    def compose(self) -> ComposeResult:
        yield TextArea(self.text, soft_wrap=True, tab_behavior="focus")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        if self.area_size is not None:
            area.styles.width, area.styles.height = self.area_size
        area.focus()
        area.move_cursor(area.document.end)


async def wait_until(condition, timeout: float = 60.0, step: float = 0.02) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not reach the expected state")
        await asyncio.sleep(step)


@dataclass
class Case:
    name: str
    size: int | None  # partnerships in the store; None for the bare app
    root: Path | None = None


@dataclass
class RunResult:
    case: str
    round: int
    recording: Recording
    plan: list[Stroke]
    text_ok: bool
    notes_size: tuple[int, int]
    startup_s: float
    profile: pstats.Stats | None = None
    cpu_pressure: float | None = None  # share of the run during which some runnable task waited for a CPU


async def run_case(
    case: Case,
    plan: list[Stroke],
    *,
    target_id: str,
    initial_text: str,
    bare_size: tuple[int, int] | None,
    terminal_render: bool,
    start_timer: bool,
    open_from: str,
    round_number: int,
    profile: bool = False,
) -> RunResult:
    started = time.perf_counter()
    pressure_before = cpu_pressure_total()
    if case.size is None:
        app: App = BareApp(initial_text, bare_size)
    else:
        app = CloserApp(case.root, partnership_id=target_id if open_from == "id" else None, shared_screen=False)
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        if case.size is None:
            await wait_until(lambda: isinstance(app.focused, TextArea))
        else:
            if open_from == "list":  # as the facilitator does: the list of every partnership, then Enter on one
                await wait_until(lambda: isinstance(app.screen, PartnershipsScreen) and app.screen.query_one(PartnershipTable).row_count == case.size)
                app.screen.query_one(PartnershipTable).move_to(target_id)
                await pilot.press("enter")
            await wait_until(lambda: isinstance(app.screen, DashboardScreen) and isinstance(app.focused, NotesEditor))
            if start_timer:
                await pilot.press("ctrl+t")
        await pilot.pause(1.0)  # mount done, first autosave (if any) done
        startup = time.perf_counter() - started
        text_area = app.focused
        assert isinstance(text_area, TextArea)
        assert text_area.text == initial_text, "the notes do not hold the expected text"
        recorder = Recorder(app, text_area, terminal_render)
        recorder.install()
        profiler = cProfile.Profile() if profile else None
        try:
            if profiler:
                profiler.enable()
            await recorder.type(plan)
            await asyncio.sleep(SETTLE)  # let the last autosave land
        finally:
            if profiler:
                profiler.disable()
            recorder.uninstall()
        text_ok = text_area.text == initial_text + typed_text(plan)
        if case.size is not None:
            session = app.session
            text_ok = text_ok and session is not None and session.notes(STAGE) == text_area.text
        notes_size = (text_area.outer_size.width, text_area.outer_size.height)
    if case.size is not None and app.desk.written_revision == 0:
        text_ok = False
    stats = pstats.Stats(profiler, stream=io.StringIO()) if profiler else None
    pressure = None
    pressure_after = cpu_pressure_total()
    if pressure_before is not None and pressure_after is not None:
        pressure = round((pressure_after - pressure_before) / 1e6 / (time.perf_counter() - started), 3)
    return RunResult(case.name, round_number, recorder.rec, plan, text_ok, notes_size, startup, stats, pressure)


def cpu_pressure_total() -> float | None:
    """Microseconds during which some runnable task waited for a CPU (Linux PSI), or None."""
    try:
        for line in Path("/proc/pressure/cpu").read_text().splitlines():
            if line.startswith("some"):
                return float(line.rsplit("total=", 1)[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


# --- stores -----------------------------------------------------------------------


def build_stores(workdir: Path, sizes: tuple[int, ...]) -> tuple[dict[int, Path], str, dict, str]:
    """One closer store per size (the first N of the same records); the partnership typed into."""
    everyone = bench_store.make_partnerships(max(sizes))
    target = next(p for p in everyone[: min(sizes)] if p.status != "closed")  # in every store, opens the dashboard
    roots = {}
    for size in sizes:
        roots[size] = workdir / f"closer-{size}"
        seconds = bench_store.build_closer_store(roots[size], everyone[:size])
        bench_store.progress(f"{size:>6} partnerships: store built in {seconds:.1f} s")
    return roots, target.id, target.to_dict(), target.close.stage_notes.get(STAGE, "")


def private_home(workdir: Path) -> None:
    """Keep the runs away from the user's own closer settings (theme, shared-screen mode)."""
    for name, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
        (workdir / sub).mkdir(mode=0o700, exist_ok=True)
        os.environ[name] = str(workdir / sub)
    os.environ.pop("CLOSER_DB", None)


def reset_record(root: Path, record: dict) -> None:
    """Put the typed-into partnership back as it was built (status, notes, timer)."""
    with Store.open_writer(root) as store:
        store.save(Partnership.from_dict(copy.deepcopy(record)))


# --- analysis -----------------------------------------------------------------------


def percentile(ordered: list[float], q: int) -> float:
    if len(ordered) < 2:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[q - 1]


def describe(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(percentile(ordered, 95), 3),
        "p99_ms": round(percentile(ordered, 99), 3),
        "max_ms": round(ordered[-1], 3),
    }


def idle_between(idle: list[tuple[float, float]], starts: list[float], a: float, b: float) -> float:
    """Seconds the loop spent waiting in select() within [a, b]."""
    total = 0.0
    i = max(0, bisect.bisect_right(starts, a) - 1)
    while i < len(idle) and idle[i][0] < b:
        s, e = idle[i]
        total += max(0.0, min(e, b) - max(s, a))
        i += 1
    return total


def overlaps(intervals: list[tuple[float, float]], a: float, b: float) -> bool:
    return any(s < b and e > a for s, e in intervals)


def key_samples(result: RunResult) -> list[dict]:
    rec = result.recording
    assert len(rec.sent) == len(rec.handled) == len(result.plan), (len(rec.sent), len(rec.handled), len(result.plan))
    idle = sorted(rec.idle)
    starts = [s for s, _ in idle]
    samples = []
    for i, stroke in enumerate(result.plan):
        t0, handled, t1 = rec.sent[i], rec.handled[i], rec.shown[i]
        frame = rec.frames[rec.frame_of_key[i]]
        samples.append(
            {
                "measured": stroke.measured,
                "burst": stroke.burst,
                "t0": t0,
                "latency_ms": (t1 - t0) * 1000,
                "busy_ms": (t1 - t0 - idle_between(idle, starts, t0, t1)) * 1000,
                "cpu_ms": (rec.shown_cpu[i] - rec.sent_cpu[i]) * 1000,
                "cpu_to_handled_ms": (rec.handled_cpu[i] - rec.sent_cpu[i]) * 1000,
                "cpu_frame_ms": frame.cpu_s * 1000,
                "to_handled_ms": (handled - t0) * 1000,
                "frame_had_layout": frame.reflow_s > 0,
                "during_save": overlaps(rec.saves, t0, t1),
                "during_full_gc": overlaps([(s, e) for s, e, g in rec.collections if g == 2], t0, t1),
            }
        )
    return samples


def summarise_case(results: list[RunResult]) -> dict:
    samples = [s for r in results for s in key_samples(r) if s["measured"]]
    latency = [s["latency_ms"] for s in samples]
    busy = [s["busy_ms"] for s in samples]
    summary = {
        "latency": describe(latency),
        "busy": describe(busy),
        "cpu": describe([s["cpu_ms"] for s in samples]),
        "cpu_breakdown_median_ms": {
            "dispatch_to_handled": round(statistics.median(s["cpu_to_handled_ms"] for s in samples), 3),
            "handled_to_frame": round(statistics.median(s["cpu_ms"] - s["cpu_to_handled_ms"] - s["cpu_frame_ms"] for s in samples), 3),
            "frame": round(statistics.median(s["cpu_frame_ms"] for s in samples), 3),
        },
        "to_handled": describe([s["to_handled_ms"] for s in samples]),
        "per_round_median_ms": [round(statistics.median(s["latency_ms"] for s in key_samples(r) if s["measured"]), 3) for r in results],
        "text_ok": all(r.text_ok for r in results),
        "notes_size": list(results[0].notes_size),
        "startup_s": round(statistics.median(r.startup_s for r in results), 2),
        "cpu_pressure_per_round": [r.cpu_pressure for r in results],
    }
    with_layout = [s["latency_ms"] for s in samples if s["frame_had_layout"]]
    summary["keys_whose_frame_had_a_layout"] = {
        "share": round(len(with_layout) / len(samples), 3),
        **({"latency": describe(with_layout)} if with_layout else {}),
    }
    frames = [f for r in results for f in r.recording.frames]
    summary["frames"] = {
        "count": len(frames),
        "with_layout": sum(1 for f in frames if f.reflow_s > 0),
        "median_render_ms": round(statistics.median(f.render_s * 1000 for f in frames), 3),
        "median_terminal_ms": round(statistics.median(f.terminal_s * 1000 for f in frames), 3),
        "median_reflow_ms_when_laid_out": round(statistics.median([f.reflow_s * 1000 for f in frames if f.reflow_s > 0] or [0]), 3),
    }
    collections = [c for r in results for c in r.recording.collections]
    summary["garbage_collection"] = {}
    for generation in (0, 1, 2):
        durations = [(e - s) * 1000 for s, e, g in collections if g == generation]
        if durations:
            summary["garbage_collection"][f"gen{generation}"] = {
                "per_run": round(len(durations) / len(results), 1),
                "median_ms": round(statistics.median(durations), 3),
                "max_ms": round(max(durations), 3),
            }
    during_gc = [s["latency_ms"] for s in samples if s["during_full_gc"]]
    summary["keys_during_a_full_gc"] = {
        "share": round(len(during_gc) / len(samples), 3),
        **({"latency": describe(during_gc)} if during_gc else {}),
    }
    saves = [(r, s) for r in results for s in r.recording.saves]
    if saves:
        per_burst = []
        for r in results:
            ks = key_samples(r)
            for burst in sorted({s["burst"] for s in ks if s["measured"]}):
                in_burst = [s for s in ks if s["burst"] == burst]
                a, b = in_burst[0]["t0"], in_burst[-1]["t0"] + in_burst[-1]["latency_ms"] / 1000
                per_burst.append(sum(1 for s, e in r.recording.saves if s < b and e > a))
        during = [s["latency_ms"] for s in samples if s["during_save"]]
        summary["autosave"] = {
            "saves_per_run": [len(r.recording.saves) for r in results],
            "saves_per_burst": per_burst,
            "burst_seconds": round(statistics.median(burst_seconds(r.plan)), 2),
            "save_ms": describe([(e - s) * 1000 for _, (s, e) in saves]),
            "keys_during_a_save": {
                "share": round(len(during) / len(samples), 3),
                **({"latency": describe(during)} if during else {}),
            },
        }
    return summary


def burst_seconds(plan: list[Stroke]) -> list[float]:
    bursts: dict[int, list[float]] = {}
    for s in plan:
        if s.measured:
            bursts.setdefault(s.burst, []).append(s.at)
    return [max(v) - min(v) for v in bursts.values()]


def build_report(cases: list[Case], results: dict[str, list[RunResult]], args, wall: float, machine: dict) -> dict:
    per_case = {case.name: summarise_case(results[case.name]) for case in cases}
    bare = per_case["bare"]
    comparisons = {}
    for case in cases:
        if case.size is None:
            continue
        mine = per_case[case.name]
        comparisons[case.name] = {
            "median_ratio": round(mine["latency"]["median_ms"] / bare["latency"]["median_ms"], 3),
            "p95_ratio": round(mine["latency"]["p95_ms"] / bare["latency"]["p95_ms"], 3),
            "busy_median_ratio": round(mine["busy"]["median_ms"] / bare["busy"]["median_ms"], 3),
            "busy_p95_ratio": round(mine["busy"]["p95_ms"] / bare["busy"]["p95_ms"], 3),
            "cpu_median_ratio": round(mine["cpu"]["median_ms"] / bare["cpu"]["median_ms"], 3),
            "cpu_p95_ratio": round(mine["cpu"]["p95_ms"] / bare["cpu"]["p95_ms"], 3),
        }
    rows = comparison_verdicts(cases, results, comparisons)
    for case_name, comparison in comparisons.items():
        comparison["meets_target"] = all(row["met"] for row in rows if row["case"] == case_name)
    plan = typing_plan()
    return {
        "machine": machine,
        "settings": {
            "screen": list(SCREEN_SIZE),
            "rounds": args.rounds,
            "keys_per_run": len(plan),
            "measured_keys_per_run": sum(1 for s in plan if s.measured),
            "bursts": BURSTS,
            "gap_ms": [GAP_RANGE[0] * 1000, GAP_RANGE[1] * 1000],
            "pause_s": PAUSE,
            "terminal_render": not args.no_terminal_render,
            "timer": args.timer,
            "opened_from": args.open,
            "max_fps": textual.constants.MAX_FPS,
        },
        "cases": per_case,
        "comparisons": comparisons,  # per closer case, against the bare app
        "target_ratio": TARGET_RATIO,
        "verdicts": rows,
        "meets_target": all(row["met"] for row in rows),
        "wall_seconds": round(wall, 1),
    }


def measured_latencies(result: RunResult) -> list[float]:
    return [s["latency_ms"] for s in key_samples(result) if s["measured"]]


def comparison_verdicts(cases: list[Case], results: dict[str, list[RunResult]], comparisons: dict, what: str = "") -> list[dict]:
    """Median and p95 of each closer case against the bare app: over all runs, and run by run
    against the bare app's run of the same round; a run that lost typed text (either app's) fails."""
    rows = []
    bare_runs = results["bare"]
    for case in cases:
        if case.size is None:
            continue
        runs = list(zip(results[case.name], bare_runs))
        for statistic in ("median", "p95"):
            stat = verdicts.STATISTICS[statistic]
            per_run = [
                (stat(measured_latencies(mine)) / stat(measured_latencies(bare)), mine.text_ok and bare.text_ok) for mine, bare in runs
            ]
            row = verdicts.verdict(
                f"keystroke latency, {case.name}{what} (x bare TextArea)",
                statistic,
                comparisons[case.name][f"{statistic}_ratio"],
                TARGET_RATIO,
                runs=per_run,
            )
            rows.append({**row, "case": case.name})
    return rows


def table(report: dict) -> str:
    lines = [
        f"{'case':>13} | {'latency median':>14} {'p95':>7} {'p99':>7} | {'busy med':>8} {'p95':>6} |"
        f" {'cpu med':>7} {'p95':>6} | {'x bare: med':>11} {'p95':>5} {'cpu med':>7} {'p95':>5} | saves/burst",
        "-" * 122,
    ]
    for name, row in report["cases"].items():
        lat, busy, cpu = row["latency"], row["busy"], row["cpu"]
        cmp = report["comparisons"].get(name)
        ratio = (
            f"{cmp['median_ratio']:>11.2f} {cmp['p95_ratio']:>5.2f} {cmp['cpu_median_ratio']:>7.2f} {cmp['cpu_p95_ratio']:>5.2f}"
            if cmp
            else f"{'':>11} {'':>5} {'':>7} {'':>5}"
        )
        saves = row.get("autosave", {}).get("saves_per_burst")
        saves_text = f"{min(saves)}-{max(saves)}" if saves else "-"
        lines.append(
            f"{name:>13} | {lat['median_ms']:>11.2f} ms {lat['p95_ms']:>7.2f} {lat['p99_ms']:>7.2f} |"
            f" {busy['median_ms']:>8.2f} {busy['p95_ms']:>6.2f} | {cpu['median_ms']:>7.2f} {cpu['p95_ms']:>6.2f} | {ratio} | {saves_text}"
        )
    pressure = [p for row in report["cases"].values() for p in row["cpu_pressure_per_round"] if p is not None]
    lines += [
        "",
        "times in ms; latency = key dispatch to the end of the frame showing it; busy = latency minus the loop's idle waits;",
        "cpu = the loop thread's CPU time over the same window (robust to other processes competing for the CPUs)",
        "",
        *verdicts.lines(report["verdicts"]),
        "",
        f"{report['settings']['measured_keys_per_run']} measured keys per run in {report['settings']['bursts']} bursts,"
        f" {report['settings']['rounds']} rounds; wall time {report['wall_seconds']} s",
    ]
    if pressure:
        lines.append(
            f"CPU pressure from other processes (share of time some task waited for a CPU): {min(pressure):.0%}-{max(pressure):.0%}"
            + ("; latency figures are noisy, compare cpu" if max(pressure) > 0.1 else "")
        )
    return "\n".join(lines)


def print_profile(stats: pstats.Stats, limit: int = 40) -> None:
    stream = io.StringIO()
    stats.stream = stream
    stats.sort_stats("cumulative").print_stats(limit)
    bench_store.progress(stream.getvalue())


# --- command line ---------------------------------------------------------------------


def parse_sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(sorted({int(part) for part in text.replace(" ", ",").split(",") if part}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of numbers like 10,10000") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("give one or more sizes, each 1 or more")
    return sizes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=None, help="partnerships per store, default 10,10000")
    parser.add_argument("--quick", action="store_true", help="sizes 10,1000 and two rounds")
    parser.add_argument("--rounds", type=int, default=None, help=f"runs of each case (default {DEFAULT_ROUNDS})")
    parser.add_argument("--timer", choices=("running", "paused"), default="running", help="close timer while typing")
    parser.add_argument(
        "--open",
        choices=("list", "id"),
        default="list",
        help="open the partnership from the list (which stays mounted under the dashboard) or by id (`closer open ID`: no list)",
    )
    parser.add_argument("--no-terminal-render", action="store_true", help="do not build terminal output for each frame")
    parser.add_argument("--profile", type=Path, default=None, help="also profile one closer run at the largest size; pstats to this file")
    parser.add_argument("--dir", type=Path, default=None, help="where to build the stores (default: the system temp folder)")
    args = parser.parse_args(argv)
    if args.sizes is None:
        args.sizes = QUICK_SIZES if args.quick else DEFAULT_SIZES
    if args.rounds is None:
        args.rounds = QUICK_ROUNDS if args.quick else DEFAULT_ROUNDS
    return args


def machine_info() -> dict:
    return {
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "textual": textual.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    plan = typing_plan()
    with tempfile.TemporaryDirectory(prefix="closer-keys-", dir=args.dir) as temp:
        private_home(Path(temp))
        roots, target_id, record, initial_text = build_stores(Path(temp), args.sizes)
        cases = [Case("bare", None)] + [Case(f"closer-{size}", size, roots[size]) for size in args.sizes]
        common = dict(
            target_id=target_id,
            initial_text=initial_text,
            terminal_render=not args.no_terminal_render,
            start_timer=args.timer == "running",
            open_from=args.open,
        )

        # Size the bare TextArea like closer's notes, so only the app around it differs.
        bench_store.progress("probing closer's notes size (an unmeasured run)")
        reset_record(roots[min(args.sizes)], record)
        probe = bench_store.run_isolated(run_case(cases[1], plan[:WARMUP_KEYS], bare_size=None, round_number=-1, **common))
        bare_size = probe.notes_size
        bench_store.progress(f"notes area {bare_size[0]}x{bare_size[1]}: the bare TextArea gets the same size")

        results: dict[str, list[RunResult]] = {case.name: [] for case in cases}
        for round_number in range(args.rounds):
            shift = round_number % len(cases)
            for case in cases[shift:] + cases[:shift]:
                if case.root is not None:
                    reset_record(case.root, record)
                result = bench_store.run_isolated(run_case(case, plan, bare_size=bare_size, round_number=round_number, **common))
                results[case.name].append(result)
                median = statistics.median(s["latency_ms"] for s in key_samples(result) if s["measured"])
                bench_store.progress(
                    f"round {round_number + 1}/{args.rounds} {case.name:>13}: median {median:6.2f} ms,"
                    f" {len(result.recording.saves)} saves, text {'ok' if result.text_ok else 'WRONG'}"
                )

        profiled = None
        if args.profile:
            case = cases[-1]
            bench_store.progress(f"profiling one more {case.name} run (not part of the figures)")
            reset_record(case.root, record)
            profiled = bench_store.run_isolated(run_case(case, plan, bare_size=bare_size, round_number=-1, profile=True, **common))
            profiled.profile.dump_stats(str(args.profile))
        report = build_report(cases, results, args, time.perf_counter() - started, machine_info())
    print(json.dumps(report, indent=2))
    bench_store.progress("")
    bench_store.progress(table(report))
    if profiled is not None:
        bench_store.progress(f"\nprofile of the event-loop thread written to {args.profile}; top by cumulative time:")
        print_profile(profiled.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: does the review screen stay responsive with 10,000 partnerships?

Run it from the repository root::

    python tests/bench/review.py              # 100 and 10,000 partnerships
    python tests/bench/review.py --quick      # 100 and 1,000, two rounds: a smoke run
    python tests/bench/review.py --sizes 100,5000 --rounds 5
    python tests/bench/review.py --profile /tmp/review.pstats   # and profile the UI thread in one extra run

What is measured
----------------
Everything is measured inside the running app (``CloserApp``, headless,
``run_test(size=(120, 40))``), with ``time.perf_counter``. Keys are sent the
way a terminal driver sends them (``driver.send_message(Key)``), not with
``pilot.press``, whose waits for idle would add tens of milliseconds a key.
A frame is the end of ``App._display``: headless Textual skips turning the
screen update into terminal escape sequences, so this script does it
(``render_segments``) before taking the time, as a real terminal would
(``--no-terminal-render`` leaves that out).

* **Opening** (``open``): from the ``v`` key reaching the app on the
  partnership list to the end of the first frame that draws the review table
  holding every partnership (``ReviewScreen.apply`` done, ``ReviewTable``
  lines rendered). Each round opens the screen in a fresh app (``cold``) and
  once more after going back to the list (``warm``). ``search_text_loaded``
  (informational) is the time from the key to the background worker having
  read every record into the filter's search text (the last
  ``ReviewScreen._loaded_more``).
* **A filter keystroke** (``filter``): realistic queries (a mentee's surname,
  a programme word, a word found only in notes, a single letter that matches
  almost everything) are typed one key at a time; each key is sent once the
  previous one's rows are on screen, after a short random pause. A key's
  latency runs from the key reaching the filter ``Input`` (``Input._on_key``)
  to the end of the first frame that draws the table after
  ``ReviewScreen.apply`` received the rows for the new text. The rows are
  tagged with their query on their way through ``matches`` and ``sort_rows``
  of ``closer_tui.tui.screens.review``; rows that reach ``apply`` some other way
  are labelled with the Input's text at that moment (``applied_without_a_query_tag``
  counts them). Either way the number of rows shown after the load is checked
  against the baseline's (``rows_ok``). ``from_send`` also counts the key's
  wait in the app's queue.
  Queries are typed right after opening, while the search text is still being
  read (``before_load``: short haystacks of names and programme, but the
  loader competes for the CPU and re-filters every batch), then again,
  ``--repeats`` times, once it is read (``after_load``: the worst case, each
  haystack is a record's whole ~4 KB of text). A key is ``before_load`` if it
  reached the Input before the load finished. At 100 partnerships the load
  is over before the first key, so that class is usually empty there.
* **Typing is not blocked** (``burst``): the same queries typed at 40-80 ms
  a key without waiting for results. ``echo`` is the time from a key reaching
  the Input to the first frame that draws the Input with it; ``result`` the
  time to the first frame showing rows for that text or a longer one (the
  filter worker is exclusive, so stale queries are dropped); ``settle`` the
  time from the last key to the final rows on screen.
* **Baseline**: in the same run, a plain in-memory substring filter over the
  same rows, ``[r for r in rows if q in r.haystack]``, with the very haystacks
  the app searched (``before_load``: the index summaries' words; ``after_load``:
  the full search text read by the app), one sample for every app sample.
  ``ratio_to_baseline`` is the app's figure over the baseline's.

The app's filter latency includes Textual's frame pacing: the screen is
updated on a 60 fps timer, and rows that arrive just after the frame that
echoed the key wait for the next tick, which after an idle spell comes one to
two periods (17-33 ms) later; at 100 partnerships that wait is most of the
figure. To show where the time goes, the report also gives, per size, the
filter worker's time in ``matches`` and ``sort_rows`` (wall time in its
thread, waits for the GIL included), ``apply`` on the UI thread, the time from
``apply`` to the frame, the frames' compositor and terminal time, and the full
(generation 2) garbage collections: how many, how long, and the keys they
delayed. The machine's load average at the start and the end is in the
report: other processes on it slow every figure here.

The targets, at the largest size: opening under 1 second (the cold opens'
median) and a filter keystroke under 50 ms (the after-load latency's median
and its p95). A run is one round (a fresh app per size); each target is
judged over all runs and run by run, and a run whose rows after the load were
not the baseline's (``rows_ok``) fails, and so does the target (``verdicts``,
see tests/bench/verdicts.py). The JSON report goes to stdout, a table and the
verdicts to stderr; the exit code is 0 whether or not the targets are met:
this is a report, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import contextlib
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
from textual._compositor import Compositor, CompositorUpdate  # noqa: E402
from textual.keys import _character_to_key  # noqa: E402
from textual.widgets import Input  # noqa: E402

import closer_tui.tui.screens.review as review_screen_module  # noqa: E402
from closer_tui.tui.app import CloserApp  # noqa: E402
from closer_tui.tui.screens.partnerships import PartnershipsScreen  # noqa: E402
from closer_tui.tui.screens.review import ReviewScreen  # noqa: E402
from closer_tui.tui.widgets.review_table import ReviewTable  # noqa: E402

DEFAULT_SIZES = (100, 10000)
QUICK_SIZES = (100, 1000)
DEFAULT_ROUNDS = 3
QUICK_ROUNDS = 2
DEFAULT_REPEATS = 2  # after-load passes over the queries in each round
SCREEN_SIZE = (120, 40)
TARGET_OPEN_MS = 1000.0
TARGET_FILTER_MS = 50.0
SEED = 20260303
FILTER_ID = "review-filter"

PACED_GAP = (0.030, 0.080)  # seconds between a key's rows on screen and the next key
BURST_GAP = (0.040, 0.080)  # seconds between keys when typing without waiting
TIMEOUT = 60.0


def pick_queries(partnerships: list) -> list[tuple[str, str]]:
    """(kind, text): realistic things to look for in these stores (all sizes hold the same first records)."""
    first = partnerships[0]
    surname = first.mentee.split()[-1]
    return [
        ("mentee surname", surname),
        ("programme word", "grant"),
        ("word only in notes", "imposter"),
        ("one letter", "e"),
    ]


# --- recording inside the app ---------------------------------------------------------


class Tagged(list):
    """Rows on their way from the filter worker to ``apply``, labelled with their query."""

    query: str = ""
    worker_start: float = 0.0
    matches_s: float = 0.0
    sort_s: float = 0.0


@dataclass
class Frame:
    end: float
    review: bool  # the review screen was the screen drawn
    table: bool  # ReviewTable lines were rendered for this frame
    input: bool  # the filter Input was rendered for this frame
    compositor_s: float
    terminal_s: float


@dataclass
class Apply:
    at: float
    query: str | None  # None: on_mount's first rows
    tagged: bool  # the query came with the rows (through matches); else it is the Input's text when they were applied
    rows: int
    screen: int  # id() of the ReviewScreen
    duration_s: float
    matches_s: float = 0.0
    sort_s: float = 0.0
    worker_start: float = 0.0


@dataclass
class Recording:
    frames: list[Frame] = field(default_factory=list)
    frame_ends: list[float] = field(default_factory=list)  # for bisect
    applies: list[Apply] = field(default_factory=list)
    keys: list[tuple[float, str]] = field(default_factory=list)  # the filter Input's _on_key: time, key
    values: list[tuple[float, str]] = field(default_factory=list)  # the filter Input's value changes
    loaded: list[tuple[float, int, int, int]] = field(default_factory=list)  # time, loaded, total, screen
    mounts: list[tuple[float, float]] = field(default_factory=list)  # ReviewScreen.on_mount
    collections: list[tuple[float, float, int]] = field(default_factory=list)  # garbage collections: start, end, generation
    matches_calls: int = 0


class Recorder:
    """Hooks on a running app and on the review classes; all undone by ``uninstall``."""

    def __init__(self, app: CloserApp, terminal_render: bool) -> None:
        self.app = app
        self.terminal_render = terminal_render
        self.rec = Recording()
        self.changed = asyncio.Event()  # set on every frame and every apply
        self._undo: list[tuple[object, str, object]] = []
        self._flags = {"table": False, "input": False}
        self._compositor_s = 0.0

    def _patch(self, target: object, name: str, value) -> None:
        had = name in vars(target) if isinstance(target, type) else name in getattr(target, "__dict__", {})
        self._undo.append((target, name, vars(target)[name] if had else None))
        setattr(target, name, value)

    def install(self) -> None:  # noqa: C901 - one hook per thing recorded
        perf = time.perf_counter
        rec, app, flags = self.rec, self.app, self._flags
        recorder = self

        matches = getattr(review_screen_module, "matches", None)  # the screen may filter some other way
        sort_rows = getattr(review_screen_module, "sort_rows", None)

        def tagged_matches(rows, query):
            start = perf()
            found = Tagged(matches(rows, query))
            found.query, found.worker_start, found.matches_s = query, start, perf() - start
            rec.matches_calls += 1
            return found

        def tagged_sort_rows(rows, column, *, reverse=False):
            start = perf()
            result = sort_rows(rows, column, reverse=reverse)
            if isinstance(rows, Tagged):
                tagged = Tagged(result)
                tagged.query, tagged.worker_start, tagged.matches_s = rows.query, rows.worker_start, rows.matches_s
                tagged.sort_s = perf() - start
                return tagged
            return result

        if matches is not None:
            self._patch(review_screen_module, "matches", tagged_matches)
        if sort_rows is not None:
            self._patch(review_screen_module, "sort_rows", tagged_sort_rows)

        apply = ReviewScreen.apply

        def timed_apply(screen, rows):
            start = perf()
            apply(screen, rows)
            end = perf()
            if isinstance(rows, Tagged):
                rec.applies.append(Apply(end, rows.query, True, len(rows), id(screen), end - start, rows.matches_s, rows.sort_s, rows.worker_start))
            else:  # not through the module's matches (or on mount): label the rows with the text they were applied for
                query = None if mounting else screen.query_one(Input).value
                rec.applies.append(Apply(end, query, False, len(rows), id(screen), end - start))
            recorder.changed.set()

        self._patch(ReviewScreen, "apply", timed_apply)

        on_mount = ReviewScreen.on_mount

        mounting = False

        def timed_on_mount(screen):
            nonlocal mounting
            start = perf()
            mounting = True
            try:
                on_mount(screen)
            finally:
                mounting = False
            rec.mounts.append((start, perf()))

        self._patch(ReviewScreen, "on_mount", timed_on_mount)

        loaded_more = ReviewScreen._loaded_more

        def recorded_loaded_more(screen):
            loaded_more(screen)
            rec.loaded.append((perf(), screen.loaded, len(screen.all_rows), id(screen)))
            recorder.changed.set()

        self._patch(ReviewScreen, "_loaded_more", recorded_loaded_more)

        table_render_lines = ReviewTable.render_lines

        def table_lines(widget, crop):
            flags["table"] = True
            return table_render_lines(widget, crop)

        self._patch(ReviewTable, "render_lines", table_lines)

        input_render_lines = Input.render_lines

        def input_lines(widget, crop):
            if widget.id == FILTER_ID:
                flags["input"] = True
            return input_render_lines(widget, crop)

        self._patch(Input, "render_lines", input_lines)

        on_key = Input._on_key

        async def keyed(widget, event):
            if widget.id == FILTER_ID:
                rec.keys.append((perf(), event.key))
            await on_key(widget, event)

        self._patch(Input, "_on_key", keyed)

        watch_value = Input._watch_value

        def watched(widget, value):
            if widget.id == FILTER_ID:
                rec.values.append((perf(), value))
            watch_value(widget, value)

        self._patch(Input, "_watch_value", watched)

        for name in ("reflow", "reflow_visible", "update_widgets", "render_update"):
            self._patch(Compositor, name, self._accumulating(getattr(Compositor, name)))

        display = app._display
        console = app.console

        def timed_display(screen, renderable):
            display(screen, renderable)
            if renderable is None or app._batch_count:
                return
            terminal = 0.0
            if recorder.terminal_render and app.is_headless and isinstance(renderable, CompositorUpdate):
                start = perf()
                renderable.render_segments(console)  # what _display does for a real terminal
                terminal = perf() - start
            end = perf()
            rec.frames.append(Frame(end, isinstance(screen, ReviewScreen), flags["table"], flags["input"], recorder._compositor_s, terminal))
            rec.frame_ends.append(end)
            flags["table"] = flags["input"] = False
            recorder._compositor_s = 0.0
            recorder.changed.set()

        self._patch(app, "_display", timed_display)

        self._gc_callback = bench_store.record_garbage_collections(rec.collections)

    def _accumulating(self, method):
        perf = time.perf_counter
        recorder = self

        def wrapper(*args, **kwargs):
            start = perf()
            try:
                return method(*args, **kwargs)
            finally:
                recorder._compositor_s += perf() - start

        return wrapper

    def uninstall(self) -> None:
        with contextlib.suppress(ValueError, AttributeError):
            gc.callbacks.remove(self._gc_callback)
        for target, name, old in reversed(self._undo):
            if old is None:
                with contextlib.suppress(AttributeError):
                    delattr(target, name)
            else:
                setattr(target, name, old)
        self._undo.clear()

    # --- queries on what was recorded ---------------------------------------------------

    def frame_after(self, t: float, *, table: bool = False, input: bool = False, review: bool = True) -> Frame | None:
        """The first frame ending after ``t`` (of the review screen, drawing the table or the Input if asked)."""
        frames = self.rec.frames
        for i in range(bisect.bisect_right(self.rec.frame_ends, t), len(frames)):
            frame = frames[i]
            if (not review or frame.review) and (not table or frame.table) and (not input or frame.input):
                return frame
        return None

    async def until(self, condition, timeout: float = TIMEOUT, what: str = "the expected state"):
        deadline = time.perf_counter() + timeout
        while True:
            result = condition()
            if result:
                return result
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"timed out waiting for {what}")
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(remaining, 0.05))

    # --- sending keys ----------------------------------------------------------------------

    def send(self, key: str, character: str | None) -> float:
        event = events.Key(key, character)
        event.set_sender(self.app)
        sent = time.perf_counter()
        self.app._driver.send_message(event)
        return sent


def key_for(character: str) -> tuple[str, str]:
    return _character_to_key(character), character


# --- one app run -----------------------------------------------------------------------


@dataclass
class Stroke:
    sent: float
    value: str  # the Input's text after this key
    query_kind: str
    query: str  # the whole query being typed
    phase: str  # "paced" or "burst"
    key_at: float | None = None  # reached the Input
    value_at: float | None = None
    applied: Apply | None = None
    shown_at: float | None = None
    echo_at: float | None = None
    before_load: bool = False


@dataclass
class Opening:
    kind: str  # cold or warm
    sent: float
    shown_at: float
    mount_s: float
    first_apply_at: float
    loaded_at: float | None
    compositor_s: float


@dataclass
class RunResult:
    size: int
    round: int
    openings: list[Opening]
    strokes: list[Stroke]
    recording: Recording
    baseline_before: list[tuple[str, float, int]]  # value, seconds, rows found
    baseline_after: list[tuple[str, float, int]]
    rows_ok: bool
    mismatches: list[str]
    startup_s: float
    profile: pstats.Stats | None = None


def baseline_filter(rows, query: str) -> tuple[float, int]:
    """The plain in-memory substring filter, timed."""
    q = query.casefold()
    start = time.perf_counter()
    found = [r for r in rows if q in r.haystack]
    return time.perf_counter() - start, len(found)


async def open_review(recorder: Recorder, app: CloserApp, kind: str, total: int, wait_load: bool) -> tuple[Opening, ReviewScreen]:
    rec = recorder.rec
    mounts_before = len(rec.mounts)
    sent = recorder.send("v", "v")

    def opened():
        screen = app.screen
        if not isinstance(screen, ReviewScreen):
            return None
        first = next((a for a in rec.applies if a.screen == id(screen) and a.at > sent and a.rows == total), None)
        if first is None:
            return None
        frame = recorder.frame_after(first.at, table=True)
        return (screen, first, frame) if frame else None

    screen, first, frame = await recorder.until(opened, what="the review screen to open")
    mount_start, mount_end = rec.mounts[mounts_before]
    compositor = sum(f.compositor_s for f in rec.frames if sent < f.end <= frame.end)
    loaded_at = None
    if wait_load:
        loaded_at = await load_finished(recorder, screen)
    return Opening(kind, sent, frame.end, mount_end - mount_start, first.at, loaded_at, compositor), screen


def load_done_at(recorder: Recorder, screen: ReviewScreen) -> float | None:
    return next((t for t, loaded, total, sid in recorder.rec.loaded if sid == id(screen) and loaded >= total), None)


async def load_finished(recorder: Recorder, screen: ReviewScreen) -> float:
    if not screen.all_rows:
        return time.perf_counter()
    return await recorder.until(lambda: load_done_at(recorder, screen), what="the search text to load")


async def clear_filter(recorder: Recorder, screen: ReviewScreen) -> None:
    """ctrl+u empties the Input; wait until every row is back on screen."""
    if screen.query_one(Input).value == "":
        return
    sent = recorder.send("ctrl+u", None)

    def cleared():
        applied = next((a for a in recorder.rec.applies if a.at > sent and a.query == "" and a.screen == id(screen)), None)
        return applied and recorder.frame_after(applied.at, table=True)

    await recorder.until(cleared, what="the filter to clear")


def applied_for(recorder: Recorder, screen: ReviewScreen, after: float, values: set[str]) -> Apply | None:
    return next((a for a in recorder.rec.applies if a.at > after and a.screen == id(screen) and a.query in values), None)


async def type_paced(recorder: Recorder, screen: ReviewScreen, queries, rng: random.Random) -> list[Stroke]:
    """Each key once the previous key's rows are on screen, after a short random pause."""
    strokes = []
    for kind, text in queries:
        await clear_filter(recorder, screen)
        await asyncio.sleep(rng.uniform(*PACED_GAP))
        for i, character in enumerate(text):
            stroke = Stroke(recorder.send(*key_for(character)), text[: i + 1], kind, text, "paced")
            strokes.append(stroke)

            def shown(stroke=stroke):
                applied = applied_for(recorder, screen, stroke.sent, {stroke.value})
                return applied and recorder.frame_after(applied.at, table=True)

            await recorder.until(shown, what=f"rows for {stroke.value!r}")
            await asyncio.sleep(rng.uniform(*PACED_GAP))
    await clear_filter(recorder, screen)
    return strokes


async def type_bursts(recorder: Recorder, screen: ReviewScreen, queries, rng: random.Random) -> list[Stroke]:
    """Each query typed at 40-80 ms a key from a thread, as a terminal would, without waiting for results."""
    strokes = []
    for kind, text in queries:
        await clear_filter(recorder, screen)
        await asyncio.sleep(0.2)
        gaps = [rng.uniform(*BURST_GAP) for _ in text]
        mine: list[Stroke] = []

        def feed(text=text, gaps=gaps, mine=mine, kind=kind) -> None:
            for i, character in enumerate(text):
                mine.append(Stroke(recorder.send(*key_for(character)), text[: i + 1], kind, text, "burst"))
                time.sleep(gaps[i])

        feeder = threading.Thread(target=feed, name="key-feeder", daemon=True)
        feeder.start()
        await asyncio.to_thread(feeder.join)
        last = mine[-1]

        def settled(last=last):
            applied = applied_for(recorder, screen, last.sent, {last.value})
            return applied and recorder.frame_after(applied.at, table=True)

        await recorder.until(settled, what=f"rows for {last.value!r}")
        strokes += mine
    await clear_filter(recorder, screen)
    return strokes


def resolve_strokes(recorder: Recorder, strokes: list[Stroke], screen_ids: dict[float, int]) -> None:
    """Fill in when each key reached the Input, changed it, was echoed, and had its rows shown."""
    rec = recorder.rec
    keys = list(rec.keys)
    values = list(rec.values)
    ki = vi = 0
    for stroke in sorted(strokes, key=lambda s: s.sent):
        while ki < len(keys) and keys[ki][0] < stroke.sent:
            ki += 1
        stroke.key_at = keys[ki][0] if ki < len(keys) else None
        ki += 1
        while vi < len(values) and not (values[vi][0] > stroke.sent and values[vi][1] == stroke.value):
            vi += 1
        stroke.value_at = values[vi][0] if vi < len(values) else None
        if stroke.value_at is not None:
            echo = recorder.frame_after(stroke.value_at, input=True)
            stroke.echo_at = echo.end if echo else None
        screen = screen_ids[stroke.sent]
        if stroke.phase == "burst":  # this key's text or a longer one of the same query: stale queries are dropped
            wanted = {stroke.query[:n] for n in range(len(stroke.value), len(stroke.query) + 1)}
        else:
            wanted = {stroke.value}
        after = stroke.key_at if stroke.key_at is not None else stroke.sent
        stroke.applied = next((a for a in rec.applies if a.at > after and a.screen == screen and a.query in wanted), None)
        if stroke.applied is not None:
            shown = recorder.frame_after(stroke.applied.at, table=True)
            stroke.shown_at = shown.end if shown else None


async def run_app(root: Path, size: int, queries, *, round_number: int, repeats: int, terminal_render: bool, profile: bool = False) -> RunResult:
    started = time.perf_counter()
    rng = random.Random(SEED + round_number * 1000 + size)
    app = CloserApp(root)
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        await pilot.pause()
        deadline = time.perf_counter() + TIMEOUT
        while not isinstance(app.screen, PartnershipsScreen):
            if time.perf_counter() > deadline:
                raise TimeoutError("the partnership list did not open")
            await asyncio.sleep(0.02)
        await pilot.pause(1.0)  # the list is drawn, nothing pending
        startup = time.perf_counter() - started
        recorder = Recorder(app, terminal_render)
        recorder.install()
        profiler = cProfile.Profile() if profile else None
        try:
            openings: list[Opening] = []
            strokes: list[Stroke] = []
            screen_ids: dict[float, int] = {}

            # 1. open cold, and type the queries at once, while the search text is read
            opening, screen = await open_review(recorder, app, "cold", size, wait_load=False)
            summary_rows = app.desk.review_rows()  # the haystacks before the load
            before = await type_paced(recorder, screen, queries, rng)
            opening.loaded_at = await load_finished(recorder, screen)
            openings.append(opening)
            load_done = opening.loaded_at
            for stroke in before:
                screen_ids[stroke.sent] = id(screen)
            strokes += before

            # 2. the whole search text is read: the worst case
            await asyncio.sleep(0.3)
            if profiler:
                profiler.enable()
            for _ in range(repeats):
                after = await type_paced(recorder, screen, queries, rng)
                for stroke in after:
                    screen_ids[stroke.sent] = id(screen)
                strokes += after
            if profiler:
                profiler.disable()

            # 3. typing fast, without waiting for rows
            burst = await type_bursts(recorder, screen, queries, rng)
            for stroke in burst:
                screen_ids[stroke.sent] = id(screen)
            strokes += burst

            # the baseline: the same rows and haystacks, in this run
            full_rows = list(screen.all_rows)
            resolve_strokes(recorder, strokes, screen_ids)
            baseline_before, baseline_after = [], []
            for stroke in strokes:
                if stroke.phase != "paced":
                    continue
                stroke.before_load = stroke.key_at is not None and stroke.key_at < load_done
                rows = summary_rows if stroke.before_load else full_rows
                seconds, found = baseline_filter(rows, stroke.value)
                (baseline_before if stroke.before_load else baseline_after).append((stroke.value, seconds, found))

            # the rows the app showed after the load are the baseline's
            mismatches = []
            expected = {value: found for value, _, found in baseline_after}
            for stroke in strokes:
                if stroke.phase == "paced" and not stroke.before_load and stroke.applied is not None:
                    if stroke.applied.rows != expected[stroke.value]:
                        mismatches.append(f"{stroke.value!r}: app {stroke.applied.rows}, baseline {expected[stroke.value]}")
            rows_ok = not mismatches and all(s.shown_at is not None for s in strokes)

            # 4. back to the list, and open again (warm)
            sent = recorder.send("escape", "\x1b")
            await recorder.until(lambda: isinstance(app.screen, PartnershipsScreen) and recorder.frame_after(sent, review=False), what="the list")
            await pilot.pause(1.5)  # the list reloads its rows after a review
            warm, screen = await open_review(recorder, app, "warm", size, wait_load=True)
            openings.append(warm)
        finally:
            if profiler:
                profiler.disable()
            recorder.uninstall()
    stats = pstats.Stats(profiler, stream=io.StringIO()) if profiler else None
    return RunResult(size, round_number, openings, strokes, recorder.rec, baseline_before, baseline_after, rows_ok, mismatches, startup, stats)


# --- stores -----------------------------------------------------------------------


def build_stores(workdir: Path, sizes: tuple[int, ...]) -> tuple[dict[int, Path], list[tuple[str, str]]]:
    everyone = bench_store.make_partnerships(max(sizes))
    roots = {}
    for size in sizes:
        roots[size] = workdir / f"closer-{size}"
        seconds = bench_store.build_closer_store(roots[size], everyone[:size])
        bench_store.progress(f"{size:>6} partnerships: store built in {seconds:.1f} s")
    return roots, pick_queries(everyone)


# --- analysis -----------------------------------------------------------------------


def percentile(ordered: list[float], q: int) -> float:
    if len(ordered) < 2:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[q - 1]


def describe(samples_ms: list[float | None]) -> dict:
    """Median, p95 and max in ms; missing samples (None) are left out."""
    ordered = sorted(x for x in samples_ms if x is not None)
    if not ordered:
        return {"n": 0}
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(percentile(ordered, 95), 3),
        "max_ms": round(ordered[-1], 3),
    }


def ms(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else (b - a) * 1000


def ratio(app: dict, base: dict) -> dict | None:
    if not app.get("n") or not base.get("n") or not base["median_ms"] or not base["p95_ms"]:
        return None
    return {"median": round(app["median_ms"] / base["median_ms"], 1), "p95": round(app["p95_ms"] / base["p95_ms"], 1)}


def summarise_size(results: list[RunResult]) -> dict:
    openings = [o for r in results for o in r.openings]
    cold = [o for o in openings if o.kind == "cold"]
    warm = [o for o in openings if o.kind == "warm"]
    paced = [s for r in results for s in r.strokes if s.phase == "paced"]
    burst = [s for r in results for s in r.strokes if s.phase == "burst"]
    summary: dict = {
        "open": {
            "cold": describe([ms(o.sent, o.shown_at) for o in cold]),
            "warm": describe([ms(o.sent, o.shown_at) for o in warm]),
            "on_mount": describe([o.mount_s * 1000 for o in openings]),
            "to_first_apply": describe([ms(o.sent, o.first_apply_at) for o in openings]),
            "compositor": describe([o.compositor_s * 1000 for o in openings]),
            "search_text_loaded": describe([ms(o.sent, o.loaded_at) for o in openings if o.loaded_at]),
        },
    }
    filt = {}
    for phase, wanted in (("before_load", True), ("after_load", False)):
        chosen = [s for s in paced if s.before_load == wanted and s.shown_at is not None]
        filt[phase] = {
            "latency": describe([ms(s.key_at, s.shown_at) for s in chosen]),
            "from_send": describe([ms(s.sent, s.shown_at) for s in chosen]),
            "to_apply": describe([ms(s.key_at, s.applied.at) for s in chosen]),
            "echo": describe([ms(s.key_at, s.echo_at) for s in chosen if s.echo_at]),
            "worker_matches": describe([s.applied.matches_s * 1000 for s in chosen if s.applied.tagged]),
            "worker_sort": describe([s.applied.sort_s * 1000 for s in chosen if s.applied.tagged]),
            "apply": describe([s.applied.duration_s * 1000 for s in chosen]),
            "apply_to_frame": describe([ms(s.applied.at, s.shown_at) for s in chosen]),
        }
        if phase == "after_load":
            per_query = {}
            for kind in dict.fromkeys(s.query_kind for s in chosen):
                per_query[kind] = describe([ms(s.key_at, s.shown_at) for s in chosen if s.query_kind == kind])
            filt[phase]["per_query"] = per_query
    summary["filter"] = filt
    summary["baseline"] = {
        "before_load": describe([sec * 1000 for r in results for _, sec, _ in r.baseline_before]),
        "after_load": describe([sec * 1000 for r in results for _, sec, _ in r.baseline_after]),
    }
    summary["ratio_to_baseline"] = {
        phase: ratio(filt[phase]["latency"], summary["baseline"][phase]) for phase in ("before_load", "after_load")
    }
    summary["burst"] = {
        "keys": len(burst),
        "echo": describe([ms(s.key_at, s.echo_at) for s in burst if s.echo_at]),
        "result": describe([ms(s.key_at, s.shown_at) for s in burst if s.shown_at]),
        "settle": describe(
            [ms(s.sent, s.shown_at) for r in results for s in last_of_each_query(r.strokes) if s.shown_at]
        ),
    }
    frames = [f for r in results for f in r.recording.frames if f.review and f.table]
    summary["frames_with_table"] = {
        "count": len(frames),
        "compositor": describe([f.compositor_s * 1000 for f in frames]),
        "terminal": describe([f.terminal_s * 1000 for f in frames]),
    }
    summary["filter_workers"] = {
        "matches_calls": sum(r.recording.matches_calls for r in results),
        "applied": sum(1 for r in results for a in r.recording.applies if a.query is not None),
        "applied_without_a_query_tag": sum(1 for r in results for a in r.recording.applies if a.query is not None and not a.tagged),
    }
    after = [(r, s) for r in results for s in r.strokes if s.phase == "paced" and not s.before_load and s.shown_at is not None]
    during = [ms(s.key_at, s.shown_at) for r, s in after if overlaps_full_gc(r.recording, s.key_at, s.shown_at)]
    full = [(e - b) * 1000 for r in results for b, e, g in r.recording.collections if g == 2]
    summary["full_garbage_collections"] = {
        "per_run": round(len(full) / len(results), 1),
        "duration": describe(full),
        "after_load_keys_during_one": {"share": round(len(during) / len(after), 3) if after else None, "latency": describe(during)},
        "after_load_keys_without": describe(
            [ms(s.key_at, s.shown_at) for r, s in after if not overlaps_full_gc(r.recording, s.key_at, s.shown_at)]
        ),
    }
    summary["rows_ok"] = all(r.rows_ok for r in results)
    mismatches = [m for r in results for m in r.mismatches]
    if mismatches:
        summary["mismatches"] = mismatches[:10]
    summary["startup_s"] = round(statistics.median(r.startup_s for r in results), 2)
    return summary


def overlaps_full_gc(rec: Recording, a: float, b: float) -> bool:
    return any(g == 2 and start < b and end > a for start, end, g in rec.collections)


def last_of_each_query(strokes: list[Stroke]) -> list[Stroke]:
    burst = [s for s in strokes if s.phase == "burst"]
    return [s for i, s in enumerate(burst) if i + 1 == len(burst) or burst[i + 1].query_kind != s.query_kind]


def build_report(results: dict[int, list[RunResult]], args, queries, wall: float, machine: dict) -> dict:
    sizes = {str(size): summarise_size(runs) for size, runs in sorted(results.items())}
    small, large = str(min(results)), str(max(results))
    big = sizes[large]

    def grow(path: tuple[str, ...]) -> dict | None:
        a, b = sizes[small], big
        for key in path:
            a, b = a[key], b[key]
        if not a.get("n") or not b.get("n"):
            return None
        return {"median": round(b["median_ms"] / a["median_ms"], 2), "p95": round(b["p95_ms"] / a["p95_ms"], 2)}

    open_cold = big["open"]["cold"]
    filt = big["filter"]["after_load"]["latency"]
    rows = review_verdicts(int(large), results[int(large)], open_cold, filt)
    return {
        "machine": machine,
        "settings": {
            "screen": list(SCREEN_SIZE),
            "rounds": args.rounds,
            "after_load_passes_per_round": args.repeats,
            "queries": [{"kind": kind, "text": text} for kind, text in queries],
            "paced_gap_ms": [PACED_GAP[0] * 1000, PACED_GAP[1] * 1000],
            "burst_gap_ms": [BURST_GAP[0] * 1000, BURST_GAP[1] * 1000],
            "terminal_render": not args.no_terminal_render,
            "max_fps": textual.constants.MAX_FPS,
        },
        "sizes": sizes,
        f"growth_{large}_over_{small}": {
            "open_cold": grow(("open", "cold")),
            "filter_after_load": grow(("filter", "after_load", "latency")),
            "baseline_after_load": grow(("baseline", "after_load")),
        },
        "targets": {"open_ms": TARGET_OPEN_MS, "filter_keystroke_ms": TARGET_FILTER_MS, "at_size": int(large)},
        "verdicts": rows,
        "meets_target": all(row["met"] for row in rows),
        "wall_seconds": round(wall, 1),
    }


def after_load_latencies(result: RunResult) -> list[float]:
    return [ms(s.key_at, s.shown_at) for s in result.strokes if s.phase == "paced" and not s.before_load and s.shown_at is not None]


def review_verdicts(size: int, runs: list[RunResult], open_cold: dict, filt: dict) -> list[dict]:
    """Opening (median of the cold opens) and a filter keystroke after the load (median and p95),
    over all runs and run by run; a run whose rows were not the baseline's fails."""
    rows = [
        verdicts.verdict(
            f"review open, {size:,} partnerships",
            "median",
            open_cold.get("median_ms"),
            TARGET_OPEN_MS,
            unit=" ms",
            strict=True,
            runs=[(ms(r.openings[0].sent, r.openings[0].shown_at), r.rows_ok) for r in runs],
            decimals=0,
        )
    ]
    for statistic in ("median", "p95"):
        stat = verdicts.STATISTICS[statistic]
        rows.append(
            verdicts.verdict(
                f"review filter keystroke, {size:,} partnerships",
                statistic,
                filt.get(f"{statistic}_ms"),
                TARGET_FILTER_MS,
                unit=" ms",
                strict=True,
                runs=[(stat(lat) if (lat := after_load_latencies(r)) else None, r.rows_ok) for r in runs],
                decimals=1,
            )
        )
    return rows


def fmt(d: dict, key: str = "median_ms") -> str:
    return f"{d[key]:8.1f}" if d.get("n") else f"{'-':>8}"


def table(report: dict) -> str:
    lines = [
        f"{'size':>6} | {'open cold':>9} {'max':>8} {'warm':>8} {'loaded':>8} | {'filter':>8} {'p95':>8} |"
        f" {'baseline':>8} {'p95':>8} | {'x base':>6} {'p95':>6} | {'before':>8} {'p95':>8} {'n':>3} |"
        f" {'echo':>6} {'p95':>6}",
        "-" * 150,
    ]
    for size, row in report["sizes"].items():
        o, f, b = row["open"], row["filter"]["after_load"]["latency"], row["baseline"]["after_load"]
        fb = row["filter"]["before_load"]["latency"]
        r = row["ratio_to_baseline"]["after_load"] or {"median": float("nan"), "p95": float("nan")}
        echo = row["burst"]["echo"]
        lines.append(
            f"{size:>6} | {fmt(o['cold']):>9} {fmt(o['cold'], 'max_ms')} {fmt(o['warm'])} {fmt(o['search_text_loaded'])} |"
            f" {fmt(f)} {fmt(f, 'p95_ms')} | {b['median_ms']:8.3f} {b['p95_ms']:8.3f} | {r['median']:6.0f} {r['p95']:6.0f} |"
            f" {fmt(fb)} {fmt(fb, 'p95_ms')} {fb.get('n', 0):>3} | {fmt(echo)[2:]} {fmt(echo, 'p95_ms')[2:]}"
        )
    lines.append("(ms; open = 'v' to the table drawn; filter = key at the Input to its rows drawn, after the search text is loaded;")
    lines.append(" before = the same while it loads; echo = key to the Input drawn while typing fast)")
    lines.append("")
    for size, row in report["sizes"].items():
        per = row["filter"]["after_load"]["per_query"]
        parts = ", ".join(f"{kind} {d['median_ms']:.1f}/{d['p95_ms']:.1f}" for kind, d in per.items() if d.get("n"))
        a = row["filter"]["after_load"]
        lines.append(
            f"{size:>6}: per query (median/p95 ms): {parts}; worker matches {fmt(a['worker_matches']).strip()},"
            f" sort {fmt(a['worker_sort']).strip()}, apply {fmt(a['apply']).strip()}, apply->frame {fmt(a['apply_to_frame']).strip()};"
            f" on_mount {fmt(row['open']['on_mount']).strip()}; rows_ok {row['rows_ok']}"
        )
        collections = row["full_garbage_collections"]
        during = collections["after_load_keys_during_one"]
        lines.append(
            f"{'':>6}  full garbage collections: {collections['per_run']} a run, {fmt(collections['duration']).strip()} ms median;"
            f" after-load keys during one: {during['share']:.0%} ({fmt(during['latency']).strip()} ms median),"
            f" the others {fmt(collections['after_load_keys_without']).strip()}/{fmt(collections['after_load_keys_without'], 'p95_ms').strip()} ms median/p95"
        )
    lines += ["", *verdicts.lines(report["verdicts"]), f"wall time {report['wall_seconds']} s"]
    return "\n".join(lines)


# --- command line ---------------------------------------------------------------------


def parse_sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(sorted({int(part) for part in text.replace(" ", ",").split(",") if part}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of numbers like 100,10000") from None
    if len(sizes) < 2 or sizes[0] < 1:
        raise argparse.ArgumentTypeError("give at least two different sizes, each 1 or more")
    return sizes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=None, help="partnerships per store, default 100,10000")
    parser.add_argument("--quick", action="store_true", help="sizes 100,1000 and two rounds")
    parser.add_argument("--rounds", type=int, default=None, help=f"fresh apps per size (default {DEFAULT_ROUNDS})")
    parser.add_argument("--repeats", type=int, default=DEFAULT_REPEATS, help="after-load passes over the queries per round")
    parser.add_argument("--no-terminal-render", action="store_true", help="do not build terminal output for each frame")
    parser.add_argument("--profile", type=Path, default=None, help="also profile the UI thread in one extra run at the largest size; pstats to this file")
    parser.add_argument("--dir", type=Path, default=None, help="where to build the stores (default: the system temp folder)")
    args = parser.parse_args(argv)
    if args.sizes is None:
        args.sizes = QUICK_SIZES if args.quick else DEFAULT_SIZES
    if args.rounds is None:
        args.rounds = QUICK_ROUNDS if args.quick else DEFAULT_ROUNDS
    return args


def machine_info(load_at_start: tuple[float, float, float]) -> dict:
    """With the load average: other processes on the machine inflate every figure here."""
    return {
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in load_at_start],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "textual": textual.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    load_at_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="closer-review-", dir=args.dir) as temp:
        roots, queries = build_stores(Path(temp), args.sizes)
        results: dict[int, list[RunResult]] = {size: [] for size in args.sizes}
        sizes = list(args.sizes)
        common = dict(repeats=args.repeats, terminal_render=not args.no_terminal_render)
        for round_number in range(args.rounds):
            shift = round_number % len(sizes)  # no size always goes first
            for size in sizes[shift:] + sizes[:shift]:
                result = bench_store.run_isolated(run_app(roots[size], size, queries, round_number=round_number, **common))
                results[size].append(result)
                cold = result.openings[0]
                bench_store.progress(
                    f"round {round_number + 1}/{args.rounds}, {size:>6} partnerships: opened in {ms(cold.sent, cold.shown_at):.0f} ms,"
                    f" {sum(1 for s in result.strokes if s.phase == 'paced')} keys, rows ok: {result.rows_ok}"
                )
        if args.profile:
            size = max(sizes)
            bench_store.progress(f"profiling the UI thread while typing after the load, {size} partnerships")
            profiled = bench_store.run_isolated(run_app(roots[size], size, queries, round_number=99, profile=True, **common))
            profiled.profile.dump_stats(str(args.profile))
            stream = io.StringIO()
            profiled.profile.stream = stream
            profiled.profile.sort_stats("tottime").print_stats(25)
            bench_store.progress(stream.getvalue())
    report = build_report(results, args, queries, time.perf_counter() - started, machine_info(load_at_start))
    print(json.dumps(report, indent=2))
    bench_store.progress("")
    bench_store.progress(table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

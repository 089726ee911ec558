"""Benchmark: does saving a note cost the same with 10 partnerships as with 10,000?

Run it from the repository root::

    python tests/bench/store.py              # sizes 10, 1000, 10000
    python tests/bench/store.py --quick      # sizes 10, 100, 1000, a smoke run
    python tests/bench/store.py --sizes 10,5000 --repeats 400

What is measured, and why
-------------------------
closer keeps one TinyDB file per partnership (``partnerships/<id>.json``) plus
an ``index.json`` of summaries that a note save never touches. The point of
that layout is that saving a note rewrites one small file, so its cost must
not grow with the number of partnerships in the store. This script checks
that claim.

For each size N it builds a store of N realistic partnerships (names, 3-5
goals, a few meetings, stage notes: about 4 KB of text each) with
``Store.import_partnerships`` in chunks. Every store holds the same first
record, and that is the one edited, so only the number of partnerships
differs. It reopens the stores as the app would, loads that partnership from
each and times, with ``time.perf_counter``, what the app does when a note
changes: set ``close.stage_notes["evaluate"]`` and call ``store.save(p)``.
Each save is timed on its own, a few unmeasured saves come first to warm the
caches, and the stores take turns (one save in each, round after round), so
that a slow patch of the disk falls on every size alike rather than on
whichever size happened to be measured then. The report also says whether
``index.json`` was left untouched by those saves, as the design promises.

For comparison the same N records are put in one plain TinyDB file (the
default ``JSONStorage``, as TinyDB is usually used) and one document's note is
updated with ``db.update``, as many times as closer saves: TinyDB reads and
rewrites the whole file each time, so this cost grows with N (at 10,000
partnerships, about 3 s an update: the baseline alone takes some ten minutes).
Both paths fsync: closer fsyncs the record and its folder, ``JSONStorage``
fsyncs the file.

fsync dominates a closer save and is noisy (it depends on the disk and on
whatever else the machine is doing), so the report gives the median and the
95th percentile of at least 200 saves per size (``--repeats``), not a mean,
and each ratio with a 95 % confidence interval: a percentile bootstrap that
resamples the rounds (each round saved once in every store, so the pairs stay
together). The targets: the median save at the largest size at most 1.5 times
the median at the smallest, and the same for the p95; each is met only if its
whole interval is within 1.5 (``verdicts``, see tests/bench/verdicts.py). The
whole script is one run.

The JSON report goes to stdout, a short table and the verdicts to stderr. The
exit code is 0 whether or not the targets are met: this is a report, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import asyncio
import gc
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import tinydb  # noqa: E402
from tinydb import TinyDB  # noqa: E402

import verdicts  # noqa: E402  (tests/bench/verdicts.py)

from closer_tui.model import ID_ALPHABET, ID_LENGTH, Goal, Meeting, Partnership  # noqa: E402
from closer_tui.store.store import INDEX_NAME, Store  # noqa: E402

DEFAULT_SIZES = (10, 1000, 10000)
QUICK_SIZES = (10, 100, 1000)
DEFAULT_REPEATS = 200
MIN_REPEATS = 200  # the fewest samples a p95 is judged on, for closer and the TinyDB baseline alike
WARMUP = 3
IMPORT_CHUNK = 1000
TARGET_RATIO = 1.5
SEED = 20260301

# --- realistic records ------------------------------------------------------

FIRST_NAMES = (
    "Amara", "Ben", "Chloé", "Dev", "Elif", "Farid", "Grace", "Hiro", "Ines", "José",
    "Kemi", "Lars", "Maya", "Niamh", "Oskar", "Priya", "Quentin", "Rosa", "Sami", "Tomás",
    "Una", "Victor", "Wen", "Ximena", "Yusuf", "Zoë", "Łukasz", "Aoife", "Bilal", "Carmen",
)
LAST_NAMES = (
    "Adeyemi", "Baker", "Chen", "Dubois", "Eriksen", "Fernández", "Gupta", "Hughes", "Ivanova",
    "Jensen", "Kowalski", "Lopez", "Murphy", "Nakamura", "O'Brien", "Patel", "Rossi", "Schmidt",
    "Tanaka", "Uçar", "Van Dijk", "Walsh", "Yilmaz", "Zhang",
)
PROGRAMMES = (
    "Women in Research Leadership 2026",
    "New Managers Circle",
    "Grant Writing Mentorship",
    "Early Career Researchers",
    "Community Leaders Programme",
    "",
)
GOALS = (
    "Submit a first grant application as principal investigator",
    "Build a network of five contacts outside my department",
    "Lead a team meeting every week without preparing a full script",
    "Decide between staying in academia and moving to industry",
    "Present my work at an international conference",
    "Delegate the monthly report to a junior colleague",
    "Negotiate a clear promotion path with my line manager",
    "Publish the pilot study in a peer-reviewed journal",
    "Learn to say no to projects outside my priorities",
    "Write a one-page personal development plan for next year",
)
SENTENCES = (
    "We went back over the plan agreed at the start and checked each step against what actually happened.",
    "The mentee said the hardest part was asking for feedback early, before the draft felt finished.",
    "The mentor shared how she handled a similar reorganisation and what she would do differently now.",
    "We agreed that the next draft goes to two colleagues before the end of the month.",
    "Confidence in meetings has clearly grown; questions now come first rather than at the very end.",
    "Time was the main obstacle: teaching load doubled in the spring term and the goal slipped.",
    "A useful exercise was mapping who already supports the work and who could be asked next.",
    "We talked about boundaries, and about protecting two mornings a week for writing.",
    "The budget section was rewritten from scratch after the funder's information session.",
    "Both of us found the monthly rhythm right; fortnightly would have felt rushed.",
    "The mentee wants to keep the reflective journal going after the partnership ends.",
    "We noted three lessons: start small, ask sooner, and celebrate each finished step.",
    "There was a frank conversation about imposter feelings, which the mentor says never fully go away.",
    "The conference abstract was accepted, which changed how the mentee talks about the project.",
    "Next time we would set fewer goals and review them every third meeting.",
)


def text_of_length(rng: random.Random, length: int) -> str:
    """Sentences from SENTENCES, joined until the text is about ``length`` characters."""
    parts: list[str] = []
    size = 0
    while size < length:
        sentence = rng.choice(SENTENCES)
        parts.append(sentence)
        size += len(sentence) + 1
    return " ".join(parts)


def unique_ids(rng: random.Random, count: int, length: int = ID_LENGTH) -> list[str]:
    """Ids like closer's own, reproducible and never repeated (random ones would clash at 10,000)."""
    ids: dict[str, None] = {}
    while len(ids) < count:
        ids["".join(rng.choice(ID_ALPHABET) for _ in range(length))] = None
    return list(ids)


def make_goal(rng: random.Random, goal_id: str, text: str) -> Goal:
    status = rng.choice(("open", "achieved", "exceeded", "partly", "changed"))
    return Goal(
        id=goal_id,
        text=text,
        owner=rng.choice(("mentee", "mentee", "mentor")),
        status=status,
        what_changed=text_of_length(rng, 80) if status in ("achieved", "exceeded", "changed") else "",
        mentor_view=text_of_length(rng, 150),
        mentee_view=text_of_length(rng, 150),
    )


def make_goals(rng: random.Random, count: int) -> list[Goal]:
    return [make_goal(rng, gid, text) for gid, text in zip(unique_ids(rng, count, 4), rng.sample(GOALS, count))]


def make_meeting(rng: random.Random, start: dt.date, number: int) -> Meeting:
    return Meeting(
        date=(start + dt.timedelta(days=30 * number)).isoformat(),
        notes=text_of_length(rng, 200),
        milestone=rng.random() < 0.2,
    )


def make_partnership(rng: random.Random, pid: str) -> Partnership:
    """One partnership with about 4 KB of notes, as after a few months of meetings."""
    start = dt.date(2025, 1, 6) + dt.timedelta(days=rng.randrange(365))
    partnership = Partnership.create(
        mentor=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        mentee=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        programme=rng.choice(PROGRAMMES),
        start_date=start.isoformat(),
        goals=make_goals(rng, rng.randint(3, 5)),
        agreed_duration="six months",
        id=pid,
    )
    partnership.meetings = [make_meeting(rng, start, n) for n in range(rng.randint(3, 6))]
    partnership.close.stage_notes = {
        "evaluate": text_of_length(rng, 400),
        "next_steps": text_of_length(rng, 250),
        "development": text_of_length(rng, 250),
    }
    if rng.random() < 0.3:
        partnership.close.end_reason = "duration"
        partnership.set_status("closed")
    return partnership


def make_partnerships(count: int) -> list[Partnership]:
    """``count`` partnerships; the first ones are the same whatever ``count`` is."""
    ids = unique_ids(random.Random(SEED), count)
    content = random.Random(SEED + 1)
    return [make_partnership(content, pid) for pid in ids]


def edited_notes(base: str, count: int) -> list[str]:
    """``count`` different versions of a note, all the same length, so files do not grow."""
    return [f"{base} (edit {i:05d})" for i in range(count)]


# --- measuring --------------------------------------------------------------


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def describe(samples_ms: list[float]) -> dict:
    """Median and p95 (linear interpolation between the closest ranks), in ms."""
    ordered = sorted(samples_ms)
    p95 = statistics.quantiles(ordered, n=100, method="inclusive")[94] if len(ordered) > 1 else ordered[0]
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(p95, 3),
        "min_ms": round(ordered[0], 3),
        "max_ms": round(ordered[-1], 3),
    }


def file_identity(path: Path) -> tuple[int, int]:
    """Changes whenever the file is rewritten (atomic writes replace the inode)."""
    info = path.stat()
    return info.st_ino, info.st_mtime_ns


def build_closer_store(root: Path, partnerships: list[Partnership]) -> float:
    """Fill a new store the way `closer import` does, a chunk at a time; seconds taken."""
    start = time.perf_counter()
    with Store.open_writer(root) as store:
        for chunk in chunks(partnerships, IMPORT_CHUNK):
            store.import_partnerships(chunk)
    return time.perf_counter() - start


class NoteSaver:
    """An open closer store, and the one partnership whose Evaluate note it keeps editing."""

    def __init__(self, root: Path, target_id: str, saves: int) -> None:
        self.root = root
        start = time.perf_counter()
        self.store = Store.open_writer(root)
        self.open_ms = (time.perf_counter() - start) * 1000
        self.partnership = self.store.get(target_id)
        self.notes = edited_notes(self.partnership.close.stage_notes["evaluate"], saves)
        self.index_before = file_identity(root / INDEX_NAME)
        self.samples: list[float] = []

    def save_next_note(self) -> None:
        """What the app does when a note changes, timed."""
        note = self.notes[len(self.samples)]

        def save() -> None:
            self.partnership.close.stage_notes["evaluate"] = note
            self.store.save(self.partnership)

        self.samples.append(timed_ms(save))

    def result(self, warmup: int) -> dict:
        saved = self.store.get(self.partnership.id).close.stage_notes["evaluate"]
        assert saved == self.notes[len(self.samples) - 1], "the last note was not saved"
        return {
            **describe(self.samples[warmup:]),
            "samples_ms": self.samples[warmup:],  # in round order; build_report takes them out
            "open_ms": round(self.open_ms, 3),
            "record_bytes": self.store.record_path(self.partnership.id).stat().st_size,
            "index_untouched_by_saves": file_identity(self.root / INDEX_NAME) == self.index_before,
        }

    def close(self) -> None:
        self.store.close()


def measure_closer(roots: dict[int, Path], target_id: str, repeats: int) -> dict[int, dict]:
    """Time note saves in every store, taking turns, so disk noise hits all sizes alike."""
    sizes = sorted(roots)
    with contextlib.ExitStack() as stack:
        savers = {}
        for size in sizes:
            savers[size] = NoteSaver(roots[size], target_id, WARMUP + repeats)
            stack.callback(savers[size].close)
        for round_number in range(WARMUP + repeats):
            shift = round_number % len(sizes)  # no size always goes first
            for size in sizes[shift:] + sizes[:shift]:
                savers[size].save_next_note()
        return {size: saver.result(WARMUP) for size, saver in savers.items()}


def build_tinydb_file(path: Path, partnerships: list[Partnership]) -> float:
    """All partnerships as documents of one plain TinyDB file (one write); seconds taken."""
    start = time.perf_counter()
    with TinyDB(path) as db:
        db.insert_multiple(p.to_dict() for p in partnerships)
    return time.perf_counter() - start


def set_evaluate_note(note: str) -> Callable[[dict], None]:
    """A TinyDB update operation: replace one document's Evaluate note."""

    def transform(doc: dict) -> None:
        doc["close"]["stage_notes"]["evaluate"] = note

    return transform


def measure_tinydb(path: Path, doc_id: int, repeats: int) -> dict:
    """Time note updates of one document in the single-file TinyDB store."""
    warmup = 1  # each update rewrites the whole file: one is enough to warm up
    with TinyDB(path) as db:
        base = db.get(doc_id=doc_id)["close"]["stage_notes"]["evaluate"]
        notes = edited_notes(base, warmup + repeats)
        samples = [timed_ms(functools.partial(db.update, set_evaluate_note(note), doc_ids=[doc_id])) for note in notes]
        assert db.get(doc_id=doc_id)["close"]["stage_notes"]["evaluate"] == notes[-1]
    return {**describe(samples[warmup:]), "file_bytes": path.stat().st_size, "samples_ms": samples[warmup:]}


def run(workdir: Path, sizes: tuple[int, ...], repeats: int) -> dict[int, dict]:
    """Build a closer store per size, time note saves in them, then do the same with plain TinyDB."""
    everyone = make_partnerships(max(sizes))  # each size takes the first N: the same records
    target = everyone[0]  # the record edited, identical at every size: only the store's size differs
    results: dict[int, dict] = {size: {"build_seconds": {}} for size in sizes}
    roots = {size: workdir / f"closer-{size}" for size in sizes}
    for size in sizes:
        progress(f"{size:>6} partnerships: building the closer store")
        results[size]["build_seconds"]["closer"] = round(build_closer_store(roots[size], everyone[:size]), 2)
    progress(f"timing {WARMUP}+{repeats} note saves per closer store, sizes taking turns")
    for size, measured in measure_closer(roots, target.id, repeats).items():
        results[size]["closer"] = measured
    for size in sizes:
        shutil.rmtree(roots[size], ignore_errors=True)
        path = workdir / f"tinydb-{size}.json"
        progress(f"{size:>6} partnerships: plain TinyDB file, timing {repeats} updates")
        results[size]["build_seconds"]["tinydb"] = round(build_tinydb_file(path, everyone[:size]), 2)
        results[size]["tinydb"] = measure_tinydb(path, 1, repeats)  # TinyDB ids start at 1: the target
        path.unlink()
    return results


# --- reporting --------------------------------------------------------------


def filesystem_of(path: Path) -> str | None:
    """The file system type holding ``path`` (Linux only): fsync cost depends on it."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    best, kind = "", None
    resolved = str(path.resolve())
    for line in mounts:
        fields = line.split()
        if len(fields) >= 3 and (resolved == fields[1] or resolved.startswith(fields[1].rstrip("/") + "/")):
            if len(fields[1]) > len(best):
                best, kind = fields[1], fields[2]
    return kind


def machine_info(workdir: Path) -> dict:
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "tinydb": tinydb.__version__,
        "data_folder": str(workdir),
        "filesystem": filesystem_of(workdir),
    }


def ratio(sizes: dict, kind: str, stat: str) -> float:
    smallest, largest = sizes[min(sizes)], sizes[max(sizes)]
    return round(largest[kind][stat] / smallest[kind][stat], 3)


def build_report(machine: dict, results: dict[int, dict], wall_seconds: float) -> dict:
    small, large = min(results), max(results)
    samples = {size: {kind: results[size][kind].pop("samples_ms") for kind in ("closer", "tinydb")} for size in results}
    closer_ratio, tinydb_ratio = {}, {}
    for stat in ("median", "p95"):
        closer_ratio[stat] = ratio(results, "closer", f"{stat}_ms")
        closer_ratio[f"{stat}_interval"] = [
            round(bound, 3)
            for bound in verdicts.paired_ratio_interval(samples[large]["closer"], samples[small]["closer"], stat, seed=SEED)
        ]
        tinydb_ratio[stat] = ratio(results, "tinydb", f"{stat}_ms")
        tinydb_ratio[f"{stat}_interval"] = [
            round(bound, 3) for bound in verdicts.ratio_interval(samples[large]["tinydb"], samples[small]["tinydb"], stat, seed=SEED)
        ]
    rows = [
        verdicts.verdict(
            f"saving one note, {large:,} : {small:,} partnerships (x)",
            stat,
            closer_ratio[stat],
            TARGET_RATIO,
            interval=tuple(closer_ratio[f"{stat}_interval"]),
            runs=[(closer_ratio[stat], True)],
        )
        for stat in ("median", "p95")
    ]
    return {
        "machine": machine,
        "sizes": {str(size): results[size] for size in sorted(results)},
        f"ratio_{large}_to_{small}": closer_ratio,
        f"tinydb_ratio_{large}_to_{small}": tinydb_ratio,
        "target_ratio": TARGET_RATIO,
        "confidence": verdicts.CONFIDENCE,
        "verdicts": rows,
        "meets_target": all(row["met"] for row in rows),
        "information": [
            {
                "what": f"the same in one plain TinyDB file (median / p95, n {results[large]['tinydb']['n']})",
                "figure": f"{results[large]['tinydb']['median_ms']:,.0f} / {results[large]['tinydb']['p95_ms']:,.0f} ms a save at"
                f" {large:,} partnerships, {tinydb_ratio['median']:.3g}x / {tinydb_ratio['p95']:.3g}x the {small:,}",
            },
            {
                "what": f"closer's saves (median / p95, n {results[large]['closer']['n']})",
                "figure": f"{results[small]['closer']['median_ms']:.1f} / {results[small]['closer']['p95_ms']:.1f} ms at {small:,},"
                f" {results[large]['closer']['median_ms']:.1f} / {results[large]['closer']['p95_ms']:.1f} ms at {large:,}",
            },
        ],
        "wall_seconds": round(wall_seconds, 1),
    }


def table(report: dict) -> str:
    lines = [
        f"{'partnerships':>12} | {'closer median':>13} {'p95':>8} {'n':>4} | {'tinydb median':>13} {'p95':>8} {'n':>4}",
        "-" * 75,
    ]
    for size, row in report["sizes"].items():
        c, t = row["closer"], row["tinydb"]
        lines.append(
            f"{size:>12} | {c['median_ms']:>10.2f} ms {c['p95_ms']:>8.2f} {c['n']:>4} |"
            f" {t['median_ms']:>10.2f} ms {t['p95_ms']:>8.2f} {t['n']:>4}"
        )
    closer_key = next(key for key in report if key.startswith("ratio_"))
    tinydb_key = f"tinydb_{closer_key}"
    confidence = f"{report['confidence']:.0%} CI"
    for name, key in (("closer", closer_key), ("tinydb", tinydb_key)):
        r = report[key]
        lines.append(
            f"{name} {closer_key}: median x{r['median']} ({confidence} {r['median_interval'][0]}-{r['median_interval'][1]}),"
            f" p95 x{r['p95']} ({confidence} {r['p95_interval'][0]}-{r['p95_interval'][1]})"
        )
    lines += ["", *verdicts.lines(report["verdicts"]), f"wall time {report['wall_seconds']} s"]
    return "\n".join(lines)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_isolated(coroutine):
    """Run one app in a fresh event loop, with what earlier runs left behind frozen out of the
    garbage collector, so that full collections during a run scan that app's heap, not the harness's."""
    gc.collect()
    gc.freeze()
    try:
        return asyncio.run(coroutine)
    finally:
        gc.unfreeze()


def record_garbage_collections(into: list[tuple[float, float, int]]) -> Callable[[str, dict], None]:
    """Append (start, end, generation) to ``into`` for every collection from now on.

    Returns the installed ``gc.callbacks`` entry; remove it from there when done.
    """
    collecting: dict[str, float] = {}

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            collecting["start"] = time.perf_counter()
        elif "start" in collecting:
            into.append((collecting.pop("start"), time.perf_counter(), info["generation"]))

    gc.callbacks.append(on_gc)
    return on_gc


# --- command line -----------------------------------------------------------


def parse_sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(sorted({int(part) for part in text.replace(" ", ",").split(",") if part}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of numbers like 10,1000,10000") from None
    if len(sizes) < 2 or sizes[0] < 1:
        raise argparse.ArgumentTypeError("give at least two different sizes, each 1 or more")
    return sizes


def enough_repeats(text: str) -> int:
    value = int(text)
    if value < MIN_REPEATS:
        raise argparse.ArgumentTypeError(f"a p95 is judged on at least {MIN_REPEATS} samples")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--sizes", type=parse_sizes, default=DEFAULT_SIZES, help="comma-separated, default 10,1000,10000")
    group.add_argument("--quick", action="store_const", dest="sizes", const=QUICK_SIZES, help="sizes 10,100,1000")
    parser.add_argument(
        "--repeats",
        type=enough_repeats,
        default=DEFAULT_REPEATS,
        help=f"timed saves per size, in closer and in plain TinyDB alike (default and least {DEFAULT_REPEATS})",
    )
    parser.add_argument("--dir", type=Path, default=None, help="where to build the stores (default: the system temp folder)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="closer-bench-", dir=args.dir) as temp:
        workdir = Path(temp)
        results = run(workdir, args.sizes, args.repeats)
        machine = machine_info(workdir)
    report = build_report(machine, results, time.perf_counter() - started)
    print(json.dumps(report, indent=2))
    progress("")
    progress(table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

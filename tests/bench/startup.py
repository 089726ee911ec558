"""Start-up time and peak memory of closer against a hello-world Textual app, started the same way.

Each app runs in a fresh Python process (interpreter start and imports count,
as they do for a user), headless, and exits as soon as its first screen has
been drawn: for closer that is the closing dashboard of one partnership, ready
for typing, in a store of 10 or 10,000 partnerships. The hello-world app is one
``Static`` saying hello. Peak memory is the child's maximum resident set size.

    python tests/bench/startup.py [--runs 7] [--sizes 10,10000]

Prints a JSON report on stdout and a table on stderr. Targets (issue 6):
start-up at most 1.5x the hello-world app, peak memory at 10,000 partnerships
at most 2x.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from store import build_closer_store, machine_info, make_partnerships  # noqa: E402

START_TARGET = 1.5
MEMORY_TARGET = 2.0

HELLO = """
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("hello")

    def on_mount(self):
        self.call_after_refresh(self.exit)

Hello().run(headless=True, size=(100, 30))
"""

# The child reports its own peak: a forked child's ru_maxrss starts at the
# parent's size on Linux, and the parent holds 10,000 records in memory.
PEAK = """
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        print("peak-kib", line.split()[1])
"""

CLOSER = """
import sys
from pathlib import Path
from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.dashboard import DashboardScreen

app = CloserApp(Path(sys.argv[1]), partnership_id=sys.argv[2])

def ready():
    if isinstance(app.screen, DashboardScreen) and app.screen.focused is not None:
        app.exit()
    else:
        app.call_after_refresh(ready)

app.call_later(ready)
app.run(headless=True, size=(100, 30))
if not isinstance(app.return_code, int) or app.return_code:
    sys.exit(f"closer did not reach its dashboard ({app.return_code})")
"""


def run_child(code: str, *args: str) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB, VmHWM) of one fresh process running ``code``."""
    env = {**os.environ, "PYTHONPATH": str(HERE.parents[1]), "HOME": tempfile.mkdtemp()}
    env.pop("CLOSER_DB", None)
    # The warm-up run writes bytecode for closer's modules, as installing a wheel
    # does; Textual's own came with its install. Without this, closer alone would
    # be compiled from source on every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    child = subprocess.run([sys.executable, "-c", code + PEAK, *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"the benchmark child failed: {child.stderr[-500:]}")
    peak = next(int(line.split()[1]) for line in child.stdout.splitlines() if line.startswith("peak-kib"))
    return seconds, peak


def measure(runs: int, sizes: tuple[int, ...], workdir: Path) -> dict:
    stores = {}
    for size in sizes:
        partnerships = make_partnerships(size)
        root = workdir / f"store-{size}"
        build_closer_store(root, partnerships)
        stores[size] = (root, partnerships[0].id)
        print(f"built a store of {size:,} partnerships", file=sys.stderr)
    samples: dict[str, list[tuple[float, int]]] = {"hello": []} | {f"closer_{size}": [] for size in sizes}
    run_child(HELLO)  # warm the disk cache and bytecode for both
    run_child(CLOSER, str(stores[sizes[0]][0]), stores[sizes[0]][1])
    for _ in range(runs):  # interleaved, so a slow moment hits every case alike
        samples["hello"].append(run_child(HELLO))
        for size in sizes:
            root, pid = stores[size]
            samples[f"closer_{size}"].append(run_child(CLOSER, str(root), pid))
    disk = {size: sum(p.stat().st_size for p in stores[size][0].rglob("*") if p.is_file()) for size in sizes}
    return summarise(samples, disk)


def summarise(samples: dict[str, list[tuple[float, int]]], disk: dict[int, int]) -> dict:
    cases = {}
    for name, runs in samples.items():
        seconds = [s for s, _ in runs]
        cases[name] = {
            "start_ms_median": round(statistics.median(seconds) * 1000, 1),
            "start_ms_max": round(max(seconds) * 1000, 1),
            "peak_rss_mib": round(max(rss for _, rss in runs) / 1024, 1),
        }
    hello = cases["hello"]
    largest = max(int(name.split("_")[1]) for name in cases if name.startswith("closer_"))
    for name, case in cases.items():
        if name != "hello":
            case["start_ratio"] = round(case["start_ms_median"] / hello["start_ms_median"], 2)
            case["memory_ratio"] = round(case["peak_rss_mib"] / hello["peak_rss_mib"], 2)
    worst_start = max(case["start_ratio"] for name, case in cases.items() if name != "hello")
    return {
        "cases": cases,
        "store_bytes_on_disk": {str(size): size_bytes for size, size_bytes in disk.items()},
        "start_target_ratio": START_TARGET,
        "memory_target_ratio": MEMORY_TARGET,
        "meets_start_target": worst_start <= START_TARGET,
        "meets_memory_target": cases[f"closer_{largest}"]["memory_ratio"] <= MEMORY_TARGET,
    }


def table(report: dict) -> str:
    lines = [f"{'case':<14}{'start (median)':>16}{'ratio':>8}{'peak RSS':>12}{'ratio':>8}"]
    for name, case in report["cases"].items():
        lines.append(
            f"{name:<14}{case['start_ms_median']:>13.0f} ms{case.get('start_ratio', 1.0):>8.2f}"
            f"{case['peak_rss_mib']:>8.1f} MiB{case.get('memory_ratio', 1.0):>8.2f}"
        )
    for size, size_bytes in report["store_bytes_on_disk"].items():
        lines.append(f"store of {int(size):,} partnerships: {size_bytes / 2**20:.1f} MiB on disk")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", default="10,10000", help="store sizes, comma-separated")
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(","))
    with tempfile.TemporaryDirectory() as workdir:
        report = {"machine": machine_info(Path(workdir))} | measure(args.runs, sizes, Path(workdir))
    print(table(report), file=sys.stderr)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

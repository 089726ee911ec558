"""Run every benchmark of tests/bench/ and print one JSON report and a readable table.

    python tests/bench/run.py            # the full sizes (takes several minutes)
    python tests/bench/run.py --quick    # smaller stores, fewer rounds: a smoke run

Each benchmark is its own script printing JSON on stdout; this runs them one
after another (never in parallel: they would skew each other's timings) and
keeps their reports whole under ``benchmarks``, with the headline figures and
the targets of issue 6 (and of issue 15: the audience view, ``follow``) pulled
out under ``summary``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("startup", "store", "keystrokes", "review", "follow")
# The smoke-run arguments of each benchmark; the others take --quick.
QUICK_ARGS = {"follow": ["--quick"]}


def run_benchmark(name: str, quick: bool) -> dict:
    args = [sys.executable, str(HERE / f"{name}.py")]
    if quick:
        args += QUICK_ARGS.get(name, ["--quick"])
    print(f"running {name}…", file=sys.stderr)
    started = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        return {"error": f"exit {result.returncode}", "stderr": result.stderr[-2000:]}
    report = json.loads(result.stdout)
    report["bench_wall_seconds"] = round(time.perf_counter() - started, 1)
    return report


def largest(sizes: dict) -> str:
    return max(sizes, key=int)


def summarise(reports: dict[str, dict]) -> list[dict]:
    """One row per target: what, figure, target, met."""
    rows = []

    def add(what: str, figure: object, target: str, met: object) -> None:
        rows.append({"what": what, "figure": figure, "target": target, "met": met})

    startup = reports.get("startup", {})
    for row in startup.get("targets", []):  # each already a row: what, figure, target, met (startup.py judges them)
        add(row["what"], row["figure"], row["target"], row["met"])
    for size, size_bytes in startup.get("store_bytes_on_disk", {}).items():
        add(f"store size on disk, {int(size):,} partnerships (MiB)", round(size_bytes / 2**20, 1), "-", None)
    store = reports.get("store", {})
    ratio_key = next((k for k in store if k.startswith("ratio_") and k.endswith("_to_10")), None)
    if ratio_key:
        ratio = store[ratio_key]
        add(f"save latency {ratio_key.removeprefix('ratio_').replace('_to_', ' : ')} (median / p95)",
            f"{ratio['median']} / {ratio['p95']}", "<= 1.5", store.get("meets_target"))
    keys = reports.get("keystrokes", {})
    for case, cmp in keys.get("comparisons", {}).items():
        add(f"keystroke latency {case} (x bare TextArea, median / p95)",
            f"{cmp['median_ratio']} / {cmp['p95_ratio']}", "<= 1.2", cmp["meets_target"])
    review = reports.get("review", {})
    if "sizes" in review:
        size = largest(review["sizes"])
        row = review["sizes"][size]
        add(f"review open, {int(size):,} partnerships (ms, median)", row["open"]["cold"]["median_ms"], "< 1000",
            review["meets_target"]["open"])
        latency = row["filter"]["after_load"]["latency"]
        add(f"review filter keystroke, {int(size):,} partnerships (ms, median / p95)",
            f"{latency['median_ms']} / {latency['p95_ms']}", "< 50", review["meets_target"]["filter"])
    for row in reports.get("follow", {}).get("targets", {}).values():  # each already a row: what, figure, target, met
        add(row["what"], row["figure"], row["target"], row["met"])
    for name, report in reports.items():
        if "error" in report:
            add(f"{name} benchmark", report["error"], "runs", False)
    return rows


def table(rows: list[dict]) -> str:
    width = max(len(row["what"]) for row in rows) if rows else 10
    lines = [f"{'':<{width}}  {'figure':>14}  {'target':>8}  met"]
    for row in rows:
        met = {True: "yes", False: "NO", None: ""}[row["met"]]
        lines.append(f"{row['what']:<{width}}  {row['figure']!s:>14}  {row['target']:>8}  {met}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller stores and fewer rounds")
    parser.add_argument("--only", choices=BENCHMARKS, action="append", help="run just these benchmarks")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    reports = {name: run_benchmark(name, args.quick) for name in (args.only or BENCHMARKS)}
    summary = summarise(reports)
    print(table(summary), file=sys.stderr)
    report = {
        "quick": args.quick,
        "wall_seconds": round(time.perf_counter() - started, 1),
        "summary": summary,
        "benchmarks": reports,
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

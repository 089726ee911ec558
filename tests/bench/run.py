"""Run every benchmark of tests/bench/ and print one JSON report and a readable table.

    python tests/bench/run.py                # the full sizes (takes the best part of an hour)
    python tests/bench/run.py --quick        # smaller stores, fewer rounds: a smoke run
    python tests/bench/run.py --markdown     # the table also as the README's rows
    python tests/bench/run.py --from REPORT.json --markdown   # the tables of an earlier run, again

Each benchmark is its own script printing JSON on stdout; this runs them one
after another (never in parallel: they would skew each other's timings) and
keeps their reports whole under ``benchmarks``, with one row per target under
``summary``: the figure over all runs, the target, and whether it is met,
with how many of the runs met it on their own ("yes, 3 of 3 runs"; "NO, 2 of
3 runs"). A target is met only if its figure over all runs is within the
limit (its whole confidence interval, where the benchmark gives one) and no
run lost typed text or rows; see tests/bench/verdicts.py. A benchmark that
fails to run is a failed row too.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import verdicts  # noqa: E402  (tests/bench/verdicts.py)

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


def information(reports: dict[str, dict]) -> list[dict]:
    """Figures with no target (a baseline, a size on disk): what and figure."""
    rows = []
    for name, report in reports.items():
        if "error" not in report:
            rows += report.get("information", [])
    return rows


def summarise(reports: dict[str, dict]) -> list[dict]:
    """One row per target of every benchmark, as tests/bench/verdicts.py builds them."""
    rows = []
    for name, report in reports.items():
        if "error" in report:
            rows.append({**verdicts.verdict(f"{name} benchmark runs", "exit", None, 0), "why_not": report["error"]})
            continue
        found = report.get("verdicts")
        if found is None:
            rows.append({**verdicts.verdict(f"{name} benchmark gives verdicts", "exit", None, 0), "why_not": "no verdicts in its report"})
            continue
        rows += [{**row, "benchmark": name} for row in found]
    return rows


def table(rows: list[dict], info: list[dict]) -> str:
    what = [f"{row['what']}, {row['statistic']}" for row in rows]
    width = max(map(len, what), default=10)
    figures = [verdicts.figure_text(row) for row in rows]
    figure_width = max(map(len, figures), default=6)
    lines = [f"{'':<{width}}  {'figure':>{figure_width}}  {'target':>10}  met"]
    for row, label, figure in zip(rows, what, figures):
        lines.append(f"{label:<{width}}  {figure:>{figure_width}}  {row['target']:>10}  {verdicts.met_text(row)}")
        if row["why_not"]:
            lines.append(f"{'':<{width}}  ({row['why_not']})")
    met = sum(1 for row in rows if row["met"])
    lines.append(f"{met} of {len(rows)} targets met")
    lines += [f"{row['what']}: {row['figure']}" for row in info]
    return "\n".join(lines)


def markdown(rows: list[dict], info: list[dict]) -> str:
    """The rows as the README's performance table has them: What | Figure | Target | Met."""
    lines = ["| What | Figure | Target | Met |", "|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row['what']}, {row['statistic']} | {verdicts.figure_text(row)} | {row['target']} | {verdicts.met_text(row)} |")
    lines += [f"| {row['what']} | {row['figure']} | | |" for row in info]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller stores and fewer rounds")
    parser.add_argument("--only", choices=BENCHMARKS, action="append", help="run just these benchmarks")
    parser.add_argument("--markdown", action="store_true", help="also print the table as the README's rows (stderr)")
    parser.add_argument("--from", dest="earlier", type=Path, help="run nothing: print the tables of this earlier report")
    args = parser.parse_args(argv)
    if args.earlier:
        reports = json.loads(args.earlier.read_text(encoding="utf-8"))["benchmarks"]
        summary, info = summarise(reports), information(reports)
        print(table(summary, info), file=sys.stderr)
        if args.markdown:
            print("\n" + markdown(summary, info), file=sys.stderr)
        return
    started = time.perf_counter()
    reports = {name: run_benchmark(name, args.quick) for name in (args.only or BENCHMARKS)}
    summary, info = summarise(reports), information(reports)
    print(table(summary, info), file=sys.stderr)
    if args.markdown:
        print("\n" + markdown(summary, info), file=sys.stderr)
    report = {
        "quick": args.quick,
        "wall_seconds": round(time.perf_counter() - started, 1),
        "summary": summary,
        "information": info,
        "benchmarks": reports,
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

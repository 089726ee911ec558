"""The benchmarks' verdicts (tests/bench/verdicts.py, tests/bench/run.py) cannot say "met" when it is not."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import run  # noqa: E402  (tests/bench/run.py)
import verdicts  # noqa: E402  (tests/bench/verdicts.py)


def test_a_target_met_over_all_runs_and_in_each():
    row = verdicts.verdict("keys", "median", 1.1, 1.2, runs=[(1.05, True), (1.15, True), (1.1, True)])
    assert row["met"] and row["runs_met"] == 3 and row["run_count"] == 3
    assert verdicts.met_text(row) == "yes, 3 of 3 runs"


def test_a_run_over_the_limit_is_counted_against_the_target():
    row = verdicts.verdict("keys", "p95", 1.19, 1.2, runs=[(1.05, True), (1.31, True), (1.1, True)])
    assert row["met"]  # over all runs it is within the limit ...
    assert verdicts.met_text(row) == "yes, 2 of 3 runs"  # ... and the report says one run was not
    assert "1.31 FAIL" in "\n".join(verdicts.lines([row]))


def test_a_run_that_lost_text_fails_the_target_however_fast():
    row = verdicts.verdict("keys", "median", 0.9, 1.2, runs=[(0.9, True), (0.8, False)])
    assert not row["met"]
    assert row["why_not"] == "run 2 lost text or rows"
    assert verdicts.met_text(row) == "NO, 1 of 2 runs"
    assert verdicts.lines([row])[0].startswith("FAIL")


@pytest.mark.parametrize("figure", [1.21, None, float("nan")])
def test_a_figure_over_the_limit_or_missing_fails(figure):
    assert not verdicts.verdict("keys", "median", figure, 1.2)["met"]


def test_a_strict_limit_is_not_met_at_the_limit():
    assert not verdicts.verdict("filter", "p95", 50.0, 50.0, strict=True)["met"]
    assert verdicts.verdict("keys", "p95", 1.2, 1.2)["met"]


def test_a_confidence_interval_reaching_over_the_limit_fails_the_target():
    row = verdicts.verdict("save", "p95", 1.3, 1.5, interval=(1.1, 1.6))
    assert not row["met"] and "interval reaches 1.60" in row["why_not"]
    assert verdicts.figure_text(row) == "1.30 (95% CI 1.10-1.60)"
    assert verdicts.verdict("save", "p95", 1.3, 1.5, interval=(1.1, 1.45))["met"]


def test_the_bootstrap_interval_holds_the_ratio_and_narrows_with_more_samples():
    rng = random.Random(1)

    def noisy(n: int, scale: float) -> list[float]:
        return [scale * rng.lognormvariate(0, 0.4) for _ in range(n)]

    small_a, small_b = noisy(50, 2.0), noisy(50, 1.0)
    large_a, large_b = noisy(800, 2.0), noisy(800, 1.0)
    low, high = verdicts.ratio_interval(small_a, small_b, "median", seed=1)
    assert low < verdicts.median(small_a) / verdicts.median(small_b) < high
    wide = high - low
    low, high = verdicts.ratio_interval(large_a, large_b, "median", seed=1)
    assert low < 2.0 < high
    assert high - low < wide / 2
    paired_low, paired_high = verdicts.paired_ratio_interval(large_a, large_b, "p95", seed=1)
    assert paired_low < verdicts.p95(large_a) / verdicts.p95(large_b) < paired_high


def test_run_py_reports_a_lost_text_and_a_benchmark_that_did_not_run():
    lost = verdicts.verdict("keystroke latency, closer-10 (x bare TextArea)", "median", 1.0, 1.2, runs=[(1.0, False)])
    reports = {"keystrokes": {"verdicts": [lost]}, "review": {"error": "exit 1"}}
    rows = run.summarise(reports)
    text = run.table(rows, [])
    assert "NO, 0 of 1 run" in text and "run 1 lost text or rows" in text
    assert "review benchmark runs" in text and "exit 1" in text
    assert "0 of 2 targets met" in text
    assert "| keystroke latency, closer-10 (x bare TextArea), median | 1.00 | <= 1.2 | NO, 0 of 1 run |" in run.markdown(rows, [])

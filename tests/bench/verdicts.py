"""Pass or fail for a benchmark's targets, per run and over all runs, the same way in every benchmark.

A target is one statistic (a median, a p95, ...) of one figure against a limit. Its verdict:

* **met** only if the figure over all runs is within the limit, and, when the figure comes with a
  confidence interval, the whole interval is; and only if every run kept what it was given (the
  typed text, the rows a filter should show): a run that lost any fails whatever its speed;
* **per run**: the same statistic of that run alone, with its own pass or fail, so a report says
  "met in 2 of 3 runs" rather than "yes".

Each benchmark puts its verdicts, as built by :func:`verdict`, in its JSON report under
``verdicts``; ``tests/bench/run.py`` collects them from every benchmark.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Sequence

CONFIDENCE = 0.95
RESAMPLES = 2000


def within(figure: float | None, limit: float, strict: bool) -> bool:
    if figure is None or figure != figure:  # a missing figure, or NaN, meets nothing
        return False
    return figure < limit if strict else figure <= limit


def verdict(
    what: str,
    statistic: str,
    figure: float | None,
    limit: float,
    *,
    unit: str = "",
    strict: bool = False,
    runs: Sequence[tuple[float | None, bool]] = (),
    intact: bool | None = None,
    interval: tuple[float, float] | None = None,
    decimals: int = 2,
) -> dict:
    """One target's verdict. ``runs``: (that run's figure, whether it kept its text/rows) for each
    run; ``intact`` defaults to every run having kept them."""
    runs = [(figure_of_run, bool(kept)) for figure_of_run, kept in runs]
    intact = all(kept for _, kept in runs) if intact is None else intact
    problems = []
    if not intact:
        lost = [str(number) for number, (_, kept) in enumerate(runs, 1) if not kept]
        problems.append(f"run {', '.join(lost)} lost text or rows" if lost else "a run lost text or rows")
    if not within(figure, limit, strict):
        problems.append("the figure is over the limit" if figure is not None else "no figure")
    elif interval is not None and not within(interval[1], limit, strict):
        problems.append(f"the {CONFIDENCE:.0%} interval reaches {interval[1]:.{decimals}f}")
    per_run = [
        {"figure": rounded(value, decimals), "intact": kept, "met": kept and within(value, limit, strict)}
        for value, kept in runs
    ]
    return {
        "what": what,
        "statistic": statistic,
        "figure": rounded(figure, decimals),
        "unit": unit,
        "target": f"{'<' if strict else '<='} {limit:g}{unit}",
        "interval": [rounded(interval[0], decimals), rounded(interval[1], decimals)] if interval else None,
        "decimals": decimals,
        "intact": intact,
        "runs": per_run,
        "runs_met": sum(1 for run in per_run if run["met"]),
        "run_count": len(per_run),
        "met": not problems,
        "why_not": "; ".join(problems) or None,
    }


def rounded(value: float | None, decimals: int) -> float | None:
    return None if value is None else round(value, decimals)


def number(value: float | None, decimals: int) -> str:
    return "-" if value is None else f"{value:,.{decimals}f}"


def figure_text(row: dict) -> str:
    decimals = row.get("decimals", 2)
    if row["figure"] is None:
        return "-"
    text = f"{number(row['figure'], decimals)}{row['unit']}"
    if row["interval"]:
        low, high = row["interval"]
        text += f" ({CONFIDENCE:.0%} CI {number(low, decimals)}-{number(high, decimals)})"
    return text


def runs_text(row: dict) -> str:
    if not row["run_count"]:
        return ""
    return f"{row['runs_met']} of {row['run_count']} run{'s' if row['run_count'] != 1 else ''}"


def met_text(row: dict) -> str:
    return ("yes" if row["met"] else "NO") + (f", {runs_text(row)}" if row["run_count"] else "")


def lines(rows: Sequence[dict]) -> list[str]:
    """One line per target: PASS or FAIL, the figure, the limit, and each run's figure and verdict."""
    out = []
    for row in rows:
        line = f"{'PASS' if row['met'] else 'FAIL'}  {row['what']}, {row['statistic']}: {figure_text(row)}, target {row['target']}"
        if row["why_not"]:
            line += f" ({row['why_not']})"
        out.append(line)
        if row["run_count"]:
            each = ", ".join(
                f"{number(run['figure'], row.get('decimals', 2))} {'pass' if run['met'] else 'FAIL'}"
                + ("" if run["intact"] else " (lost text/rows)")
                for run in row["runs"]
            )
            out.append(f"      per run ({runs_text(row)} met): {each}")
    return out


# --- statistics -------------------------------------------------------------------------------


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def p95(samples: Sequence[float]) -> float:
    """The 95th percentile, interpolating between the closest ranks (as statistics.quantiles does)."""
    ordered = sorted(samples)
    if len(ordered) < 2:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[94]


STATISTICS: dict[str, Callable[[Sequence[float]], float]] = {"median": median, "p95": p95}


def ratio_interval(
    numerator: Sequence[float],
    denominator: Sequence[float],
    statistic: str,
    *,
    paired: bool = False,
    resamples: int = RESAMPLES,
    seed: int = 0,
) -> tuple[float, float]:
    """A percentile-bootstrap confidence interval for ``stat(numerator) / stat(denominator)``, the
    statistic named (median or p95). Samples taken independently are resampled each side on its
    own; ``paired`` ones (sample i of each taken in the same round) keep their pairs together."""
    if paired and len(numerator) != len(denominator):
        raise ValueError("paired samples must be as many on both sides")
    stat = STATISTICS[statistic]
    rng = random.Random(seed)
    n, m = len(numerator), len(denominator)
    ratios = []
    for _ in range(resamples):
        picked = [rng.randrange(n) for _ in range(n)]
        other = picked if paired else [rng.randrange(m) for _ in range(m)]
        ratios.append(stat([numerator[i] for i in picked]) / stat([denominator[i] for i in other]))
    ratios.sort()
    tail = (1 - CONFIDENCE) / 2
    return ratios[int(tail * resamples)], ratios[min(resamples - 1, int((1 - tail) * resamples))]


def paired_ratio_interval(numerator: Sequence[float], denominator: Sequence[float], statistic: str, **options) -> tuple[float, float]:
    """:func:`ratio_interval` for paired samples."""
    return ratio_interval(numerator, denominator, statistic, paired=True, **options)

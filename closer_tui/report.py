"""Programme outcomes across closed partnerships: counts, shares, reasons, close times.

Pure: takes partnerships, returns a plain dict (the JSON format), and formats
it as text with bars for a terminal, or as Markdown.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable

from .method import DEFAULT_CLOSE_MINUTES
from .model import END_REASON_LABELS, END_REASONS, GOAL_STATUS_LABELS, GOAL_STATUSES, Partnership
from .timer import format_clock

OUTCOME_STATUSES = tuple(s for s in GOAL_STATUSES if s != "open") + ("open",)
BAR_WIDTH = 24


def _yes_no_counts(values: Iterable[bool | None]) -> dict[str, int]:
    counts = Counter({True: 0, False: 0, None: 0})
    counts.update(values)
    return {"yes": counts[True], "no": counts[False], "not recorded": counts[None]}


def build_report(partnerships: Iterable[Partnership], *, programme: str | None = None, since: str | None = None) -> dict:
    """Outcomes of the partnerships closed (on or after ``since``, in ``programme`` if given)."""
    everything = list(partnerships)
    if programme:
        everything = [p for p in everything if p.programme.casefold() == programme.casefold()]
    closed = [p for p in everything if p.status == "closed"]
    if since:
        closed = [p for p in closed if (p.closed_at or "")[:10] >= since]
    goals = [g for p in closed for g in p.goals]
    outcomes = Counter(g.status for g in goals)
    close_seconds = [sum(p.timer.used.values()) for p in closed if sum(p.timer.used.values()) > 0]
    return {
        "filters": {"programme": programme, "since": since},
        "partnerships": {
            "in_scope": len(everything),
            "closed": len(closed),
            "still_open": sum(1 for p in everything if p.status != "closed"),
        },
        "goals": {
            "total": len(goals),
            "by_status": {status: outcomes.get(status, 0) for status in OUTCOME_STATUSES},
            "not_achieved_reasons": [
                {"partnership": p.id, "mentee": p.mentee, "goal": g.text, "reason": g.not_met_reason}
                for p in closed
                for g in p.goals
                if g.status == "not_achieved"
            ],
        },
        "end_reasons": {reason: sum(1 for p in closed if p.close.end_reason == reason) for reason in END_REASONS}
        | {"not recorded": sum(1 for p in closed if p.close.end_reason is None)},
        "extensions": {
            str(n): sum(1 for p in closed if p.close.extension.extra_meetings == n) for n in range(3)
        },
        "stay_in_touch": _yes_no_counts(p.close.stay_in_touch for p in closed),
        "would_mentor_others": {
            "mentors": _yes_no_counts(p.close.mentor_would_mentor_others for p in closed),
            "mentees": _yes_no_counts(p.close.mentee_would_mentor_others for p in closed),
        },
        "close_time": {
            "timed_closes": len(close_seconds),
            "median_seconds": statistics.median(close_seconds) if close_seconds else None,
            "recommended_seconds": DEFAULT_CLOSE_MINUTES * 60,
        },
    }


def share(count: int, total: int) -> float:
    return count / total if total else 0.0


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A bar of block characters; eighths make small shares visible."""
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")).ljust(width)


def _rows(counts: dict[str, int], labels: dict[str, str], with_bars: bool) -> list[str]:
    total = sum(counts.values())
    width = max((len(labels.get(k, k)) for k in counts), default=0)
    lines = []
    for key, count in counts.items():
        fraction = share(count, total)
        shown = f"  {labels.get(key, key):<{width}}  {count:>4}  {fraction:>4.0%}"
        lines.append(shown + (f"  {bar(fraction)}" if with_bars else ""))
    return lines


def report_text(report: dict, *, with_bars: bool = True) -> str:
    """The report for a terminal: plain lines, shares as bars."""
    scope = report["filters"]
    heading = "Programme outcomes"
    if scope["programme"]:
        heading += f": {scope['programme']}"
    if scope["since"]:
        heading += f" (closed since {scope['since']})"
    counts = report["partnerships"]
    lines = [heading, "=" * len(heading), ""]
    lines.append(f"Partnerships closed: {counts['closed']} (still open: {counts['still_open']})")
    lines += ["", f"Goals ({report['goals']['total']} in closed partnerships)"]
    lines += _rows(report["goals"]["by_status"], GOAL_STATUS_LABELS, with_bars)
    reasons = report["goals"]["not_achieved_reasons"]
    if reasons:
        lines += ["", "Why goals were not achieved"]
        lines += [f"  - {r['goal']} ({r['mentee']}): {r['reason']}" for r in reasons]
    lines += ["", "Why partnerships ended"]
    lines += _rows(report["end_reasons"], END_REASON_LABELS, with_bars)
    lines += ["", "Extensions (extra meetings)"]
    lines += _rows(report["extensions"], {"0": "none", "1": "one", "2": "two"}, with_bars)
    lines += ["", "Staying in touch"]
    lines += _rows(report["stay_in_touch"], {}, with_bars)
    for who, counts_ in report["would_mentor_others"].items():
        lines += ["", f"Would mentor others ({who})"]
        lines += _rows(counts_, {}, with_bars)
    timing = report["close_time"]
    recommended = format_clock(timing["recommended_seconds"])
    lines += ["", "Close time"]
    if timing["median_seconds"] is None:
        lines.append(f"  no timed closes yet (recommended: {recommended})")
    else:
        lines.append(
            f"  median {format_clock(timing['median_seconds'])} over {timing['timed_closes']} timed closes"
            f" (recommended: {recommended})"
        )
    return "\n".join(lines) + "\n"


def report_markdown(report: dict) -> str:
    """The same report as Markdown; the bars sit in a code block so they line up."""
    text = report_text(report)
    title, _, body = text.partition("\n")
    body = body.split("\n", 2)[2] if body.startswith("=") else body
    return f"# {title}\n\n```text\n{body.rstrip()}\n```\n"

"""Programme outcomes across closed partnerships: counts, shares, reasons, close times.

Pure: takes partnerships, returns a plain dict (the JSON format), and formats
it as text with bars for a terminal, or as Markdown.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable

from .actions import action_figures
from .export.markdown import inline
from .method import DEFAULT_CLOSE_MINUTES
from .model import END_REASON_LABELS, END_REASONS, GOAL_STATUS_LABELS, GOAL_STATUSES, Partnership
from .timer import format_clock

OUTCOME_STATUSES = tuple(s for s in GOAL_STATUSES if s != "open") + ("open",)
BAR_WIDTH = 24


def _yes_no_counts(values: Iterable[bool | None]) -> dict[str, int]:
    counts = Counter({True: 0, False: 0, None: 0})
    counts.update(values)
    return {"yes": counts[True], "no": counts[False], "not recorded": counts[None]}


def build_report(
    partnerships: Iterable[Partnership],
    *,
    programme: str | None = None,
    since: str | None = None,
    unreadable: dict[str, str] | None = None,
    sources: dict | None = None,
) -> dict:
    """Outcomes of the partnerships closed (on or after ``since``, in ``programme`` if given).

    ``unreadable`` (id -> why) are the partnerships whose files could not be read: they are
    counted apart and named, since nothing else about them (programme, status) is known.
    ``sources``: where a report across facilitators read its partnerships (see desk.report_from):
    the export files read, whether the local data was too, the duplicates dropped, the files
    that could not be read. Kept in the report as it is.
    """
    unreadable = unreadable or {}
    everything = list(partnerships)
    if programme:
        everything = [p for p in everything if p.programme.casefold() == programme.casefold()]
    closed = [p for p in everything if p.status == "closed"]
    if since:
        closed = [p for p in closed if (p.closed_at or "")[:10] >= since]
    goals = [g for p in closed for g in p.goals]
    outcomes = Counter(g.status for g in goals)
    close_seconds = [sum(p.timer.used.values()) for p in closed if sum(p.timer.used.values()) > 0]
    report = {
        "filters": {"programme": programme, "since": since},
        "partnerships": {
            "in_scope": len(everything),
            "closed": len(closed),
            "still_open": sum(1 for p in everything if p.status != "closed"),
            "unreadable": len(unreadable),
        },
        "unreadable": [{"partnership": pid, "problem": problem} for pid, problem in sorted(unreadable.items())],
        "goals": {
            "total": len(goals),
            "by_status": {status: outcomes.get(status, 0) for status in OUTCOME_STATUSES},
            "not_achieved_reasons": [
                {"partnership": p.id, "mentee": p.mentee, "goal": g.text, "reason": g.not_met_reason}
                for p in closed
                for g in p.goals
                if g.status == "not_achieved"
            ],
            # Goals whose outcome both partners gave (on their sheets or in the call), and of those the
            # ones they see differently: where the two perspectives of NORDP's close part ways.
            "rated_by_both": sum(1 for g in goals if g.mentor_outcome and g.mentee_outcome),
            "views_differ": sum(1 for g in goals if g.views_differ),
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
        "actions": action_figures(closed, everything),
        "close_time": {
            "timed_closes": len(close_seconds),
            "median_seconds": statistics.median(close_seconds) if close_seconds else None,
            "recommended_seconds": DEFAULT_CLOSE_MINUTES * 60,
        },
    }
    if sources is not None:
        report["sources"] = sources
    return report


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


def _heading(report: dict) -> str:
    scope = report["filters"]
    heading = "Programme outcomes"
    if scope["programme"]:
        heading += f": {scope['programme']}"
    if scope["since"]:
        heading += f" (closed since {scope['since']})"
    return heading


def _sections(report: dict, with_bars: bool) -> list[tuple[str, list[str]]]:
    """(title, lines) pairs; the reasons section holds one line per goal not achieved."""
    timing = report["close_time"]
    recommended = format_clock(timing["recommended_seconds"])
    if timing["median_seconds"] is None:
        close_time = [f"  no timed closes yet (recommended: {recommended})"]
    else:
        close_time = [
            f"  median {format_clock(timing['median_seconds'])} over {timing['timed_closes']} timed closes"
            f" (recommended: {recommended})"
        ]
    sections = [
        (f"Goals ({report['goals']['total']} in closed partnerships)", _rows(report["goals"]["by_status"], GOAL_STATUS_LABELS, with_bars)),
        ("Why goals were not achieved", [f"{r['goal']} ({r['mentee']}): {r['reason']}" for r in report["goals"]["not_achieved_reasons"]]),
        ("Seen differently", [_seen_differently(report["goals"])]),
        ("Why partnerships ended", _rows(report["end_reasons"], END_REASON_LABELS, with_bars)),
        ("Extensions (extra meetings)", _rows(report["extensions"], {"0": "none", "1": "one", "2": "two"}, with_bars)),
        ("Staying in touch", _rows(report["stay_in_touch"], {}, with_bars)),
    ]
    for who, counts in report["would_mentor_others"].items():
        sections.append((f"Would mentor others ({who})", _rows(counts, {}, with_bars)))
    sections.append(("Actions agreed in Next steps", _action_lines(report["actions"])))
    sections.append(("Close time", close_time))
    return [(title, lines) for title, lines in sections if lines]


def _seen_differently(goals: dict) -> str:
    differ, rated = goals.get("views_differ", 0), goals.get("rated_by_both", 0)
    if not rated:
        return "  no goal's outcome was given by both the mentor and the mentee"
    return f"  {differ} of the {rated} goal{'s' if rated != 1 else ''} both partners rated: mentor and mentee saw the outcome differently"


def _action_lines(actions: dict) -> list[str]:
    closes = actions["closes"]
    if not actions["set"]:
        return ["  no actions recorded"]
    per_close = actions["set"] / closes if closes else 0
    later = f", {actions['done_in_follow_on']} of them in a follow-on" if actions["done_in_follow_on"] else ""
    return [
        f"  {actions['set']} set in {closes} close{'s' if closes != 1 else ''} ({per_close:.1f} per close)",
        f"  {actions['with_due_date']} with a due date ({share(actions['with_due_date'], actions['set']):.0%})",
        f"  {actions['done']} done ({share(actions['done'], actions['set']):.0%}{later})",
    ]


REASONS = "Why goals were not achieved"


def _closed_line(report: dict) -> str:
    counts = report["partnerships"]
    line = f"Partnerships closed: {counts['closed']} (still open: {counts['still_open']})"
    if counts.get("unreadable"):
        ids = ", ".join(entry["partnership"] for entry in report["unreadable"])
        line += f"\nCould not be read, not counted: {counts['unreadable']} ({ids}); see `closer check`"
    return line


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def sources_lines(report: dict) -> list[str]:
    """Where a report across facilitators read from: files, duplicates dropped, files not read ([] for a local report)."""
    sources = report.get("sources")
    if sources is None:
        return []
    where = _plural(len(sources["files"]), "export file") + (" and this computer's data" if sources["store"] else "")
    lines = [f"Read from {where}; {_plural(sources['duplicates_dropped'], 'duplicate')} dropped (the copy updated last counts)"]
    lines += [f"Could not be read, not counted: {entry['file']}: {entry['problem']}" for entry in sources["unreadable_files"]]
    return lines


def report_text(report: dict, *, with_bars: bool = True) -> str:
    """The report for a terminal: plain lines, shares as bars."""
    heading = _heading(report)
    lines = [heading, "=" * len(heading), "", *sources_lines(report), _closed_line(report)]
    for title, rows in _sections(report, with_bars):
        lines += ["", title]
        lines += [f"  - {row}" for row in rows] if title == REASONS else rows
    return "\n".join(lines) + "\n"


def report_markdown(report: dict) -> str:
    """The same report as Markdown: bars in code blocks so they line up, reasons as a list."""
    lines = [f"# {_heading(report)}", ""]
    for line in [*sources_lines(report), *_closed_line(report).splitlines()]:
        lines += [inline(line), ""]
    for title, rows in _sections(report, with_bars=True):
        lines += [f"## {title}", ""]
        if title == REASONS:
            lines += [f"- {inline(row)}" for row in rows]
        else:
            lines += ["```text", *(row.rstrip() for row in rows), "```"]
        lines.append("")
    return "\n".join(lines)

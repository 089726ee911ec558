"""Reviewing past partnerships: rows, what a filter searches, and sorting (no Textual).

A row starts from the store's index summary, so the review opens at once
even with 10,000 partnerships; the words of each record (goals, notes,
statements) are added to its search text as they are read in the background.
Private facilitator notes are never searchable here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import CLOSE_TEXT_FIELDS, END_REASON_LABELS, Partnership
from .timer import format_clock

COLUMNS: tuple[tuple[str, str], ...] = (
    ("mentee", "Mentee"),
    ("mentor", "Mentor"),
    ("programme", "Programme"),
    ("status", "Status"),
    ("closed_on", "Closed on"),
    ("end_reason", "End reason"),
    ("goals", "Goals met"),
    ("close_time", "Close time"),
)
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)


def _summary_words(summary: dict) -> str:
    return " ".join((summary["mentee"], summary["mentor"], summary.get("programme") or "", summary["id"])).casefold()


def search_text(p: Partnership) -> str:
    """Everything a reviewer may search for in one record (never the private notes), each word once.

    A filter word holds no white space, so it occurs in the text exactly when it
    occurs in one of the text's words: keeping each distinct word once, one a
    line, finds the same rows in a fraction of the text (a third, for notes of
    a few months), and every keystroke scans it for 10,000 partnerships.
    """
    close = p.close
    parts = [p.mentee, p.mentor, p.programme, p.id]
    for goal in p.goals:
        parts += [goal.text, goal.not_met_reason, goal.partly_reason, goal.what_changed, goal.mentor_view, goal.mentee_view]
    for preparation in p.preparation.values():  # each partner's reflection sheet: not private
        parts += [*preparation.answers.values(), preparation.other]
        parts += [answer for answers in preparation.goal_answers.values() for answer in answers.values()]
    parts += close.stage_notes.values()
    parts += [getattr(close, text_field.name) for text_field in CLOSE_TEXT_FIELDS if not text_field.private]
    parts += [m.notes for m in p.meetings]
    parts += [a.text for a in close.actions]
    text = "\n".join(part for part in parts if part).casefold()
    return "\n".join(dict.fromkeys(text.split()))


@dataclass
class ReviewRow:
    """One partnership in the review table: its summary, the words a filter looks in, its cells as shown."""

    summary: dict
    haystack: str = ""
    cells: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        s = self.summary
        self.haystack = self.haystack or _summary_words(s)
        budget = s.get("budget_seconds")
        used = s.get("close_seconds") or 0
        close_time = f"{format_clock(used)} / {format_clock(budget)}" if budget else (format_clock(used) if used else "—")
        self.cells = (
            s["mentee"],
            s["mentor"],
            s.get("programme") or "—",
            s["status"],
            (s.get("closed_at") or "")[:10] or "—",
            END_REASON_LABELS.get(s.get("end_reason") or "", "—"),
            f"{s['goals_met']} of {s['goals_total']}",
            close_time,
        )

    @property
    def id(self) -> str:
        return self.summary["id"]

    def sort_key(self, column: str) -> tuple:
        s = self.summary
        if column == "goals":
            share = s["goals_met"] / s["goals_total"] if s["goals_total"] else -1.0
            return (share, s["goals_met"])
        if column == "close_time":
            return (s.get("close_seconds") or 0,)
        if column == "closed_on":
            return (s.get("closed_at") or "",)
        return (self.cells[COLUMN_KEYS.index(column)].casefold(),)


def rows_from_summaries(summaries: list[dict]) -> list[ReviewRow]:
    return [ReviewRow(summary) for summary in summaries]


FILTER_CHUNK = 500  # rows between two checks of whether to stop


class RowFilter:
    """Rows holding every word of a query, in the rows' own order (no sorting per keystroke).

    While the query only grows (typing on), the next answer is searched for in the
    last one rather than in every row. Call :meth:`changed` when haystacks change,
    :meth:`set_rows` when the rows or their order do. ``find`` may run in a worker
    thread while the UI thread calls it too: each call reads the state once.
    """

    def __init__(self, rows: list[ReviewRow]) -> None:
        self.rows = rows
        self._version = 0
        self._last: tuple[str, int, list[ReviewRow]] | None = None

    def set_rows(self, rows: list[ReviewRow]) -> None:
        self.rows = rows
        self.changed()

    def changed(self) -> None:
        self._version += 1

    def find(self, query: str, should_stop=lambda: False) -> list[ReviewRow] | None:
        """The matching rows, or None if ``should_stop()`` said so before the end."""
        folded = query.casefold()
        words = folded.split()
        version, last, rows = self._version, self._last, self.rows  # version first: see set_rows
        if not words:
            return list(rows)
        if last is not None and last[1] == version and folded.startswith(last[0]):
            rows = last[2]  # every row holding the new words held the old ones
        found: list[ReviewRow] = []
        for start in range(0, len(rows), FILTER_CHUNK):
            if start and should_stop():
                return None
            chunk = rows[start : start + FILTER_CHUNK]
            if len(words) == 1:
                word = words[0]
                found += [row for row in chunk if word in row.haystack]
            else:
                found += [row for row in chunk if all(word in row.haystack for word in words)]
        self._last = (folded, version, found)
        return found


def sort_rows(rows: list[ReviewRow], column: str, *, reverse: bool = False) -> list[ReviewRow]:
    return sorted(rows, key=lambda row: row.sort_key(column), reverse=reverse)

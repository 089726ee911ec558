"""One partnership's row in the index, held in a quarter of a dict's memory.

The list, the review and the report show the index's rows, 10,000 of them for a
large programme, and every row has the same twelve fields. As dicts they took
about 460 bytes each (on top of their text); as slotted objects they take 128.
A row reads as a dict does (``row["mentee"]``, ``row.get``, ``dict(row)``, equal
to a dict of the same fields) and is shared by everyone who shows it: never change one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from itertools import product
from operator import attrgetter, itemgetter
from typing import Any

# Each field, in the order closer writes them, and the types its value may have.
SUMMARY_TYPES: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "mentor": (str,),
    "mentee": (str,),
    "programme": (str,),
    "status": (str,),
    "start_date": (str, type(None)),
    "closed_at": (str, type(None)),
    "end_reason": (str, type(None)),
    "goals_total": (int,),
    "goals_met": (int,),
    "close_seconds": (int,),
    "budget_seconds": (int, type(None)),
}
SUMMARY_FIELDS = tuple(SUMMARY_TYPES)
# Text that many rows hold alike; one copy of each is kept for all rows (JSON gives each row its own).
OFTEN_REPEATED = ("programme", "status", "mentor", "start_date", "closed_at", "end_reason")
_FIELD_SET = frozenset(SUMMARY_FIELDS)
# The types of a row's values as closer writes them: every mix of the fields that may be null
# (exact types: JSON gives no subclasses, and True is not a count).
_SIGNATURES = frozenset(product(*SUMMARY_TYPES.values()))
_values_of = attrgetter(*SUMMARY_FIELDS)
_values_in = itemgetter(*SUMMARY_FIELDS)


class SummaryRow(Mapping):
    """The fields of :meth:`Partnership.summary`, read as a dict's (see the module's docstring)."""

    __slots__ = SUMMARY_FIELDS

    def __init__(self, summary: Mapping[str, Any]) -> None:
        """From a mapping holding every field (others are ignored)."""
        (
            self.id,
            self.mentor,
            self.mentee,
            self.programme,
            self.status,
            self.start_date,
            self.closed_at,
            self.end_reason,
            self.goals_total,
            self.goals_met,
            self.close_seconds,
            self.budget_seconds,
        ) = _values_in(summary)

    def __getitem__(self, field: str) -> Any:
        if field in _FIELD_SET:
            return getattr(self, field)
        raise KeyError(field)

    def get(self, field: str, default: Any = None) -> Any:
        return getattr(self, field) if field in _FIELD_SET else default

    def __contains__(self, field: object) -> bool:
        return field in _FIELD_SET

    def __iter__(self) -> Iterator[str]:
        return iter(SUMMARY_FIELDS)

    def __len__(self) -> int:
        return len(SUMMARY_FIELDS)

    def values(self) -> tuple:  # type: ignore[override]  # a tuple: what a ValuesView would give, at once
        return _values_of(self)

    def as_dict(self) -> dict[str, Any]:
        """A plain dict of the fields, in the order closer writes them (for JSON)."""
        return dict(zip(SUMMARY_FIELDS, _values_of(self)))

    def __eq__(self, other: object) -> bool:
        if type(other) is SummaryRow:
            return _values_of(self) == _values_of(other)
        if isinstance(other, Mapping):
            return self.as_dict() == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # as a dict's

    def __repr__(self) -> str:
        return f"SummaryRow({self.as_dict()!r})"


def row_as_written(document: dict, share: Callable[[Any, Any], Any]) -> SummaryRow | None:
    """``document`` as a row if closer wrote it so (its fields in order, each of its type), its text
    that many rows hold (a programme, a status, a date) shared through ``share`` (a dict's
    setdefault); None for any other, which the store checks field by field."""
    if tuple(document) != SUMMARY_FIELDS or tuple(map(type, document.values())) not in _SIGNATURES:
        return None
    row = SummaryRow(document)
    for field in OFTEN_REPEATED:
        value = getattr(row, field)
        setattr(row, field, share(value, value))
    return row


def is_as_written(row: object) -> bool:
    """Whether ``row`` is a dict with every field and no other (in any order), each of its type."""
    if type(row) is not dict or row.keys() != _FIELD_SET:
        return False
    if tuple(row) == SUMMARY_FIELDS:  # as closer writes it: one look at its values' types
        return tuple(map(type, row.values())) in _SIGNATURES
    return all(type(row[key]) in kinds for key, kinds in SUMMARY_TYPES.items())

"""The index's rows held compactly (store/summary_rows.py) and file fingerprints packed
(store/fingerprints.py): both read as what they replace."""

from __future__ import annotations

import json
import sys

import pytest

from closer_tui.store.fingerprints import from_index, is_unchanged, packed, unpacked
from closer_tui.store.summary_rows import SUMMARY_FIELDS, SummaryRow, is_as_written, row_as_written

from records import closed_partnership, partnership


BASE = partnership("Ana Lima", "Tomás Ngata").summary()


def summary(**changes) -> dict:
    return {**BASE, **changes}


def test_a_row_reads_as_the_dict_it_was_made_from():
    plain = closed_partnership("Ana Lima", "Tomás Ngata").summary()
    row = SummaryRow(plain)
    assert row == plain and plain == row and not (row != plain)
    assert dict(row) == plain and row.as_dict() == plain and list(row) == list(plain) == list(SUMMARY_FIELDS)
    assert len(row) == len(plain) and tuple(row.values()) == tuple(plain.values())
    assert dict(row.items()) == plain and set(row.keys()) == set(plain)
    assert row["mentee"] == "Tomás Ngata" and row.get("end_reason") == plain["end_reason"]
    assert json.loads(json.dumps(row.as_dict())) == plain
    assert {**row, "status": "active"}["status"] == "active"
    assert "Ana Lima" in repr(row)


def test_a_row_has_no_other_fields_and_no_dict_of_its_own():
    row = SummaryRow(summary())
    for name in ("keys", "as_dict", "__slots__", "notes", "", "ID"):
        assert name not in row and row.get(name) is None and row.get(name, 7) == 7
        with pytest.raises(KeyError):
            row[name]
    assert not hasattr(row, "__dict__")
    assert sys.getsizeof(row) < sys.getsizeof(summary()) / 2


def test_rows_differ_when_a_field_does():
    row = SummaryRow(summary())
    assert row != SummaryRow(summary(goals_met=1)) and row != summary(goals_met=1)
    assert row == SummaryRow(summary()) and row != summary(extra=1) and row != [1] and row != "row"
    with pytest.raises(TypeError):
        hash(row)


def test_a_document_as_closer_writes_it_becomes_a_row_sharing_repeated_text():
    texts: dict = {}
    first = row_as_written(json.loads(json.dumps(summary())), texts.setdefault)
    second = row_as_written(json.loads(json.dumps(summary(id="zzz999"))), texts.setdefault)
    assert type(first) is SummaryRow and first == summary()
    assert first["programme"] is second["programme"] and first["status"] is second["status"]


@pytest.mark.parametrize(
    "document",
    [
        dict(reversed(summary().items())),  # another order: checked field by field by the store
        summary(goals_met=True),
        summary(goals_met=1.0),
        summary(mentee=None),
        summary(extra="x"),
        {key: value for key, value in summary().items() if key != "closed_at"},
    ],
    ids=["reordered", "bool count", "float count", "null name", "extra field", "missing field"],
)
def test_any_other_document_is_left_to_the_store(document):
    assert row_as_written(document, {}.setdefault) is None


def test_is_as_written_takes_any_field_order_but_exact_types():
    assert is_as_written(summary()) and is_as_written(dict(reversed(summary().items())))
    assert not is_as_written(summary(goals_total=True)) and not is_as_written(SummaryRow(summary()))
    assert not is_as_written(summary(extra=1)) and not is_as_written([summary()])


@pytest.mark.parametrize(
    "numbers",
    [(1, 2, 3), (0, 0, 0), (2**64 - 1, 2**64 - 1, 2**63 - 1), (5, 6, -1), (5, 6, -(2**63)), (2**70, 1, 1), (1, 1, 2**64)],
)
def test_a_packed_fingerprint_gives_its_three_numbers_back(numbers):
    assert unpacked(packed(*numbers)) == list(numbers)
    assert is_unchanged(list(numbers), packed(*numbers))


def test_fingerprints_are_equal_only_when_all_three_numbers_are():
    seen = {packed(a, b, c) for a in (0, 1, 2**63) for b in (0, 1, 2**63) for c in (-1, 0, 1, 2**62)}
    assert len(seen) == 3 * 3 * 4


@pytest.mark.parametrize("known", [[1, 2], [1, 2, 3, 4], [True, 2, 3], [1.0, 2, 3], "1,2,3", None, {"1": 1}, (1, 2, 3)])
def test_a_fingerprint_in_the_index_that_is_not_three_whole_numbers_matches_no_file(known):
    assert from_index(known) is None
    assert not is_unchanged(known, packed(1, 2, 3))


def test_no_file_matches_nothing():
    assert not is_unchanged([1, 2, 3], None) and not is_unchanged(None, None)

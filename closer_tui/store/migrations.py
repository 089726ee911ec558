"""How a data file written by an older closer becomes one of today's: a registry of upgrade steps.

Pure: dicts in, dicts out, no disk (``upgrade.py`` puts upgraded files in place, atomically).
A step is keyed by the data version it upgrades *from* and has two parts:

- ``record``: one partnership record (the dict ``Partnership.from_dict`` reads) at that version,
  returned as at the next version. It runs on every document of a partnership file.
- ``layout``: the tables of a whole file (``kind`` "partnership" or "index", the ``_closer``
  table already taken out), returned in the next version's layout; most steps keep the layout.

A file at version ``v`` goes through the steps ``v, v + 1, ...`` up to :data:`CURRENT_VERSION`,
each step's layout before its record function. Index rows are summaries, not records: no
record step touches them. A writer that upgrades a store writes new partnership files, whose
fingerprints no longer match the index's, so it reads them again and rebuilds their rows; a
reader of a store no writer has upgraded yet lists the old rows until one does.

To add a step (say 2 -> 3): write the record function (a pure function, a new dict back),
add ``2: Step(record=that_function)`` to :data:`STEPS`, and a test that a version-2 record
comes out as version 3 expects (tests/unit/test_migrations.py). :data:`CURRENT_VERSION`, the
version every file is written at, follows from the registry, and the store upgrades existing
data folders on their next open by a writer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from ..record_upgrades import upgrade_partly_reasons

Record = dict[str, Any]
Tables = dict[str, Any]

# The tables of the files, by the names every version since 1 has given them. A step describes
# the past, so it names them itself rather than following whatever the store calls them today.
RECORD_TABLE = "partnership"  # partnerships/<id>.json: the one record
INDEX_ROWS_TABLE = "partnerships"  # index.json: one summary per partnership
INDEX_FILES_TABLE = "files"  # index.json: each record file's fingerprint when its row was made


def same_record(record: Record) -> Record:
    return record


def same_layout(tables: Tables, kind: str) -> Tables:
    return tables


class Step(NamedTuple):
    """One data version's upgrade: what changes in each record, and in a file's tables."""

    record: Callable[[Record], Record] = same_record
    layout: Callable[[Tables, str], Tables] = same_layout


def ids_become_fields(tables: Tables, kind: str) -> Tables:
    """1 -> 2: documents keyed 1, 2, 3... (TinyDB's own ids), the partnership id a field.

    Version 1 keyed each document by its partnership id, which TinyDB's default table cannot
    read (it takes every document id for an integer). The id was, and stays, a field of the
    record and of the index row; version 1's fingerprint rows gain it.
    """
    upgraded = dict(tables)
    for name in (RECORD_TABLE, INDEX_ROWS_TABLE, INDEX_FILES_TABLE):
        table = tables.get(name)
        if isinstance(table, dict):
            upgraded[name] = {str(n): _with_id(doc, key) for n, (key, doc) in enumerate(table.items(), start=1)}
    return upgraded


def _with_id(document: Any, key: str) -> Any:
    """A document that named its partnership by its key only names it in a field too; one that
    names another partnership keeps that, and the store refuses it as version 1 would have."""
    if isinstance(document, dict) and "id" not in document:
        return {"id": key, **document}
    return document


STEPS: dict[int, Step] = {
    1: Step(layout=ids_become_fields),
    2: Step(record=upgrade_partly_reasons),  # a partly achieved goal's reason in a field of its own
}

CURRENT_VERSION = max(STEPS) + 1


def upgrade(tables: Tables, kind: str, version: int) -> Tables:
    """The tables of a ``kind`` file at ``version`` as :data:`CURRENT_VERSION` has them."""
    for step_from in sorted(v for v in STEPS if v >= version):
        step = STEPS[step_from]
        tables = step.layout(tables, kind)
        if kind == "partnership" and step.record is not same_record:
            table = tables.get(RECORD_TABLE)
            if isinstance(table, dict):
                tables = {**tables, RECORD_TABLE: {key: _upgraded(step, doc) for key, doc in table.items()}}
    return tables


def _upgraded(step: Step, document: Any) -> Any:
    """Only a record (a dict) goes through a step; anything else is left for the checks to name."""
    return step.record(document) if isinstance(document, dict) else document

"""Reading closer's data files: JSON tables stamped with their kind and data version.

Plain JSON, no TinyDB: reading a partnership or the index is all that opening one
needs, and TinyDB (storage.py) loads only when something is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import JSONDataError, ValidationError, check_json_values, has_long_digit_run, parse_json, shown
from .errors import CorruptFileError, NewerSchemaError, UnsafePathError
from .files import read_bytes

SCHEMA_VERSION = 1
META_TABLE = "_closer"


def read_data_file(path: Path, kind: str) -> dict[str, Any] | None:
    """The tables of a closer data file, or None if there is none (a link or a device there is refused)."""
    try:
        raw = read_bytes(path)
    except FileNotFoundError:
        return None
    except UnsafePathError as error:
        raise CorruptFileError(path, f"it {error.problem}") from None
    return decode(path, raw, kind)


def decode(path: Path, raw: bytes, kind: str) -> dict[str, Any]:
    """Parse a closer data file, or raise an error that names it."""
    try:
        data = parse_json(raw.decode("utf-8"), long_numbers=has_long_digit_run(raw))
    except UnicodeDecodeError:
        raise CorruptFileError(path, "not UTF-8 text") from None
    except JSONDataError as error:
        raise CorruptFileError(path, str(error)) from None
    if not isinstance(data, dict):
        raise CorruptFileError(path, "not a closer data file")
    try:
        meta = next(iter(data.pop(META_TABLE).values()))
        schema = meta["schema"]
        found_kind = meta["kind"]
    except (KeyError, AttributeError, StopIteration, TypeError):
        raise CorruptFileError(path, "not a closer data file: no data version") from None
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise CorruptFileError(path, f"unknown data version {shown(schema)}")
    if schema > SCHEMA_VERSION:
        raise NewerSchemaError(path, schema, SCHEMA_VERSION)
    if found_kind != kind:
        raise CorruptFileError(path, f"holds {shown(found_kind)} data where {kind!r} was expected")
    if not all(isinstance(table, dict) for table in data.values()):
        raise CorruptFileError(path, "a table is not an object")
    if kind != "index":  # the index is checked row by row (store.py), at less cost for 10,000 rows
        for table in data.values():
            for document in table.values():
                try:
                    check_json_values(document)  # named as from_dict names fields
                except ValidationError as error:
                    raise CorruptFileError(path, f"invalid record: {error}") from None
    return data

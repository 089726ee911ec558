"""Reading closer's data files: JSON tables stamped with their kind and data version.

Plain JSON, no TinyDB: reading a partnership or the index is all that opening one
needs, and TinyDB (storage.py) loads only when something is written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..model import JSONDataError, ValidationError, check_json_values, has_long_digit_run, parse_json, shown
from .errors import CorruptFileError, NewerSchemaError, UnsafePathError
from .files import read_bytes

SCHEMA_VERSION = 1
META_TABLE = "_closer"


# A lone surrogate (text that cannot be written out) can come only from an escape like \ud800.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def read_data_file(path: Path, kind: str) -> dict[str, Any] | None:
    """The tables of a closer data file, or None if there is none (a link or a device there is refused)."""
    return _read(path, kind)[0]


def read_index_file(path: Path) -> tuple[dict[str, Any] | None, bool]:
    """The index's tables (None: no index), and whether its text may hold a lone surrogate (an escape
    such as \ud800 is in the file: closer writes none), so that the rows' text must be checked."""
    return _read(path, "index")


def _read(path: Path, kind: str) -> tuple[dict[str, Any] | None, bool]:
    try:
        raw = read_bytes(path)
    except FileNotFoundError:
        return None, False
    except UnsafePathError as error:
        raise CorruptFileError(path, f"it {error.problem}") from None
    surrogates = _SURROGATE_ESCAPE.search(raw) is not None
    long_numbers = has_long_digit_run(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CorruptFileError(path, "not UTF-8 text") from None
    del raw  # before the text is parsed: 3 MB less at the peak of reading the index of 10,000
    return decode_text(path, text, kind, long_numbers=long_numbers), surrogates


def decode(path: Path, raw: bytes, kind: str) -> dict[str, Any]:
    """Parse a closer data file, or raise an error that names it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CorruptFileError(path, "not UTF-8 text") from None
    return decode_text(path, text, kind, long_numbers=has_long_digit_run(raw))


def decode_text(path: Path, text: str, kind: str, *, long_numbers: bool = True) -> dict[str, Any]:
    """Parse a closer data file's text (``long_numbers``: see :func:`~closer_tui.model.parse_json`)."""
    try:
        data = parse_json(text, long_numbers=long_numbers)
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

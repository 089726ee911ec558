"""Reading closer's data files: JSON tables stamped with their kind and data version.

Plain JSON, no TinyDB: reading a partnership or the index is all that opening one
needs, and TinyDB (storage.py) loads only when something is written. A file from
an older closer is upgraded in memory as it is read (``migrations.py``); a writer
upgrades it on disk (``upgrade.py``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..model import JSONDataError, ValidationError, check_json_values, has_long_digit_run, parse_json, shown
from . import migrations
from .errors import CorruptFileError, NewerSchemaError, UnsafePathError
from .files import open_file, read_bytes

SCHEMA_VERSION = migrations.CURRENT_VERSION  # one more than the last upgrade step
META_TABLE = "_closer"
# How closer itself starts a file: enough to tell its version from its first bytes, unparsed.
HEADER = re.compile(rb'\{"_closer":\{"1":\{"schema":([1-9][0-9]{0,8}),"kind":"(index|partnership)"\}\}')
HEADER_BYTES = 64
# The index's rows are written in the list's order, after a table saying so with the counts of all
# (store.py): the list's first screen is in the file's first bytes (read_index_head).
LISTING_TABLE = "listing"
LISTING_ORDER = "status, mentee, id"  # listing.listing_order
_LISTING = re.compile(
    rb',"listing":\{"1":\{"order":"'
    + re.escape(LISTING_ORDER.encode())
    + rb'","rows":(0|[1-9][0-9]{0,8}),"open":(0|[1-9][0-9]{0,8})\}\},"partnerships":\{'
)
_DOCUMENT_KEY = re.compile(r'"[1-9][0-9]{0,17}":')
HEAD_BYTES = 128 * 1024  # about 400 rows

# A lone surrogate (text that cannot be written out) can come only from an escape like \ud800.
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def encode(tables: dict[str, Any], kind: str) -> bytes:
    """A data file's bytes at today's version: its stamp first (see HEADER), then its tables."""
    payload = {META_TABLE: {"1": {"schema": SCHEMA_VERSION, "kind": kind}}}
    payload.update((name, table) for name, table in tables.items() if name != META_TABLE)
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_data_file(path: Path, kind: str) -> dict[str, Any] | None:
    """The tables of a closer data file, upgraded to today's version, or None if there is none
    (a link or a device there is refused)."""
    found = read_versioned_data_file(path, kind)
    return None if found is None else found[1]


def read_versioned_data_file(path: Path, kind: str) -> tuple[int, dict[str, Any]] | None:
    """(the version the file was written at, its tables upgraded to today's), or None if there is none."""
    found = _read(path, kind)
    return None if found is None else found[:2]


def read_index_file(path: Path) -> tuple[dict[str, Any] | None, bool]:
    """The index's tables (None: no index), and whether its text may hold a lone surrogate (an escape
    such as \\ud800 is in the file: closer writes none), so that the rows' text must be checked."""
    found = _read(path, "index")
    return (None, False) if found is None else (found[1], found[2])


def _read(path: Path, kind: str) -> tuple[int, dict[str, Any], bool] | None:
    try:
        raw = read_bytes(path)
    except FileNotFoundError:
        return None
    except UnsafePathError as error:
        raise CorruptFileError(path, f"it {error.problem}") from None
    surrogates = SURROGATE_ESCAPE.search(raw) is not None
    long_numbers = has_long_digit_run(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CorruptFileError(path, "not UTF-8 text") from None
    del raw  # before the text is parsed: 3 MB less at the peak of reading the index of 10,000
    return (*_decode_text(path, text, kind, long_numbers=long_numbers), surrogates)


def peek_version(path: Path) -> int | None:
    """The data version in the first bytes of a file closer wrote, without reading the rest;
    None when there is no such file or it does not start as closer starts its files."""
    start = _first_bytes(path, HEADER_BYTES)
    found = None if start is None else HEADER.match(start)
    return int(found[1]) if found else None


def _first_bytes(path: Path, count: int) -> bytes | None:
    """Up to ``count`` bytes from the start of a closer file; None when there is none to read (or a
    link or a device is there)."""
    try:
        with open(open_file(path), "rb") as file:
            return file.read(count)
    except (OSError, UnsafePathError):
        return None


def read_index_head(path: Path, limit: int) -> tuple[list[Any], int, int] | None:
    """Up to ``limit`` rows from the start of an index closer wrote in the list's order, with its counts
    of rows and of open ones, read from the file's first bytes only. None when the file does not start
    so (none yet, an older closer's, damaged): then it is read whole. The rows are as found: check them."""
    start = _first_bytes(path, HEAD_BYTES)
    header = None if start is None else HEADER.match(start)
    if header is None or int(header[1]) != SCHEMA_VERSION or header[2] != b"index":
        return None
    listing = _LISTING.match(start, header.end())
    if listing is None:
        return None
    body = start[listing.end() : start.rfind(b"}") + 1]  # whole characters: no byte of a UTF-8 character is "}"
    if SURROGATE_ESCAPE.search(body) or has_long_digit_run(body):
        return None  # text or numbers closer never writes: the whole read names them
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    decoder, rows, position = json.JSONDecoder(), [], 0
    while len(rows) < limit and (key := _DOCUMENT_KEY.match(text, position)) is not None:
        try:
            row, position = decoder.raw_decode(text, key.end())
        except ValueError:  # the first bytes end inside this row
            break
        except RecursionError:  # nested deeper than closer reads: the whole read names it
            return None
        rows.append(row)
        if not text.startswith(",", position):
            break  # the end of the table
        position += 1
    return rows, int(listing[1]), int(listing[2])


def _decode_text(path: Path, text: str, kind: str, *, long_numbers: bool) -> tuple[int, dict[str, Any]]:
    """``long_numbers``: see :func:`~closer_tui.model.parse_json`."""
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
    if schema < SCHEMA_VERSION:
        data = upgraded(path, data, kind, schema)
    for name, table in data.items():
        if not all(map(_is_document_id, table)):
            raise CorruptFileError(path, f"table {shown(name)}: a document id is not a whole number")
        if not all(isinstance(document, dict) for document in table.values()):
            raise CorruptFileError(path, f"table {shown(name)}: a document is not an object")
    if kind != "index":  # the index is checked row by row (store.py), at less cost for 10,000 rows
        for table in data.values():
            for document in table.values():
                try:
                    check_json_values(document)  # named as from_dict names fields
                except ValidationError as error:
                    raise CorruptFileError(path, f"invalid record: {error}") from None
    return schema, data


def upgraded(path: Path, tables: dict[str, Any], kind: str, version: int) -> dict[str, Any]:
    """An older file's tables as today's closer reads them (in memory: the file is not touched)."""
    try:
        return migrations.upgrade(tables, kind, version)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:  # a step met what it did not expect
        raise CorruptFileError(path, f"cannot be upgraded from data version {version}: {shown(error)}") from None


def _is_document_id(key: str) -> bool:
    """What TinyDB's default table reads as a document id: ``int(key)`` of plain ASCII digits."""
    return key.isascii() and key.isdigit() and len(key) <= 18 and key[0] != "0"


def the_record(path: Path, partnership_id: str, documents: list[dict[str, Any]]) -> dict[str, Any]:
    """The one document of a partnership file, which must be that partnership's."""
    if len(documents) != 1:
        raise CorruptFileError(path, f"it holds {len(documents)} documents where one partnership belongs")
    (document,) = documents
    if document.get("id") != partnership_id:
        raise CorruptFileError(path, f"it holds partnership {shown(document.get('id'))}, not {partnership_id!r}")
    return document

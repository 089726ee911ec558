"""The JSON interchange format: what ``closer export --format json`` writes and ``closer import`` reads.

Format (versioned; documented in the README)::

    {
      "format": "closer.partnerships",
      "version": 1,
      "exported_at": "2026-11-23T16:00:00+00:00",
      "partnerships": [ { ...one record, as Partnership.to_dict()... } ]
    }

Reading is strict and all-or-nothing: the first problem is reported with the
path of the field (``partnerships[2].goals[0].status``) and nothing is stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..control_characters import escape_c1_in_json
from ..errors import CloserError
from ..model import Partnership, ValidationError, now_iso

FORMAT_NAME = "closer.partnerships"
FORMAT_VERSION = 1


class ImportFormatError(CloserError, ValueError):
    """The file cannot be imported; the message names the field."""


def without_private_notes(partnership: Partnership) -> dict:
    record = partnership.to_dict()
    record["close"]["private_notes"] = ""
    return record


def dumps(partnerships: Iterable[Partnership], *, include_private: bool = False) -> str:
    records = [p.to_dict() if include_private else without_private_notes(p) for p in partnerships]
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": now_iso(),
        "partnerships": records,
    }
    return to_json(document)


def to_json(value: object) -> str:
    """Readable JSON with every control character escaped, safe to print to a terminal."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return escape_c1_in_json(text) + "\n"


def loads(text: str) -> list[Partnership]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFormatError(f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
    if not isinstance(document, dict):
        raise ImportFormatError("expected a JSON object with a 'partnerships' list")
    if document.get("format") != FORMAT_NAME:
        raise ImportFormatError(f"format: expected {FORMAT_NAME!r}, found {document.get('format')!r}")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ImportFormatError("version: missing or not a whole number")
    if version > FORMAT_VERSION:
        raise ImportFormatError(
            f"version: the file is format version {version}; this closer reads up to {FORMAT_VERSION}. Upgrade closer."
        )
    records = document.get("partnerships")
    if not isinstance(records, list):
        raise ImportFormatError("partnerships: expected a list")
    partnerships = []
    for i, record in enumerate(records):
        try:
            partnerships.append(Partnership.from_dict(record, f"partnerships[{i}]"))
        except ValidationError as error:
            raise ImportFormatError(str(error)) from None
    return partnerships

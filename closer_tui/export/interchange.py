"""The JSON interchange format: what ``closer export --format json`` writes and ``closer import`` reads.

Format (versioned; documented in the README)::

    {
      "format": "closer.partnerships",
      "version": 2,
      "exported_at": "2026-11-23T16:00:00+00:00",
      "partnerships": [ { ...one record, as Partnership.to_dict()... } ]
    }

Reading is strict and all-or-nothing: the first problem is reported with the
path of the field (``partnerships[2].goals[0].status``) and nothing is stored.
A file of an older version is read too, its records upgraded as they are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from ..control_characters import escape_invisible_in_json
from ..errors import CloserError
from ..model import JSONDataError, Partnership, ValidationError, check_json_values, now_iso, parse_json, shown
from ..record_upgrades import upgrade_partly_reasons

FORMAT_NAME = "closer.partnerships"
FORMAT_VERSION = 2
#: From this version a partly achieved goal's reason is in ``partly_reason``; older files have it in ``not_met_reason``.
PARTLY_REASON_VERSION = 2
#: The JSON Schema of the format, shipped beside this module (the README links it).
SCHEMA_FILE = "closer-export.schema.json"


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
    return escape_invisible_in_json(text) + "\n"


def loads(text: str) -> list[Partnership]:
    try:
        document = parse_json(text)
        check_json_values(document)  # nesting, NaN and infinities, lone surrogates: named by field
    except (JSONDataError, ValidationError) as error:
        raise ImportFormatError(str(error)) from None
    if not isinstance(document, dict):
        raise ImportFormatError("expected a JSON object with a 'partnerships' list")
    if document.get("format") != FORMAT_NAME:
        raise ImportFormatError(f"format: expected {FORMAT_NAME!r}, found {shown(document.get('format'))}")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportFormatError(f"version: must be a whole number from 1 (this closer writes {FORMAT_VERSION})")
    if version > FORMAT_VERSION:
        raise ImportFormatError(
            f"version: the file is format version {version}; this closer reads up to {FORMAT_VERSION}. Upgrade closer."
        )
    records = document.get("partnerships")
    if not isinstance(records, list):
        raise ImportFormatError("partnerships: expected a list")
    check_schema(document)  # every type, size and key, before the model sees anything
    if version < PARTLY_REASON_VERSION:
        records = [upgrade_partly_reasons(record) for record in records]
    partnerships = []
    for i, record in enumerate(records):
        try:
            partnerships.append(Partnership.from_dict(record, f"partnerships[{i}]"))
        except ValidationError as error:
            raise ImportFormatError(str(error)) from None
    return partnerships


# --- the JSON Schema ------------------------------------------------------------------

_TYPE_WORDS = {
    "string": "text",
    "object": "an object",
    "array": "a list",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}
_PYTHON_TYPE_WORDS = {str: "text", dict: "an object", list: "a list", int: "a whole number", float: "a number", bool: "true or false"}


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator  # loaded by the first import, not by every command

    schema = json.loads(resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def check_schema(document: object) -> None:
    """Check a parsed import file against the format's JSON Schema; the first problem, named by its field."""
    error = next(iter(_validator().iter_errors(document)), None)
    if error is not None:
        raise ImportFormatError(_describe(error))


def _describe(error: Any) -> str:
    """One line for a schema error: the field's path and what is wrong, never the whole value."""
    if error.validator in ("anyOf", "oneOf"):  # the error inside the branch the value was meant for
        inside = [e for e in error.context if not (e.validator == "type" and e.absolute_path == error.absolute_path)]
        if inside:
            return _describe(inside[0])
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path).lstrip(".")
    rule, limit, value = error.validator, error.validator_value, error.instance
    if rule == "required":
        missing = next(key for key in limit if key not in value)
        return f"{path + '.' if path else ''}{missing}: is required"
    if rule == "additionalProperties":
        extra = next(key for key in value if key not in error.schema.get("properties", {}))
        return f"{path or 'the file'}: {shown(extra)} is not a field closer knows"
    noun = path.rsplit(".", 1)[-1] if path and not path.endswith("]") else "items"
    if rule == "type":
        wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in (limit if isinstance(limit, list) else [limit]))
        reason = f"must be {wanted}, not {_PYTHON_TYPE_WORDS.get(type(value), 'null')}"
    elif rule == "enum":
        reason = f"{shown(value)} is not one of: {', '.join(str(choice) for choice in limit if choice is not None)}"
    elif rule == "const":
        reason = f"expected {limit!r}, found {shown(value)}"
    elif rule in ("maxItems", "maxProperties"):
        reason = f"holds {len(value):,} {noun}; the limit is {limit:,}"
    elif rule == "maxLength":
        reason = f"is {len(value):,} characters long; the limit is {limit:,}"
    elif rule in ("minimum", "maximum"):
        reason = f"{shown(value)} is out of range (the {rule} is {limit:,})"
    else:
        reason = f"{shown(value)} is not valid here ({rule})"
    return f"{path or 'the file'}: {reason}"

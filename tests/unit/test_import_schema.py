"""The import format's JSON Schema (closer_tui/export/closer-export.schema.json), checked at the boundary.

A programme's own tools can validate an export with it; closer checks every import file
against it (with `jsonschema`) before the model sees anything, and says which field is wrong.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from closer_tui.export import ImportFormatError, dumps, loads
from closer_tui.export.interchange import SCHEMA_FILE
from closer_tui.method import default_guide
from closer_tui.model import Partnership

from records import closed_partnership, partnership

REPO_ROOT = Path(__file__).resolve().parents[2]


def schema() -> dict:
    return json.loads(resources.files("closer_tui.export").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


def test_the_schema_is_a_valid_json_schema_and_accepts_closers_own_exports():
    jsonschema.Draft202012Validator.check_schema(schema())
    validator = jsonschema.Draft202012Validator(schema())
    sample = json.loads((REPO_ROOT / "sample_data" / "partnerships.json").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(sample)) == []
    every_field = closed_partnership()
    every_field.guide = default_guide()  # stored as a whole guide, not by name
    every_field.follows = "kmn234"
    every_field.followed_by = "pqr567"
    every_field.timer.running_since = 1_767_000_000.5
    # A field added to the record and not to the schema fails here (the schema refuses unknown keys).
    assert list(validator.iter_errors(json.loads(dumps([every_field, partnership()], include_private=True)))) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(nickname="Sam"), "partnerships[0]: 'nickname' is not a field closer knows"),
        (lambda r: r.pop("mentor"), "partnerships[0].mentor: is required"),
        (lambda r: r["goals"][0].update(status=["open"]), "partnerships[0].goals[0].status: ['open'] is not one of"),
        (lambda r: r["close"].update(thanks_said="yes"), "partnerships[0].close.thanks_said: must be true or false, not text"),
        (lambda r: r["close"]["extension"].update(extra_meetings=1.9), "partnerships[0].close.extension.extra_meetings: must be a whole number"),
        (lambda r: r.update(meetings=[r["meetings"][0]] * 2001), "partnerships[0].meetings: holds 2,001 meetings; the limit is 2,000"),
    ],
    ids=["unknown key", "missing key", "list for a choice", "text for a boolean", "1.9 meetings", "too many meetings"],
)
def test_an_import_the_schema_refuses_never_reaches_the_model(monkeypatch, change, message):
    document = json.loads(dumps([partnership()]))
    change(document["partnerships"][0])

    def reached(*args, **kwargs):
        raise AssertionError("the model saw a record the schema refuses")

    monkeypatch.setattr(Partnership, "from_dict", reached)
    with pytest.raises(ImportFormatError) as refused:
        loads(json.dumps(document))
    assert str(refused.value).startswith(message), str(refused.value)
    assert "\n" not in str(refused.value)

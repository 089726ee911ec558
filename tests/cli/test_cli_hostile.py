"""Hostile values are refused, never crash (issue 11, item 8), through the real `closer` command.

Each file below differs from a good export in one value. Importing it must exit 1 with one
line on stderr naming the file and the field, never "unexpected ..." (exit 70), and leave
the data folder empty. The same values planted in a partnership file already in the store
make `show` refuse it naming the file and the field, and `list` still lists the others.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from closer_tui.export import dumps

from test_cli import assert_refused, closed_partnership, closer, db, ok  # noqa: F401  (fixtures)

Change = Callable[[str], str]


def good_export() -> str:
    return dumps([closed_partnership()], include_private=True)


def set_value(path: str, raw: str) -> Change:
    """Put ``raw`` (JSON text, which may be NaN or 1e309) at ``path`` in the first record."""
    marker = "\u2603MARK\u2603"

    def change(text: str) -> str:
        document = json.loads(text)
        target = document["partnerships"][0]
        *parents, last = path.replace("[", ".").replace("]", "").split(".")
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = marker
        else:
            target[last] = marker
        return json.dumps(document).replace(json.dumps(marker), raw)

    return change


def top(raw_key: str, raw: str) -> Change:
    def change(text: str) -> str:
        document = json.loads(text)
        document[raw_key] = "\u2603"
        return json.dumps(document).replace('"\\u2603"', raw)

    return change


CASES: dict[str, tuple[Change, str]] = {
    "deeply nested JSON": (top("x", "[" * 100_000 + "]" * 100_000), "nested too deeply"),
    "nested past the limit": (set_value("close.stage_notes", "[" * 40 + "]" * 40), "partnerships[0].close.stage_notes"),
    "an integer of 5,000 digits": (set_value("close.extension.extra_meetings", "1" * 5000), "partnerships[0].close.extension.extra_meetings"),
    "NaN": (set_value("timer.used.evaluate", "NaN"), "partnerships[0].timer.used.evaluate"),
    "Infinity": (set_value("timer.budgets.evaluate", "Infinity"), "partnerships[0].timer.budgets.evaluate"),
    "1e309": (set_value("timer.running_since", "1e309"), "partnerships[0].timer.running_since"),
    "-Infinity extension": (set_value("close.extension.extra_meetings", "-Infinity"), "partnerships[0].close.extension.extra_meetings"),
    "a list for the mentor": (set_value("mentor", '["Ana"]'), "partnerships[0].mentor"),
    "an object for a goal's text": (set_value("goals[0].text", '{"a": 1}'), "partnerships[0].goals[0].text"),
    "an object in the gifts": (set_value("close.gifts_acknowledged", "[{}]"), "partnerships[0].close.gifts_acknowledged"),
    "a list for a stage's name in the guide": (set_value("guide.stages[0].key", '["a"]'), "partnerships[0].guide.stages[0].key"),
    "a huge budget in the guide": (set_value("guide.stages[0].budget_seconds", "1e300"), "partnerships[0].guide.stages[0].budget_seconds"),
    "a lone surrogate in the guide": (set_value("guide.title", '"End \\udc80"'), "partnerships[0].guide.title"),
    "a lone surrogate in a stage-notes key": (set_value("close.stage_notes", '{"\\ud800": "notes"}'), "partnerships[0].close.stage_notes"),
    "extra_meetings 1.9": (set_value("close.extension.extra_meetings", "1.9"), "partnerships[0].close.extension.extra_meetings"),
    "version -5": (top("version", "-5"), "version"),
    "a number for the follows id": (set_value("follows", "12"), "partnerships[0].follows"),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_a_hostile_value_in_an_import_is_refused_naming_file_and_field(closer, db, tmp_path, case):
    change, mention = CASES[case]
    ok(closer("list"))
    hostile = tmp_path / "hostile.json"
    hostile.write_text(change(good_export()), encoding="utf-8")
    result = closer("import", str(hostile))
    line = assert_refused(result, str(hostile), mention)
    assert result.returncode == 1 and "unexpected" not in line, line
    assert json.loads(ok(closer("list", "--json"))) == []
    assert sorted(p.name for p in (db / "partnerships").iterdir()) == []


RECORD_CASES = ["NaN", "an integer of 5,000 digits", "a list for a stage's name in the guide", "a lone surrogate in a stage-notes key", "extra_meetings 1.9"]


@pytest.mark.parametrize("case", RECORD_CASES, ids=RECORD_CASES)
def test_a_hostile_value_in_a_partnership_file_is_refused_naming_file_and_field(closer, db, tmp_path, case):
    change, mention = CASES[case]
    good = tmp_path / "good.json"
    good.write_text(good_export(), encoding="utf-8")
    ok(closer("import", str(good)))
    (record,) = (db / "partnerships").glob("*.json")
    pid = record.stem
    stored = json.loads(record.read_text(encoding="utf-8"))
    wrapped = change(json.dumps({"partnerships": [stored["partnership"]["1"]]}))  # raw text: NaN stays NaN
    stored["partnership"]["1"] = "\u2603"
    text = json.dumps(stored).replace('"\\u2603"', wrapped.removeprefix('{"partnerships": [').removesuffix("]}"))
    record.write_text(text, encoding="utf-8")
    before = record.read_bytes()

    result = closer("show", pid)
    line = assert_refused(result, str(record), mention.removeprefix("partnerships[0]."))
    assert result.returncode == 1 and "unexpected" not in line, line
    listed = closer("list")
    assert ok(listed).strip() == "No partnerships yet. Start one with `closer new --mentor NAME --mentee NAME`."
    assert str(record) in listed.stderr  # named, not silently dropped
    assert record.read_bytes() == before

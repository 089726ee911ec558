"""`closer check [--repair]`: every file read, each problem named with its file and field, the index rebuilt.

The store under test has one damaged record, one record missing from the index, one
row in the index with no file, and (in the second test) a damaged index. `--repair`
moves the damaged record aside to damaged/ with a note; nothing is ever deleted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_cli import SAMPLE_DATA, closer, db, ok  # noqa: F401  (fixtures)

DAMAGED = "x8fj5a"  # its goal's status becomes one closer does not know
UNLISTED = "h2zk9s"  # its row is taken out of the index
GHOST = "zzz999"  # a row in the index for a file that does not exist


def every_file(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def troubled(closer, db) -> Path:
    ok(closer("import", str(SAMPLE_DATA)))
    record = db / "partnerships" / f"{DAMAGED}.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["partnership"]["1"]["goals"][0]["status"] = "finished"
    record.write_text(json.dumps(data), encoding="utf-8")
    index = db / "index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    rows = data["partnerships"]
    (unlisted,) = [n for n, row in rows.items() if row["id"] == UNLISTED]
    rows[unlisted] = dict(rows[unlisted], id=GHOST)  # the row of UNLISTED now names a file that does not exist
    index.write_text(json.dumps(data), encoding="utf-8")
    return db


def test_check_names_each_problem_with_its_file_and_field_and_rebuilds_the_index(closer, troubled):
    db = troubled
    before = every_file(db)
    result = closer("check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    out = result.stdout
    record = db / "partnerships" / f"{DAMAGED}.json"
    assert f"{record}: invalid record: goals[0].status: 'finished' is not one of" in out
    assert f"{db / 'index.json'}: did not list {UNLISTED}" in out
    assert f"{db / 'index.json'}: listed '{GHOST}', which has no partnership file" in out
    assert "checked 7 partnership files: 6 read; index rebuilt" in out  # the sample's seven, one damaged
    (error,) = result.stderr.splitlines()
    assert error.startswith("closer: error: 1 partnership file cannot be read") and "--repair" in error

    after = every_file(db)
    assert set(after) == set(before)  # nothing moved or deleted without --repair
    assert after[f"partnerships/{DAMAGED}.json"] == before[f"partnerships/{DAMAGED}.json"]
    listed = {row["id"] for row in json.loads(ok(closer("list", "--json")))}
    assert UNLISTED in listed and GHOST not in listed and DAMAGED not in listed


def test_check_repair_moves_the_damaged_record_aside_with_a_note_and_sets_a_damaged_index_aside(closer, troubled):
    db = troubled
    index = db / "index.json"
    index.write_bytes(b'{"_closer": {"1": {"schema": 2, "kind": "index"}}, "partnerships": {')
    damaged_bytes = (db / "partnerships" / f"{DAMAGED}.json").read_bytes()

    result = closer("check", "--repair")
    out = ok(result)
    assert f"{index}: not valid JSON" in out and "set aside as index.json.damaged-" in out
    moved = db / "damaged" / f"{DAMAGED}.json"
    assert "goals[0].status" in out and f"moved to {moved}" in out
    assert moved.read_bytes() == damaged_bytes
    note = (db / "damaged" / f"{DAMAGED}.json.note.txt").read_text(encoding="utf-8")
    assert "goals[0].status" in note and str(db / "partnerships" / f"{DAMAGED}.json") in note
    (aside,) = db.glob("index.json.damaged-*")
    assert aside.read_bytes().endswith(b'"partnerships": {')

    second = closer("check")  # finds nothing more
    assert ok(second).strip().splitlines() == ["checked 6 partnership files: 6 read; index rebuilt"]  # seven less the one moved aside
    assert len(json.loads(ok(closer("list", "--json")))) == 6

"""`closer delete`, `closer list --trash`, `closer restore` and `closer report --from`, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from closer_tui.export import dumps
from closer_tui.model import Goal, Partnership
from test_cli import (  # noqa: F401  (fixtures)
    active_partnership,
    assert_refused,
    child_env,
    closed_partnership,
    closer,
    db,
    list_json,
    ok,
    snapshot,
    two_partnerships,
)


def closer_answering(tmp_path: Path, db: Path, answer: str, *args: str):
    """closer with ``answer`` typed at its question."""
    return subprocess.run(
        [sys.executable, "-m", "closer_tui", "--db", str(db), *args],
        cwd=tmp_path,
        env=child_env(tmp_path),
        input=answer,
        capture_output=True,
        text=True,
        timeout=60,
    )


# --- delete, the trash, restore ---------------------------------------------------


def test_delete_asks_first_and_no_keeps_everything(closer, two_partnerships, tmp_path, db):
    before = snapshot(db)
    result = closer_answering(tmp_path, db, "n\n", "delete", "kmn")
    assert result.returncode == 0, result.stderr
    assert "Move Sam Rivera with Dana Okafor (kmn234, active) to the trash?" in result.stdout
    assert "Nothing was deleted." in result.stdout
    assert snapshot(db) == before


def test_delete_yes_moves_it_to_the_trash_which_lists_it_and_restore_brings_it_back(closer, two_partnerships, tmp_path, db):
    record = (db / "partnerships" / "kmn234.json").read_bytes()
    out = ok(closer_answering(tmp_path, db, "y\n", "delete", "kmn234"))
    assert "moved Sam Rivera with Dana Okafor (kmn234) to the trash; `closer restore kmn234` brings it back" in out
    assert [row["id"] for row in list_json(closer)] == ["pqr567"]
    trash = ok(closer("list", "--trash"))
    assert trash.startswith("kmn234  deleted ") and "active   Sam Rivera with Dana Okafor" in trash
    (row,) = json.loads(ok(closer("list", "--trash", "--json")))
    assert row["id"] == "kmn234" and row["deleted_at"] and Path(row["file"]).parent == db / "trash"
    assert Path(row["file"]).read_bytes() == record  # moved, not rewritten

    assert ok(closer("restore", "kmn")).strip() == "restored Sam Rivera with Dana Okafor (kmn234)"
    assert {row["id"] for row in list_json(closer)} == {"kmn234", "pqr567"}
    assert (db / "partnerships" / "kmn234.json").read_bytes() == record
    assert ok(closer("list", "--trash")).strip() == "The trash is empty."


def test_delete_with_yes_does_not_ask(closer, two_partnerships):
    out = ok(closer("delete", "pqr567", "--yes"))
    assert "?" not in out and "moved Tomás Ngata" in out


def test_restore_refuses_an_id_in_use_and_changes_nothing(closer, two_partnerships, tmp_path, db):
    ok(closer("delete", "kmn234", "--yes"))
    again = tmp_path / "again.json"
    again.write_text(dumps([active_partnership()]), encoding="utf-8")
    ok(closer("import", str(again)))  # the same id, from an export made before the delete
    before = snapshot(db)
    assert_refused(closer("restore", "kmn234"), "already in the store", "left there")
    assert snapshot(db) == before


def test_delete_and_restore_of_an_unknown_id_are_refused(closer, two_partnerships):
    assert_refused(closer("delete", "zzz", "--yes"), "no partnership with id 'zzz'")
    assert_refused(closer("restore", "kmn234"), "no partnership 'kmn234' in the trash")


# --- report --from -------------------------------------------------------------


def facilitator_file(path: Path, *partnerships: Partnership) -> Path:
    path.write_text(dumps(partnerships), encoding="utf-8")
    return path


def test_report_from_three_export_files_counts_an_overlapping_partnership_once(closer, tmp_path):
    first = closed_partnership()  # pqr567: achieved + not achieved
    first.updated_at = "2026-06-01T10:00:00+00:00"
    later = Partnership.from_dict(first.to_dict() | {"updated_at": "2026-06-05T10:00:00+00:00"})
    later.goals[1] = Goal("Teach a seminar", status="achieved")
    other = Partnership.create("Ann Lee", "Kim Park", start_date="2026-01-01", goals=[Goal("Lead a lab", status="partly")])
    other.set_status("closed")
    files = [
        facilitator_file(tmp_path / "alice.json", first),
        facilitator_file(tmp_path / "bob.json", later, active_partnership()),
        facilitator_file(tmp_path / "carol.json", other),
    ]
    (tmp_path / "bad.json").write_text("{")
    result = closer("report", "--format", "json", "--from", *map(str, files), str(tmp_path / "bad.json"))
    report = json.loads(ok(result))
    assert report["partnerships"]["closed"] == 2 and report["partnerships"]["still_open"] == 1
    assert report["goals"]["by_status"]["achieved"] == 2 and report["goals"]["by_status"]["not_achieved"] == 0
    assert report["sources"]["duplicates_dropped"] == 1
    assert "bad.json: not valid JSON" in result.stderr  # named, and the rest reported
    text = ok(closer("report", "--from", *map(str, files)))
    assert "Read from 3 export files; 1 duplicate dropped" in text


def test_report_from_never_touches_the_data_folder_unless_asked(closer, two_partnerships, tmp_path, db):
    export = facilitator_file(tmp_path / "elsewhere.json", closed_partnership())
    before = snapshot(db)
    only_files = json.loads(ok(closer("report", "--format", "json", "--from", str(export))))
    assert only_files["partnerships"]["in_scope"] == 1 and only_files["sources"]["store"] is False
    with_store = json.loads(ok(closer("report", "--format", "json", "--from", str(export), "--with-store")))
    assert with_store["partnerships"]["in_scope"] == 2  # pqr567 is in both: once
    assert with_store["sources"]["duplicates_dropped"] == 1
    assert snapshot(db) == before  # read, never imported


def test_report_paths_without_from_and_with_store_alone_are_usage_errors(closer, tmp_path):
    assert_refused(closer("report", str(tmp_path)), "go after --from")
    assert_refused(closer("report", "--with-store"), "--with-store goes with --from")

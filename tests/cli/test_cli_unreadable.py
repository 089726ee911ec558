"""One bad file never blocks the rest (issue 11, items 4 and 6), run as a user would.

A record that cannot be read is named on stderr and counted apart; `list` and `report`
go on with the others. A damaged index.json is only a cache: `show` and `export` of intact
records work, and the first writer sets the damaged file aside (renamed, never overwritten)
and rebuilds the index from the partnership files.
"""

from __future__ import annotations

import json
import shutil

from test_cli import SAMPLE_DATA, closer, db, ok  # noqa: F401  (fixtures)

DAMAGED = "x8fj5a"  # a closed partnership of the sample data


def imported(closer) -> None:
    ok(closer("import", str(SAMPLE_DATA)))


def test_report_skips_an_unreadable_record_names_it_and_counts_it(closer, db):
    imported(closer)
    before = json.loads(ok(closer("report", "--format", "json")))
    record = db / "partnerships" / f"{DAMAGED}.json"
    record.write_bytes(b"{broken")

    result = closer("report")
    text = ok(result)
    assert f"Partnerships closed: {before['partnerships']['closed'] - 1}" in text
    assert f"Could not be read, not counted: 1 ({DAMAGED})" in text
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("closer: warning: ") and str(record) in warning

    figures = json.loads(ok(closer("report", "--format", "json")))
    assert figures["partnerships"]["unreadable"] == 1
    assert figures["unreadable"][0]["partnership"] == DAMAGED
    assert "Could not be read" in ok(closer("report", "--format", "md"))


def test_list_goes_on_past_a_record_that_cannot_be_read_and_names_it(closer, db):
    imported(closer)
    (db / "partnerships" / f"{DAMAGED}.json").write_bytes(b"")
    (db / "index.json").unlink()
    result = closer("list")
    assert DAMAGED not in ok(result) and "r4hn8v" in result.stdout
    assert f"{DAMAGED}.json" in result.stderr and result.stderr.startswith("closer: warning: ")


def test_a_record_put_back_after_a_writer_rebuilt_the_index_is_listed_and_reported_again(closer, db, tmp_path):
    """Issue 11, item 4, end to end."""
    imported(closer)
    record = db / "partnerships" / f"{DAMAGED}.json"
    shutil.copy2(record, tmp_path / "backup.json")
    closed_before = json.loads(ok(closer("report", "--format", "json")))["partnerships"]["closed"]
    record.write_bytes(b"")
    (db / "index.json").unlink()
    ok(closer("log", "r4hn8v", "Met again", "--date", "2026-04-01"))  # any writer

    shutil.copy2(tmp_path / "backup.json", record)
    listed = closer("list")
    assert DAMAGED in ok(listed) and listed.stderr == ""
    assert json.loads(ok(closer("report", "--format", "json")))["partnerships"]["closed"] == closed_before


def test_a_damaged_index_blocks_neither_show_nor_export_and_a_writer_sets_it_aside(closer, db):
    imported(closer)
    index = db / "index.json"
    index.write_bytes(b"\x00 not an index")

    assert "Amara Okafor" in ok(closer("show", DAMAGED))
    assert json.loads(ok(closer("export", DAMAGED, "--format", "json")))["partnerships"][0]["id"] == DAMAGED
    assert "Amara Okafor" in ok(closer("show", "x8f"))  # a prefix needs the list: rebuilt in memory
    assert index.read_bytes() == b"\x00 not an index"  # readers never write

    result = closer("log", "r4hn8v", "Met again", "--date", "2026-04-01")
    ok(result)
    (aside,) = db.glob("index.json.damaged-*")
    assert aside.read_bytes() == b"\x00 not an index"
    assert aside.name in result.stderr
    assert len(json.loads(ok(closer("list", "--json")))) == 7  # the sample's seven, the follow-on j7tn4e among them

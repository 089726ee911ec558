"""`closer prep`: each partner's reflection sheet written, filled in, and read back, as a user would."""

from __future__ import annotations

import json

from test_cli import SAMPLE_DATA, assert_refused, closer, db, ok, snapshot  # noqa: F401  (fixtures)

READY = "r4hn8v"  # the sample partnership whose close is booked but not begun
HIGHLIGHTS = "## Looking back over the whole partnership, what stood out for you?"


def test_a_sheet_is_written_filled_and_read_back_as_the_mentees(closer, tmp_path):
    ok(closer("import", str(SAMPLE_DATA)))
    sheet = tmp_path / "ming.md"
    ok(closer("prep", READY, "--for", "mentee", "--date", "2026-11-25", "-o", str(sheet)))
    text = sheet.read_text(encoding="utf-8")
    assert text.startswith(f"# Closing reflection for 李明 (mentee, partnership {READY})")
    assert "comes to its close on 25 November 2026" in " ".join(text.split())
    assert oct(sheet.stat().st_mode & 0o777) == "0o600"
    sheet.write_text(text.replace(f"{HIGHLIGHTS}\n\n", f"{HIGHLIGHTS}\n\nThe **mock panel**.\n"), encoding="utf-8")
    out = ok(closer("prep", READY, "--read", str(sheet)))
    assert out.startswith("read 李明's sheet (mentee): 1 answer")
    record = json.loads(ok(closer("export", READY, "--format", "json")))["partnerships"][0]
    assert record["preparation"]["mentee"]["answers"]["evaluate.highlights"] == "The **mock panel**."
    assert "The **mock panel**." in ok(closer("show", READY))


def test_the_sheet_prints_to_standard_output_for_the_mentor(closer):
    ok(closer("import", str(SAMPLE_DATA)))
    text = ok(closer("prep", READY[:3], "--for", "mentor"))
    assert text.startswith(f"# Closing reflection for Prof. Siobhán Ní Bhriain (mentor, partnership {READY})")
    assert "## Goal 5 (d9pm), yours: Ask before advising" in text


def test_another_partnerships_sheet_is_refused_and_nothing_is_changed(closer, tmp_path, db):
    ok(closer("import", str(SAMPLE_DATA)))
    sheet = tmp_path / "zoe.md"
    ok(closer("prep", "c9tw2e", "--for", "mentee", "-o", str(sheet)))
    before = snapshot(db)
    assert_refused(closer("prep", READY, "--read", str(sheet)), f"this sheet is for partnership c9tw2e, not {READY}")
    assert_refused(closer("prep", "c9tw2e", "--read", str(sheet), "--for", "mentor"), "the mentee's sheet, not the mentor's")
    assert snapshot(db) == before


def test_prep_says_what_it_needs(closer, tmp_path):
    ok(closer("import", str(SAMPLE_DATA)))
    assert_refused(closer("prep", READY), "--for mentor or --for mentee")
    assert_refused(closer("prep", READY, "--for", "buddy"), "'buddy' is not one of")
    assert_refused(closer("prep", READY, "--for", "mentee", "--date", "next week"), "is not an ISO 8601 date")
    assert_refused(closer("prep", READY, "--read", str(tmp_path / "missing.md")), "missing.md")
    binary = tmp_path / "sheet.md"
    binary.write_bytes(b"\xff\xfe# not text")
    assert_refused(closer("prep", READY, "--read", str(binary)), "not UTF-8 text")

"""`--guide FILE`: a programme's own guide for new partnerships, refused at once when malformed."""

from __future__ import annotations

import json

from test_cli import assert_refused, closer, db, ok  # noqa: F401  (fixtures)
from test_guide_file import OWN_GUIDE


def test_new_partnership_records_the_guide_given(closer, tmp_path):
    guide = tmp_path / "riverside.md"
    guide.write_text(OWN_GUIDE, encoding="utf-8")
    pid = ok(closer("--guide", str(guide), "new", "--mentor", "Ann Lee", "--mentee", "Bob Roe")).strip()
    record = json.loads(ok(closer("export", pid, "--format", "json")))["partnerships"][0]
    assert record["guide"]["title"] == "Riverside programme close"
    assert [s["key"] for s in record["guide"]["stages"]] == ["look_back", "look_ahead"]


def test_without_a_guide_new_partnerships_use_the_END_close(closer):
    pid = ok(closer("new", "--mentor", "Ann Lee", "--mentee", "Bob Roe")).strip()
    record = json.loads(ok(closer("export", pid, "--format", "json")))["partnerships"][0]
    assert [s["key"] for s in record["guide"]["stages"]] == ["evaluate", "next_steps", "development"]


def test_a_malformed_guide_is_refused_with_its_line_and_nothing_is_saved(closer, tmp_path, db):
    guide = tmp_path / "broken.md"
    guide.write_text(OWN_GUIDE.replace("| Look ahead | 7.5 |", "| Look ahead | soon |"), encoding="utf-8")
    line = assert_refused(closer("--guide", str(guide), "new", "--mentor", "A", "--mentee", "B"), "line 6")
    assert "broken.md" in line
    assert json.loads(ok(closer("list", "--json"))) == []


def test_the_app_does_not_start_with_a_malformed_guide(closer, tmp_path):
    guide = tmp_path / "broken.md"
    guide.write_text("# no stages here\n", encoding="utf-8")
    assert_refused(closer("--guide", str(guide)), "no stages")

"""`closer export --format html|story` and `closer report`, run as a user would."""

from __future__ import annotations

import json

from test_cli import SAMPLE_DATA, assert_refused, closer, db, ok  # noqa: F401  (fixtures)


def imported(closer) -> None:
    ok(closer("import", str(SAMPLE_DATA)))


def test_export_html_writes_a_private_self_contained_file(closer, tmp_path):
    imported(closer)
    target = tmp_path / "record.html"
    ok(closer("export", "x8fj5a", "--format", "html", "-o", str(target)))
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Amara Okafor" in html
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_export_story_prints_a_shareable_story_without_private_notes(closer):
    imported(closer)
    ok(closer("consent", "c9tw2e", "--mentor", "yes", "--mentee", "yes"))
    story = ok(closer("export", "c9tw2e", "--format", "story", "--include-private"))
    assert story.startswith("# Zoë Whitfield and Dr Anaïs Lefebvre: a mentoring story")
    private = json.loads(ok(closer("export", "c9tw2e", "--format", "json", "--include-private")))
    secret = private["partnerships"][0]["close"]["private_notes"]
    assert secret and secret not in story


def test_report_prints_the_programme_outcomes_with_bars(closer):
    imported(closer)
    text = ok(closer("report"))
    assert "Partnerships closed: 4" in text and "█" in text
    figures = json.loads(ok(closer("report", "--format", "json", "--programme", "Women in STEM Mentoring")))
    assert figures["partnerships"]["closed"] == 1
    assert "# Programme outcomes" in ok(closer("report", "--format", "md"))


def test_report_refuses_a_bad_date_in_one_line(closer):
    imported(closer)
    assert_refused(closer("report", "--since", "last week"), "--since")


def test_export_refuses_an_unknown_format(closer):
    imported(closer)
    assert_refused(closer("export", "x8fj5a", "--format", "pdf"), "pdf")

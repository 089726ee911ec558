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


def test_export_ics_writes_the_sample_follow_ups_as_a_calendar(closer, tmp_path):
    import icalendar

    imported(closer)
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    ok(closer("export", "x8fj5a", "--format", "ics", "-o", str(first)))
    ok(closer("export", "x8fj5a", "--format", "ics", "-o", str(second)))
    data = first.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"") and data == second.read_bytes()
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == [
        "Check-in: Amara Okafor and Αλεξάνδρα Παπαδοπούλου",
        "Done: Send Amara the reviewer's checklist from her own review",
        "Due: Book a mock interview with the ICE reviewer network",
        "Extra meeting 1 of 2: Amara Okafor and Αλεξάνδρα Παπαδοπούλου",
        "Extra meeting 2 of 2: Amara Okafor and Αλεξάνδρα Παπαδοπούλου",
    ]
    assert all(str(e["UID"]).startswith("x8fj5a-") for e in events)
    private = json.loads(ok(closer("export", "m3pq7d", "--format", "json", "--include-private")))
    secret = private["partnerships"][0]["close"]["private_notes"]
    calendar = tmp_path / "m3pq7d.ics"
    ok(closer("export", "m3pq7d", "--format", "ics", "--include-private", "-o", str(calendar)))
    unfolded = calendar.read_bytes().decode("utf-8").replace("\r\n ", "")
    assert secret and "Celebration: José Antonio Márquez" in unfolded and secret[:30] not in unfolded
    piped = closer("export", "x8fj5a", "--format", "ics")  # standard output (a pipe): the same calendar
    assert piped.returncode == 0 and "BEGIN:VEVENT" in piped.stdout


def test_a_story_is_exported_only_when_both_partners_agreed(closer, tmp_path):
    imported(closer)
    assert ok(closer("export", "m3pq7d", "--format", "story")).startswith("# José and Дмитрий: a mentoring story")
    assert_refused(closer("export", "x8fj5a", "--format", "story"), "the mentee has not been asked", "--without-consent")
    forced = ok(closer("export", "x8fj5a", "--format", "story", "--without-consent"))
    assert forced.splitlines()[0].startswith("> **Not agreed for sharing**") and "the mentee has not been asked" in forced.splitlines()[0]
    said = ok(closer("consent", "x8fj5a", "--mentee", "yes"))
    assert "the mentor said yes" in said and "the mentee said yes" in said and "both agreed" in said
    assert ok(closer("export", "x8fj5a", "--format", "story")).startswith("# Amara Okafor and Αλεξάνδρα Παπαδοπούλου")
    said = ok(closer("consent", "x8fj5a", "--variant", "roles", "--show"))
    assert said.startswith("# A mentee and a mentor in Women in STEM Mentoring: a mentoring story")
    assert "not with roles only" in said and "Amara" not in said.split("\n\n", 1)[0]
    assert_refused(closer("export", "x8fj5a", "--format", "story", "-o", str(tmp_path / "s.md")), "not with roles only")
    assert not (tmp_path / "s.md").exists()
    assert_refused(closer("consent", "x8fj5a", "--mentor", "maybe"), "maybe")


def test_the_report_counts_the_actions_of_the_closes(closer):
    imported(closer)
    figures = json.loads(ok(closer("report", "--format", "json")))
    # m3pq7d's "Update the readership case" (rk7m) was still open at its close and is done in its
    # follow-on j7tn4e: the fifth done, counted as done later.
    assert {k: figures["actions"][k] for k in ("set", "with_due_date", "done", "done_in_follow_on", "closes")} == {
        "set": 14,
        "with_due_date": 12,
        "done": 5,
        "done_in_follow_on": 1,
        "closes": 4,
    }
    text = ok(closer("report"))
    assert "14 set in 4 closes" in text and "5 done (36%, 1 of them in a follow-on)" in text

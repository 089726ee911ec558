"""HTML and story exports: hostile notes stay inert, private notes stay private."""

from __future__ import annotations

import re

import pytest

from closer_tui.export import export_text, record_markdown, story_markdown
from closer_tui.model import Goal, Partnership

HOSTILE = (
    "<script>alert('x')</script>\n\n"
    "<img src=x onerror=alert(1)>\n\n"
    "[click](javascript:alert(1)) [also](JaVaScRiPt:alert(2)) [vb](vbscript:msgbox) "
    "[file](file:///etc/passwd) ![pixel](https://tracker.example/p.png)\n\n"
    '<a href="javascript:alert(3)">raw link</a> <iframe src="https://evil.example"></iframe>'
)


@pytest.fixture
def hostile() -> Partnership:
    p = Partnership.create("Ann <b>Lee</b>", "Bob Roe", goals=[Goal("<script>goal</script>", status="achieved")])
    p.close.stage_notes = {"evaluate": HOSTILE, "development": "Safe [link](https://example.org)."}
    p.close.mentee_on_mentor = "<svg onload=alert(4)>"
    p.close.private_notes = "SECRET facilitator note"
    return p


def test_html_export_never_contains_a_live_tag_from_user_text(hostile):
    html = export_text(hostile, "html")
    body = html.split("<body>", 1)[1]
    for tag in ("<script", "<img", "<iframe", "<svg", "<b>"):
        assert tag not in body.lower()
    assert "&lt;script&gt;" in body
    assert not re.search(r'href="\s*(javascript|vbscript|file|data):', body, re.IGNORECASE)
    assert "tracker.example/p.png" not in re.findall(r'src="([^"]*)"', body)
    assert '<a href="https://example.org">link</a>' in body


def test_html_export_is_one_self_contained_page(hostile):
    html = export_text(hostile, "html")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert "default-src 'none'" in html
    assert "<link" not in html and "<script" not in html.split("<body>")[0]


def test_html_title_is_escaped(hostile):
    assert "<title>Bob Roe and Ann &lt;b&gt;Lee&lt;/b&gt;: closing record</title>" in export_text(hostile, "html")


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_private_notes_appear_only_when_asked_for(hostile, fmt):
    assert "SECRET" not in export_text(hostile, fmt)
    assert "SECRET" in export_text(hostile, fmt, include_private=True)


def test_story_never_includes_private_or_stage_notes(hostile):
    hostile.close.highlights = "The first talk"
    story = export_text(hostile, "story", include_private=True, without_consent=True)
    assert "SECRET" not in story and "javascript" not in story
    assert "The first talk" in story and "met 1 of it" in story


def test_markdown_record_holds_every_part_of_the_close():
    p = Partnership.create("Ann Lee", "Bob Roe", "Leaders", goals=[
        Goal("Publish", status="achieved", what_changed="A first paper"),
        Goal("Teach", status="not_achieved", not_met_reason="No slot", mentor_view="Next year", mentee_view="Maybe"),
    ])
    c = p.close
    c.end_reason, c.end_reason_text = "other", "Mentor moved abroad"
    c.extension.extra_meetings, c.extension.mentor_agrees, c.extension.mentee_agrees = 1, True, True
    c.stage_notes = {"evaluate": "EVAL NOTES", "next_steps": "NEXT NOTES", "development": "DEV NOTES"}
    c.prompts_discussed = ["evaluate.goals"]
    c.stay_in_touch, c.stay_in_touch_how = True, "a call each term"
    c.mentor_would_mentor_others, c.mentee_would_mentor_others = True, False
    c.highlights = "HIGHLIGHTS"
    c.mentee_on_mentor, c.mentor_on_mentee = "MENTEE SAYS", "MENTOR SAYS"
    c.gifts_acknowledged, c.gifts_notes = ["time", "advice"], "weekly calls"
    c.celebration_plan, c.thanks_said = "Lunch at the canteen", True
    p.timer.used = {"evaluate": 600, "next_steps": 200, "development": 400}
    p.add_meeting("Kick-off", date="2026-01-05", milestone=True)
    text = record_markdown(p)
    for part in [
        "Bob Roe", "Ann Lee", "Leaders", "Other reason: Mentor moved abroad", "1 extra meeting, agreed by both",
        "Publish (**achieved**", "A first paper", "Teach (**not achieved**", "No slot", "Next year", "Maybe",
        "2026-01-05 (milestone): Kick-off", "EVAL NOTES", "NEXT NOTES", "DEV NOTES",
        "1 of 30 discussed", "- [x] Walk through every goal", "yes (a call each term)",
        "**Mentor would mentor others**: yes", "**Mentee would mentor others**: no", "HIGHLIGHTS",
        "MENTEE SAYS", "MENTOR SAYS", "time, advice; weekly calls", "Lunch at the canteen", "**Thanks said**: yes",
        "Time used: 10:00 of 08:00", "Close time: 20:00 of 20:00",
    ]:
        assert part in text, part

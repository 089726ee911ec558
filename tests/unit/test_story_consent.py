"""A story both agreed to: named as they chose, refused until both said yes, and saying so when forced out."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest

from closer_tui.desk import Desk
from closer_tui.export import StoryConsentError, export_text, record_markdown, story_markdown
from closer_tui.export.story import WITHOUT_CONSENT, first_name, initials
from closer_tui.model import Consent, Partnership, ValidationError

from records import closed_partnership

NOW = dt.datetime(2026, 7, 1, 9, 30, tzinfo=dt.timezone.utc).timestamp()


@pytest.fixture(autouse=True)
def in_london(monkeypatch):
    """Answers are stored in UTC and said in the reader's local time: here, London's summer time."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def story_partnership() -> Partnership:
    p = closed_partnership(mentor="Dr Ana María Lima", mentee="Tomás Ngata")
    p.close.highlights = "The first talk"
    return p


def agreed(p: Partnership, variant: str | None = None) -> Partnership:
    at = "2026-07-01T12:00:00+00:00"
    variant = variant or p.story.variant
    p.story.variant = variant
    p.story.mentor = Consent(True, at, variant)
    p.story.mentee = Consent(True, at, variant)
    return p


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "heading", "first_line", "not_there"),
    [
        ("full", "# Tomás Ngata and Dr Ana María Lima: a mentoring story", "Dr Ana María Lima mentored Tomás Ngata in Early Career Researchers", []),
        ("first", "# Tomás and Ana: a mentoring story", "Ana mentored Tomás in Early Career Researchers", ["Ngata", "Lima", "Dr"]),
        ("initials", "# T. N. and A. M. L.: a mentoring story", "A. M. L. mentored T. N. in Early Career Researchers", ["Tomás", "Ana", "Ngata"]),
        (
            "roles",
            "# A mentee and a mentor in Early Career Researchers: a mentoring story",
            "The mentor mentored the mentee in Early Career Researchers",
            ["Tomás", "Ana", "Ngata", "Lima", "T. N."],
        ),
    ],
)
def test_each_variant_names_the_pair_its_way_and_no_other(variant, heading, first_line, not_there):
    story = story_markdown(story_partnership(), variant)
    assert story.startswith(heading + "\n")
    assert first_line in story
    for name in not_there:
        assert name not in story, name
    if variant == "roles":
        assert "## The mentee, on the mentor" in story and "## The mentor, on the mentee" in story


def test_first_names_and_initials_skip_titles():
    assert first_name("Prof. Siobhán Ní Bhriain") == "Siobhán"
    assert initials("Prof. Siobhán Ní Bhriain") == "S. N. B."
    assert first_name("李明") == "李明" and initials("李明") == "李."
    assert first_name("Dr") == "Dr"


# --- consent --------------------------------------------------------------------------------------


def test_a_story_without_both_consents_is_refused_saying_why():
    p = story_partnership()
    with pytest.raises(StoryConsentError) as refused:
        export_text(p, "story")
    message = str(refused.value)
    assert "the mentor has not been asked; the mentee has not been asked" in message
    assert "--without-consent" in message and "\n" not in message
    p.story.mentor = Consent(True, "2026-07-01T09:30:00+00:00", "full")
    p.story.mentee = Consent(False, "2026-07-01T12:01:00+00:00", "full")
    with pytest.raises(StoryConsentError, match="the mentee said no on 1 July 2026 at 13:01"):
        export_text(p, "story")


def test_consent_to_one_way_of_naming_is_not_consent_to_another():
    p = agreed(story_partnership(), "initials")
    assert export_text(p, "story").startswith("# T. N. and A. M. L.")
    p.story.variant = "full"
    with pytest.raises(StoryConsentError, match="said yes on .* to the story with initials, not with full names"):
        export_text(p, "story")


def test_without_consent_the_story_says_so_in_its_first_line():
    p = story_partnership()
    p.story.mentor = Consent(True, "2026-07-01T09:30:00+00:00", "full")
    text = export_text(p, "story", without_consent=True)
    first, rest = text.split("\n", 1)
    assert first.startswith(WITHOUT_CONSENT) and "the mentee has not been asked" in first
    assert "# Tomás Ngata and Dr Ana María Lima" in rest
    assert export_text(agreed(story_partnership()), "story").startswith("# Tomás Ngata")  # agreed: no such line


def test_the_record_keeps_each_answer_with_its_time_and_checks_it():
    p = agreed(story_partnership(), "roles")
    again = Partnership.from_dict(json.loads(json.dumps(p.to_dict())))
    assert again.story == p.story
    record = p.to_dict()
    for change, field in [
        ({"variant": "nicknames"}, "story.variant"),
        ({"mentor": {"given": "yes", "at": "2026-07-01T09:30:00+00:00", "variant": "roles"}}, "story.mentor.given"),
        ({"mentee": {"given": True, "at": "yesterday", "variant": "roles"}}, "story.mentee.at"),
    ]:
        broken = json.loads(json.dumps(record))
        broken["story"].update(change)
        with pytest.raises(ValidationError) as refused:
            Partnership.from_dict(broken)
        assert refused.value.field == field
    assert "**Story**: with roles only; the mentor said yes on 1 July 2026 at 13:00; the mentee said yes" in record_markdown(p)


def test_the_desk_records_each_answer_with_the_time_and_a_variant_choice(filled_db):
    p = story_partnership()
    with Desk.for_writing(filled_db, clock=lambda: NOW) as desk:
        desk.store.add(p)
        view = desk.record_consent(p.id, "mentor", True, variant="first")
        assert not view.agreed and view.variant == "first" and view.markdown.startswith("# Tomás and Ana")
        view = desk.record_consent(p.id, "mentee", True)
        assert view.agreed
        stored = desk.read(p.id).story
        assert stored.mentee == Consent(True, "2026-07-01T09:30:00+00:00", "first")
        assert desk.export_text(p.id, "story").startswith("# Tomás and Ana")
        view = desk.choose_story_variant(p.id, "full")
        assert not view.agreed and "to the story with first names, not with full names" in view.consent["mentor"]
        with pytest.raises(StoryConsentError):
            desk.export_to_file(p.id, "story")
        with pytest.raises(ValidationError):
            desk.record_consent(p.id, "facilitator", True)


def test_a_story_never_holds_private_or_stage_notes_whatever_the_variant():
    p = agreed(story_partnership())
    for variant in ("full", "first", "initials", "roles"):
        story = story_markdown(p, variant)
        assert p.close.private_notes not in story
        assert not any(note in story for note in p.close.stage_notes.values())

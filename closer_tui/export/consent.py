"""Where the partners' consent to share their story stands, in words (the story, the record and the screen say it)."""

from __future__ import annotations

import datetime as dt

from ..model import STORY_PARTNERS, STORY_VARIANT_LABELS, Partnership


def consent_line(p: Partnership, who: str) -> str:
    """Where one partner's consent stands, in words: "the mentee said yes on 29 November 2026 at 14:05"."""
    consent = getattr(p.story, who)
    if consent is None:
        return f"the {who} has not been asked"
    moment = dt.datetime.fromisoformat(consent.at).astimezone()  # stored in UTC; said in the reader's time
    said = f"said {'yes' if consent.given else 'no'} on {moment.day} {moment:%B %Y} at {moment:%H:%M}"
    if consent.variant != p.story.variant:
        return f"the {who} {said} to the story with {STORY_VARIANT_LABELS[consent.variant]}, not with {STORY_VARIANT_LABELS[p.story.variant]}"
    return f"the {who} {said}"


def consent_problem(p: Partnership) -> str | None:
    """Why the story may not be shared as named (None: both partners said yes to it)."""
    missing = [consent_line(p, who) for who in STORY_PARTNERS if not p.story.agreed(who)]
    return "; ".join(missing) if missing else None

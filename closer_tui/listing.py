"""How partnerships are ordered and labelled in lists (shared by the CLI and the app)."""

from __future__ import annotations

from .model import PARTNERSHIP_STATUSES

STATUS_ORDER = {status: rank for rank, status in enumerate(PARTNERSHIP_STATUSES)}
# A symbol beside the word, so status never depends on colour alone.
STATUS_SYMBOLS = {"active": "●", "closing": "◐", "closed": "○"}


def count_open(summaries: list[dict]) -> int:
    """How many of ``summaries`` are not closed: the list's heading and the index's listing table."""
    return sum(1 for summary in summaries if summary["status"] != "closed")


def listing_order(summary: dict) -> tuple:
    """Active first, then closing, then closed; by mentee within each."""
    return (STATUS_ORDER.get(summary["status"], 9), summary["mentee"].casefold(), summary["id"])

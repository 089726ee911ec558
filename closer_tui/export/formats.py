"""Every export format closer writes, in one registry.

The CLI's ``--format`` choices, the summary's export dialog and the names of
exported files all come from :data:`FORMATS`; adding a format is one entry
here plus its renderer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Partnership

# The renderers are imported when a format is used: the CLI reads this registry for its
# --format choices on every start, the app's first screen needs none of them.


@dataclass(frozen=True)
class ExportOptions:
    include_private: bool = False  # the facilitator's private notes, where the format allows them
    without_consent: bool = False  # a story all the same when the partners have not both agreed to it


Renderer = Callable[["Partnership", ExportOptions], str]


@dataclass(frozen=True)
class ExportFormat:
    name: str  # what --format takes
    label: str  # what the export dialog shows
    extension: str  # of the file written, without the leading dot
    render: Renderer
    may_include_private: bool  # False: the private notes never reach this format, even when asked for


def _json(partnership: Partnership, options: ExportOptions) -> str:
    from .interchange import dumps

    return dumps([partnership], include_private=options.include_private)


def _markdown(partnership: Partnership, options: ExportOptions) -> str:
    from .markdown import record_markdown

    return record_markdown(partnership, include_private=options.include_private)


def _html(partnership: Partnership, options: ExportOptions) -> str:
    from .html import render_html  # markdown-it: loaded when an HTML export is asked for, not at start-up
    from .markdown import record_markdown

    title = f"{partnership.mentee} and {partnership.mentor}: closing record"
    return render_html(record_markdown(partnership, include_private=options.include_private), title)


def _story(partnership: Partnership, options: ExportOptions) -> str:
    from .story import shared_story

    return shared_story(partnership, without_consent=options.without_consent)


def _ics(partnership: Partnership, options: ExportOptions) -> str:
    from .ics import calendar_ics  # icalendar: loaded when a calendar is asked for, not at start-up

    return calendar_ics(partnership)


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("md", "Markdown: the closing record", "md", _markdown, True),
        ExportFormat("html", "HTML: the record as a printable page", "html", _html, True),
        ExportFormat("json", "JSON: the import format (a backup)", "json", _json, True),
        ExportFormat("story", "Story: a short shareable narrative (needs both partners' consent)", "story.md", _story, False),
        ExportFormat("ics", "Calendar: the follow-up dates (iCalendar)", "ics", _ics, False),
    )
}
EXPORT_FORMATS = tuple(FORMATS)


def export_format(name: str) -> ExportFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown export format {name!r}; choose from {', '.join(EXPORT_FORMATS)}") from None


def export_text(partnership: Partnership, fmt: str, *, include_private: bool = False, without_consent: bool = False) -> str:
    """One partnership in ``fmt``; private notes only where asked for and the format allows them.
    A story is refused (StoryConsentError) without both partners' consent, unless ``without_consent``."""
    chosen = export_format(fmt)
    return chosen.render(partnership, ExportOptions(include_private and chosen.may_include_private, without_consent))


def export_file_name(partnership: Partnership, fmt: str) -> str:
    """A readable, safe file name: closer-<mentee>-<id>.<ext>."""
    name = "".join(ch if ch.isalnum() else "-" for ch in partnership.mentee.casefold()).strip("-")
    name = "-".join(part for part in name.split("-") if part)[:40] or "partnership"
    return f"closer-{name}-{partnership.id}.{export_format(fmt).extension}"

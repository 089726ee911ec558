"""Turning a partnership into files people keep: JSON (interchange), Markdown, HTML, a story."""

from .interchange import FORMAT_NAME, FORMAT_VERSION, ImportFormatError, dumps, loads
from .markdown import record_markdown
from .story import story_markdown

EXPORT_FORMATS = ("md", "html", "json", "story")


def export_text(partnership, fmt: str, *, include_private: bool = False) -> str:
    """One partnership in ``fmt``; the story never carries private notes."""
    if fmt == "json":
        return dumps([partnership], include_private=include_private)
    if fmt == "story":
        return story_markdown(partnership)
    markdown = record_markdown(partnership, include_private=include_private)
    if fmt == "html":
        from .html import render_html  # markdown-it: loaded when an HTML export is asked for, not at start-up

        return render_html(markdown, f"{partnership.mentee} and {partnership.mentor}: closing record")
    if fmt == "md":
        return markdown
    raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}")


__all__ = [
    "EXPORT_FORMATS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "ImportFormatError",
    "dumps",
    "export_text",
    "loads",
    "record_markdown",
    "story_markdown",
]

"""Turning a partnership into files people keep: JSON (interchange), Markdown, HTML, a story, a calendar.

Each name is imported from its module when first used (``from closer_tui.export import dumps``
works as ever): the command line reads the format registry on every start and must not
load every renderer to do so.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .formats import EXPORT_FORMATS, FORMATS, ExportFormat, export_file_name, export_format, export_text
    from .interchange import FORMAT_NAME, FORMAT_VERSION, ImportFormatError, dumps, loads
    from .markdown import record_markdown
    from .story import StoryConsentError, consent_problem, shared_story, story_markdown

_MODULE_OF = {
    "EXPORT_FORMATS": "formats",
    "FORMATS": "formats",
    "ExportFormat": "formats",
    "export_file_name": "formats",
    "export_format": "formats",
    "export_text": "formats",
    "FORMAT_NAME": "interchange",
    "FORMAT_VERSION": "interchange",
    "ImportFormatError": "interchange",
    "dumps": "interchange",
    "loads": "interchange",
    "record_markdown": "markdown",
    "StoryConsentError": "story",
    "consent_problem": "story",
    "shared_story": "story",
    "story_markdown": "story",
}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value

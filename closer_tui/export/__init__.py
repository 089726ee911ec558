"""Turning a partnership into files people keep: JSON (interchange), Markdown, HTML, a story, a calendar."""

from .formats import EXPORT_FORMATS, FORMATS, ExportFormat, export_file_name, export_format, export_text
from .interchange import FORMAT_NAME, FORMAT_VERSION, ImportFormatError, dumps, loads
from .markdown import record_markdown
from .story import StoryConsentError, consent_problem, shared_story, story_markdown

__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "ExportFormat",
    "ImportFormatError",
    "dumps",
    "export_file_name",
    "export_format",
    "export_text",
    "loads",
    "record_markdown",
    "StoryConsentError",
    "consent_problem",
    "shared_story",
    "story_markdown",
]

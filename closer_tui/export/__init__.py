"""Turning a partnership into files people keep: JSON (interchange) and Markdown."""

from .interchange import FORMAT_NAME, FORMAT_VERSION, ImportFormatError, dumps, loads
from .markdown import record_markdown

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "ImportFormatError", "dumps", "loads", "record_markdown"]

"""Textual's Markdown widget, loaded when a screen first shows one.

Importing it brings in markdown-it and pygments: about 30 ms, a tenth of
closer's start-up, which the dashboard should not wait for.
"""

from __future__ import annotations

from textual.widget import Widget


def markdown_view(source: str, **kwargs) -> Widget:
    from textual.widgets import Markdown

    return Markdown(source, **kwargs)

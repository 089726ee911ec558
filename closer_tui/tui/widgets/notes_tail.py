"""The last lines of a growing text that fit the widget: the latest words of the notes, always in view.

A scrolled container would do the same, but each save then changes the container's
virtual size (a layout pass) and its scroll offset, and Textual repaints the whole
screen after a scroll that follows a layout pass. This widget keeps its size, so a
save redraws its own region and nothing else: the audience view takes as little as it
can from the machine the facilitator types on.
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


class NotesTail(Widget):
    """Shows the end of ``text``, wrapped to the widget's width, as many lines as its height holds
    (``placeholder`` while the text is empty). Its size comes from CSS, never from the text."""

    text: reactive[str] = reactive("", layout=False)

    def __init__(self, placeholder: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.placeholder = placeholder

    def render(self) -> RenderResult:
        width, height = self.content_size
        if not self.text:
            return Content(self.placeholder)
        if width < 1 or height < 1:
            return Content("")
        return Content("\n").join(last_lines(self.text, width, height))


def last_lines(text: str, width: int, height: int) -> list[Content]:
    """The last ``height`` lines of ``text`` wrapped to ``width`` cells, wrapping only the paragraphs
    that can reach the screen (whole paragraphs, so each one wraps as it would in full)."""
    lines: list[Content] = []
    for paragraph in reversed(text.split("\n")):
        wrapped = Content(paragraph).wrap(width) if paragraph else [Content("")]
        lines[:0] = wrapped
        if len(lines) >= height:
            break
    return lines[-height:]

"""A stage's notes as the dashboard's first frame shows them, before their editor is built.

``closer open ID`` draws the dashboard with this in the notes' place: the end of the notes,
where the editor's cursor will be, wrapped and framed as the editor draws them, and focused as
the editor will be. The editor (notes_editor.py) takes its place a moment later; keys typed
before then wait in the app and go to the editor, in order (app.py).
"""

from __future__ import annotations

from textual._wrap import compute_wrap_offsets  # how TextArea wraps (textual is pinned: pyproject.toml)
from textual.app import RenderResult
from textual.content import Content

from .notes_tail import NotesTail

CURSOR_CELL = 1  # the editor keeps a cell at the end of a wrapped line for its cursor
TAB_WIDTH = 4  # the editor's indent width


class NotesPreview(NotesTail):
    """The end of ``notes``, as the editor shows them with its cursor at the end (``placeholder`` while empty)."""

    can_focus = True  # the notes look focused in the first frame, where the keys will go

    def __init__(self, notes: str, placeholder: str, *, id: str, classes: str) -> None:
        super().__init__(placeholder, id=id)
        self.add_class(classes)
        self.text = notes

    def render(self) -> RenderResult:
        width, height = self.content_size
        if not self.text or width <= CURSOR_CELL or height < 1:
            return super().render()
        lines = last_wrapped_lines(self.text, width - CURSOR_CELL, height + 1)
        if len(lines) > height:  # more than fit: the editor's scrollbar takes its columns
            lines = last_wrapped_lines(self.text, max(width - CURSOR_CELL - self.styles.scrollbar_size_vertical, 1), height)
        return Content("\n").join(Content(line) for line in lines)

    def watch_text(self, text: str) -> None:
        self.set_class(not text, "-empty")  # the placeholder, coloured as the editor's


def last_wrapped_lines(text: str, width: int, height: int) -> list[str]:
    """The last ``height`` lines of ``text`` as the editor wraps it at ``width`` cells, wrapping only the
    paragraphs that can reach the screen: the lines the editor shows with its cursor at the end."""
    lines: list[str] = []
    for paragraph in reversed(text.split("\n")):
        offsets = compute_wrap_offsets(paragraph, width, TAB_WIDTH) if paragraph else []
        bounds = [0, *offsets, len(paragraph)]
        lines[:0] = [paragraph[start:end] for start, end in zip(bounds, bounds[1:])] or [""]
        if len(lines) >= height:
            break
    return lines[-height:]

"""The editor of one stage's notes: a TextArea, imported once the dashboard's first frame is drawn.

Textual's TextArea and its document model were a tenth of the time ``closer open ID`` took to
draw its first frame; that frame shows the notes (notes_preview.py) and this takes their place
just after. Every panel built later gets its editor at once.
"""

from __future__ import annotations

from textual.widgets import TextArea


class NotesEditor(TextArea):
    """Markdown notes for one stage."""

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        event.stop()  # nobody listens; bubbling it up the tree on every key costs time

    def on_mount(self) -> None:
        # The editor may normalise line breaks on load; compare with what it shows now.
        self.loaded_text = self.text

    @property
    def changed_since_loaded(self) -> bool:
        return self.text != getattr(self, "loaded_text", self.text)

    def carry_on_at_the_end(self) -> None:
        """Focused, the cursor where the notes end (unless it was moved): the facilitator carries on there."""
        self.focus()
        if self.selection.end == (0, 0) and self.text:
            self.move_cursor(self.document.end)

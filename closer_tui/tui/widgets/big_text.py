"""Text in solid blocks, as big as the widget's region allows: the timer a video tile can show."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.renderables.digits import Digits
from textual.widget import Widget

from ... import big_text


class BigText(Widget):
    """Draws ``text`` with big_text's block font at the largest scale that fits; where even
    scale 1 does not, a time falls back to Textual's three-row digits, and other text to bold."""

    text: reactive[str] = reactive("", layout=False)

    def render(self) -> RenderResult:
        width, height = self.content_size
        scale = big_text.largest_scale(self.text, width, height)
        if scale:
            return Content("\n".join(big_text.render(self.text, scale)))
        if height >= 3 and Digits.get_width(self.text) <= width and all(ch in "0123456789:+-" for ch in self.text):
            return Digits(self.text, self.rich_style)
        return Content.styled(self.text, "bold")

    @property
    def scale(self) -> int:
        """The scale it is drawn at now (0: plain text)."""
        return big_text.largest_scale(self.text, *self.content_size)

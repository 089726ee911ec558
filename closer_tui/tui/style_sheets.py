"""The app's style sheets, each parsed when a screen that needs it is first shown.

Parsing all of closer's sheets took about a third of the app's own start-up
work, yet the first frame (the list, or the dashboard of ``closer open ID``)
needs two or three of them. A screen names the sheets it needs in
``STYLE_SHEETS``; any screen that names none gets every sheet. Whatever the
order screens come in, the sheets stay in the cascade order of ``SHEETS``, so
a screen looks the same as if all had been read at start.
"""

from __future__ import annotations

from textual.app import App
from textual.screen import Screen

from ..assets import style_paths

# Every sheet, in cascade order; a later sheet's rule overrides an earlier one's of the same weight.
SHEETS = (
    "app.tcss",
    "partnerships.tcss",
    "dashboard.tcss",
    "review.tcss",
    "shared_screen.tcss",
    "forms.tcss",
    "summary.tcss",
)
ALWAYS = ("app.tcss", "shared_screen.tcss")  # the window, the too-small notice, the shared-screen marker


class StyleSheets(App):
    """Mixed into the app before Textual's App: reads a screen's sheets just before it is shown."""

    CSS_PATH = style_paths(*ALWAYS)

    def push_screen(self, screen, *args, **kwargs):
        if isinstance(screen, Screen):  # not a screen's name
            self.use_style_sheets_of(screen)
        return super().push_screen(screen, *args, **kwargs)

    def use_style_sheets_of(self, screen: Screen) -> None:
        """Read the sheets ``screen`` needs, before it is shown (pushed, or the app's first screen)."""
        self.use_style_sheets(getattr(screen, "STYLE_SHEETS", SHEETS))

    def use_style_sheets(self, names: tuple[str, ...]) -> None:
        """Read the sheets of ``names`` not read yet, and style what is on screen with them."""
        stylesheet = self.stylesheet
        new = [path for path in style_paths(*names) if not stylesheet.has_source(str(path))]
        if not new:
            return
        for path in new:
            stylesheet.read(path)
        rank = {str(path): number for number, path in enumerate(style_paths(*SHEETS))}
        in_order = sorted(stylesheet.source.items(), key=lambda item: rank.get(item[0][0], len(rank)))
        stylesheet.source.clear()
        stylesheet.source.update(in_order)  # sorted() is stable: Textual's own sources keep their order
        stylesheet.parse()  # the sheets parsed before come from the stylesheet's cache
        stylesheet.update(self)

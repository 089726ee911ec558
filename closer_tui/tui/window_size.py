"""The app's answer to the window's size: width classes set before styling, and a plain notice below the minimum."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.screen import Screen

from .screens.too_small import TooSmallScreen, too_small


class WindowSize(App):
    """Mixed into the app (its HORIZONTAL_BREAKPOINTS name the width classes)."""

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.check_size)  # the app takes its new size on idle

    def check_size(self) -> None:
        """Below the minimum size, a plain notice instead of a broken layout (it goes by itself)."""
        if len(self.screen_stack) < 2 or self.screen.id == TooSmallScreen.SCREEN_ID or not self.is_running:
            return  # nothing of closer's on screen yet, or the notice already is
        if too_small(self.size.width, self.size.height):
            self.push_screen(TooSmallScreen())

    def push_screen(self, screen, *args, **kwargs):
        """Push a screen that already carries its width class (-narrow, -wide).

        Textual adds the class at the screen's first resize, after its widgets
        are styled, and styles them all again: about 25 ms on the dashboard.
        """
        if isinstance(screen, Screen):  # not a screen's name
            if screen.id != TooSmallScreen.SCREEN_ID:
                self.call_later(self.check_size)  # a screen pushed in a small window gets the notice on top
            width = self.size.width
            fitting = [name for least, name in sorted(self.HORIZONTAL_BREAKPOINTS) if width >= least][-1:]
            screen.update_classes({name: name in fitting for _, name in self.HORIZONTAL_BREAKPOINTS}, update=False)
        return super().push_screen(screen, *args, **kwargs)

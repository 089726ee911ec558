"""The app's answer to the window's size: width classes set before styling, and a plain notice below the minimum.

Also what the app's screen stack means: its first screen is closer's own (the list, or what was
opened by id); leaving it leaves Textual's blank screen in its place, with what comes next on top."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.screen import Screen

from .screens.too_small import TooSmallScreen, too_small

BLANK_SCREEN = "_default"  # the id of Textual's own first screen (App.get_default_screen)


class WindowSize(App):
    """Mixed into the app (its HORIZONTAL_BREAKPOINTS name the width classes)."""

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.check_size)  # the app takes its new size on idle

    def check_size(self) -> None:
        """Below the minimum size, a plain notice instead of a broken layout (it goes by itself)."""
        if self.screen.id in (BLANK_SCREEN, TooSmallScreen.SCREEN_ID) or not self.is_running:
            return  # nothing of closer's on screen, or the notice already is
        if too_small(self.size.width, self.size.height):
            self.push_screen(TooSmallScreen())

    def fit_width_classes(self, screen: Screen) -> None:
        """Give a screen its width class (-narrow, -wide) before it is styled.

        Textual adds the class at the screen's first resize, after its widgets
        are styled, and styles them all again: about 25 ms on the dashboard.
        """
        if screen.id != TooSmallScreen.SCREEN_ID:
            self.call_later(self.check_size)  # a screen shown in a small window gets the notice on top
        width = self.size.width
        fitting = [name for least, name in sorted(self.HORIZONTAL_BREAKPOINTS) if width >= least][-1:]
        screen.update_classes({name: name in fitting for _, name in self.HORIZONTAL_BREAKPOINTS}, update=False)

    def push_screen(self, screen, *args, **kwargs):
        """Push a screen that already carries its width class."""
        if isinstance(screen, Screen):  # not a screen's name
            self.fit_width_classes(screen)
        return super().push_screen(screen, *args, **kwargs)

    def pop_screen(self):
        """Leaving the first screen leaves Textual's blank one in its place (Textual would refuse)."""
        if len(self.screen_stack) == 1:
            return self.switch_screen(Screen(id=BLANK_SCREEN))
        return super().pop_screen()

    def has_screen_below(self) -> bool:
        """Whether closer shows a screen under the one on top, to go back to."""
        return len(self.screen_stack) > 1 and self.screen_stack[-2].id != BLANK_SCREEN

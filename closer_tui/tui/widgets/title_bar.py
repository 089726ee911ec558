"""The title line at the top of a screen, drawn as Textual's `Header` draws it, by one widget.

`Header` is four widgets (itself, its icon, its title, the clock's space); every one is styled,
laid out and drawn before a screen's first frame, on every screen that has a header. This line
draws the same cells (the icon, the screen's title and sub-title centred between the icon's
and the clock's places, cut with an ellipsis when too long) from a single `render`, and keeps
what the icon does: a click on it opens the command palette, and it lights up under the mouse.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

ICON = "⭘"
ICON_CELLS = 8  # the icon's place: one cell of padding, the icon, then blank
CLOCK_CELLS = 10  # the place Header keeps on the right for a clock, blank here as there


class TitleBar(Widget):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    TitleBar > .title-bar--icon-hover {
        background: $foreground 10%;
    }
    """
    COMPONENT_CLASSES = {"title-bar--icon-hover"}

    icon_hovered: reactive[bool] = reactive(False)

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._title_changed, init=False)
            self.watch(node, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def heading(self) -> Content:
        """The screen's title and sub-title, or the app's where the screen has none."""
        screen, app = self.screen, self.app
        title = app.title if screen.title is None else screen.title
        sub_title = app.sub_title if screen.sub_title is None else screen.sub_title
        return app.format_title(title, sub_title)

    def render(self) -> Content:
        width = self.size.width
        room = max(0, width - ICON_CELLS - CLOCK_CELLS)
        heading = self.heading().truncate(room, ellipsis=True)
        before = (room - heading.cell_length) // 2
        icon = Content(f" {ICON}").extend_right(ICON_CELLS - 2)
        if self.icon_hovered and self.app.ENABLE_COMMAND_PALETTE:
            icon = icon.stylize(self.get_visual_style("title-bar--icon-hover"))
        line = Content.assemble(icon, " " * before, heading)
        return line.extend_right(max(0, width - line.cell_length))

    def _over_icon(self, event: events.MouseEvent) -> bool:
        return 0 <= event.x < ICON_CELLS

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.icon_hovered = self._over_icon(event)
        self.tooltip = "Open the command palette" if self.icon_hovered and self.app.ENABLE_COMMAND_PALETTE else None

    def on_leave(self, event: events.Leave) -> None:
        self.icon_hovered = False
        self.tooltip = None

    async def on_click(self, event: events.Click) -> None:
        if self._over_icon(event) and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")

"""The current screen's keys in one line, drawn by one widget.

Textual's Footer builds a widget per key and rebuilds them all on every focus
change. On the dashboard that was twenty widgets, about a third of the styling
work at start-up, and a line that had to be scrolled sideways to see most keys.
This draws the same keys (each one clickable) as a single line of text, and
redraws only when the keys change. Help and the command palette keep their
place at the right end, so on a narrow terminal the way to every other key is
always in sight.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

KEY_STYLE = "bold $footer-key-foreground"
DESCRIPTION_STYLE = "$footer-description-foreground"
SEPARATOR = Content("  ")
PINNED_ACTIONS = ("help", "app.help")  # drawn at the right end, with the command palette


class ShownKey(NamedTuple):
    key: str  # what a click presses
    display: str  # how the key is written (^t, f2...)
    description: str
    enabled: bool


def shown_keys(screen: Screen) -> tuple[tuple[ShownKey, ...], tuple[ShownKey, ...]]:
    """The keys to show, one per action in binding order, and those pinned to the right end."""
    app = screen.app
    keys: list[ShownKey] = []
    pinned: list[ShownKey] = []
    actions: set[str] = set()
    active = screen.active_bindings
    for _, binding, enabled, _ in active.values():
        if binding.show and binding.action not in actions:
            actions.add(binding.action)
            shown = ShownKey(binding.key, app.get_key_display(binding), binding.description, enabled)
            (pinned if binding.action in PINNED_ACTIONS else keys).append(shown)
    if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
        _, binding, enabled, _ = active[app.COMMAND_PALETTE_BINDING]
        pinned.append(ShownKey(binding.key, app.get_key_display(binding), binding.description, enabled))
    return tuple(keys), tuple(pinned)


def key_content(shown: ShownKey) -> Content:
    item = Content.assemble((shown.display, KEY_STYLE), " ", (shown.description, DESCRIPTION_STYLE))
    if not shown.enabled:
        return item.stylize("dim")
    # repr() quotes the key name the way the action parser reads arguments
    return item.stylize(f"@click=app.simulate_key({shown.key!r})")


class KeyFooter(Widget):
    ALLOW_SELECT = False

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[tuple[ShownKey, ...], tuple[ShownKey, ...]] = ((), ())

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        shown = shown_keys(screen)
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def render(self) -> Content:
        keys, pinned = self._shown
        line = SEPARATOR.join(key_content(k) for k in keys).pad_left(1)
        if not pinned:
            return line
        right = SEPARATOR.join(key_content(k) for k in pinned).pad(2, 1)
        room = self.size.width - right.cell_length
        if line.cell_length > room:
            line = line.truncate(max(room, 0), ellipsis=True)
        return line.pad_right(max(room - line.cell_length, 0)) + right

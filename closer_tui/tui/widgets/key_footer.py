"""The current screen's keys in one line, drawn by one widget.

Textual's Footer builds a widget per key and rebuilds them all on every focus
change. On the dashboard that was twenty widgets, about a third of the styling
work at start-up, and a line that had to be scrolled sideways to see most keys.
This draws the same keys (each one clickable) as a single line of text, and
redraws only when the keys change. Help and the command palette keep their
place at the right end, so on a narrow terminal the way to every other key is
always in sight.

Keys the user remapped (the ``keymap`` of the config file) keep their place:
Textual lists a remapped key after the others of its screen, which would push
it out of sight on a narrow terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from textual.binding import ActiveBinding, Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

KEY_STYLE = "bold $footer-key-foreground"
DESCRIPTION_STYLE = "$footer-description-foreground"
SEPARATOR = Content("  ")
MORE = Content(" …")  # after the last key that fits, when others did not
PINNED_ACTIONS = ("help", "app.help")  # drawn at the right end, with the command palette


class ShownKey(NamedTuple):
    key: str  # what a click presses
    display: str  # how the key is written (^t, f2...)
    description: str
    enabled: bool


class ActionKeys(NamedTuple):
    keys: tuple[str, ...]  # every key active for the action, the first one first
    binding: Binding  # the binding of the first key
    node: DOMNode  # where the action runs
    enabled: bool


def bindings_in_order(
    active_bindings: Mapping[str, ActiveBinding], wanted: Callable[[Binding], bool] = lambda binding: True
) -> list[ActionKeys]:
    """The ``wanted`` actions of a screen's ``active_bindings``, one entry each, in the order the code declares them.

    Textual puts the keys a keymap changed after the others of their node; this
    puts each back where its binding is declared (a node's own ``_bindings`` are
    the declared ones, before the keymap).
    """
    groups: dict[str, list] = {}  # action -> [first ActiveBinding, keys]
    for key, active in active_bindings.items():
        if not wanted(active.binding):
            continue
        group = groups.get(active.binding.action)
        if group is None:
            groups[active.binding.action] = [active, [key]]
        elif active.node is group[0].node:
            group[1].append(key)
    declared: dict[DOMNode, dict[str, int]] = {}
    for active, _ in groups.values():
        if active.node not in declared:
            places: dict[str, int] = {}
            for index, (_, binding) in enumerate(active.node._bindings):
                places.setdefault(binding.id or binding.action, index)
            declared[active.node] = places

    def place(item: tuple[int, list]) -> tuple[int, int, int]:
        seen, (active, _) = item
        places = declared[active.node]
        where = places.get(active.binding.id or active.binding.action, len(places) + seen)
        return (-len(active.node.ancestors_with_self), where, seen)  # the focused widget first, the app last

    ordered = sorted(enumerate(groups.values()), key=place)
    return [ActionKeys(tuple(keys), active.binding, active.node, active.enabled) for _, (active, keys) in ordered]


def shown_keys(screen: Screen) -> tuple[tuple[ShownKey, ...], tuple[ShownKey, ...]]:
    """The keys to show, one per action in binding order, and those pinned to the right end."""
    app = screen.app
    keys: list[ShownKey] = []
    pinned: list[ShownKey] = []
    active = screen.active_bindings
    for action in bindings_in_order(active, lambda binding: binding.show):
        binding = action.binding
        shown = ShownKey(binding.key, app.get_key_display(binding), binding.description, action.enabled)
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
        right = SEPARATOR.join(key_content(k) for k in pinned).pad(1, 1) if pinned else Content("")
        room = self.size.width - right.cell_length
        line = keys_that_fit([key_content(k) for k in keys], room)
        return line.pad_right(max(room - line.cell_length, 0)) + right


def keys_that_fit(items: list[Content], room: int) -> Content:
    """As many whole keys as fit in ``room`` cells and a space, or " …" if some did not fit: a key cut
    short ("Delete…") would read as another key. Only a first key too wide for the room is cut."""
    line = Content(" ")
    for number, item in enumerate(items):
        joined = line + item if number == 0 else line + SEPARATOR + item
        after = 1 if number == len(items) - 1 else MORE.cell_length  # the space before the pinned keys, or " …"
        if joined.cell_length + after <= room:
            line = joined
        elif number == 0:
            return joined.truncate(max(room - 1, 0), ellipsis=True)
        else:
            return line + MORE  # its room was kept
    return line

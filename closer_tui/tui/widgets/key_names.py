"""The keys of a binding as the keymap sets them, written as the key line and help write them.

Hints in forms, dialogs and notices name keys ("^s saves, esc cancels"); the user
can remap any key with an id (the config file's ``keymap``), so a hint asks here
for the key instead of naming the default.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode


def bindings_with_keys(node: DOMNode | type[DOMNode], app: App | None = None) -> list[tuple[Binding, list[str]]]:
    """A node's own bindings with ids (a node, or the class of one not built yet: give ``app``),
    each with its keys as the keymap sets them, in the order the code names them ("s,enter")."""
    built = not isinstance(node, type)
    own = node._bindings if built else node._merged_bindings
    if own is None or not any(binding.id for _, binding in own):
        return []
    bindings = own.copy()
    keymap = (node.app if built else app)._keymap
    if keymap:
        bindings.apply_keymap(keymap)
    found: dict[str, tuple[Binding, list[str]]] = {}
    for key, key_bindings in bindings.key_to_bindings.items():
        for binding in key_bindings:
            if binding.id:
                keys = found.setdefault(binding.id, (binding, []))[1]
                if key not in keys:  # a keymap entry gives each of a binding's keys the same new one
                    keys.append(key)
    declared: dict[str, list[str]] = {}  # binding id -> its keys in the order the code names them
    for cls in reversed((type(node) if built else node).__mro__):
        for binding in vars(cls).get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                declared[binding.id] = [key.strip() for key in binding.key.split(",")]
    for binding_id, (_, keys) in found.items():
        order = declared.get(binding_id, [])
        keys.sort(key=lambda key: order.index(key) if key in order else len(order))
    return list(found.values())


#: Textual writes Enter as a symbol, which reads badly inside a sentence ("⏎ opens one").
IN_WORDS = {"⏎": "Enter"}


def key_displays(node: DOMNode, binding: Binding, keys: list[str]) -> list[str]:
    """The keys as the key line and help write them."""
    return [node.app.get_key_display(binding.with_key(key, key_display=None)) for key in keys]


def in_words(node: DOMNode, binding: Binding, keys: list[str]) -> list[str]:
    """The keys as a sentence names them."""
    return [IN_WORDS.get(display, display) for display in key_displays(node, binding, keys)]


def declared_key_name(node: DOMNode, owner: type, binding_id: str, *, joined: str = " or ") -> str:
    """Like :func:`key_name`, for a binding of a class with no instance in sight (the help screen's, from the app)."""
    binding = next(b for b in vars(owner).get("BINDINGS", ()) if isinstance(b, Binding) and b.id == binding_id)
    keys = node.app._keymap.get(binding_id, binding.key) if node.app._keymap else binding.key
    return joined.join(in_words(node, binding, [key.strip() for key in keys.split(",")]))


def key_name(node: DOMNode, binding_id: str, *, joined: str = " or ") -> str:
    """How to write the key(s) of ``binding_id`` found on ``node``, an ancestor or the app: "^t", "y or ⏎"."""
    owners = [*node.ancestors_with_self]
    if node.app not in owners:
        owners.append(node.app)  # a screen not pushed yet
    for owner in owners:
        for binding, keys in bindings_with_keys(owner):
            if binding.id == binding_id:
                return joined.join(in_words(node, binding, keys))
    raise LookupError(f"no binding {binding_id!r} on {node!r} or above it")

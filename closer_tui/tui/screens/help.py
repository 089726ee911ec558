"""Every key, and where the closing method comes from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from ...method import Guide, default_guide
from ..widgets.key_footer import bindings_in_order
from ..widgets.key_names import bindings_with_keys, key_displays, key_name
from ..widgets.markdown_view import markdown_view
from ..widgets.shared_marker import SharedScreenMarker


class KeyRow(NamedTuple):
    """One action of a screen, as help (F1) and the command palette both list it."""

    keys: str  # every key of the action as the keymap sets it, as the key line writes them: "f1, f5"
    does: str  # what it does, and where when only one widget takes it ("... (in the goals, ^g)")
    binding_id: str  # the id the config file's keymap uses
    binding: Binding
    node: DOMNode  # where the action runs
    available: bool  # whether it can run now (a screen's state turns some off: reopen on an open partnership)


def key_rows(screen: Screen) -> list[KeyRow]:
    """A row per action of ``screen``: the one list behind help and the command palette.

    First the keys active now, in the order the code declares them; then the keys
    of the screen's widgets that act only while one of them has the cursor (the
    goals, the checklist), saying where, and those the screen's state turns off.
    Every key of an action is listed ("f1, f5" when the keymap gives it two).
    Widgets out of sight (another stage's panel) are left out: the palette would
    act on them.
    """
    rows = []
    for action in bindings_in_order(screen.active_bindings, lambda binding: bool(binding.id)):
        binding = action.binding
        shown = key_displays(screen, binding, list(action.keys))
        rows.append(KeyRow(", ".join(shown), described(binding, action.node, screen), binding.id or "", binding, action.node, action.enabled))
    listed = {row.binding_id for row in rows}
    # The screen too (keys its state turns off now: reopen...), its widgets in sight, and the
    # classes of widgets it builds later (the session log): their keys are listed before they exist.
    nodes: list = [node for node in screen.walk_children(with_self=True) if displayed(node)]
    for node in [*nodes, *getattr(screen, "KEYS_BUILT_LATER", ())]:
        for binding, keys in bindings_with_keys(node, screen.app):
            if binding.id not in listed:
                listed.add(binding.id)
                rows.append(
                    KeyRow(
                        ", ".join(key_displays(screen, binding, keys)),
                        described(binding, node, screen),
                        binding.id or "",
                        binding,
                        node,
                        not isinstance(node, type) and can_run(node, binding),  # a class: not built, cannot run yet
                    )
                )
    return rows


def displayed(node: DOMNode) -> bool:
    return all(getattr(ancestor, "display", True) for ancestor in node.ancestors_with_self if ancestor is not node.app)


def can_run(node: DOMNode, binding: Binding) -> bool:
    namespace, name, parameters = parse(binding.action)
    target = {"app": node.app, "screen": getattr(node, "screen", node)}.get(namespace, node)
    return bool(target.check_action(name, parameters))


def described(binding: Binding, node: object, screen: Screen) -> str:
    """What a key does, and where it works when only one widget takes it ("in the goals, ^g")."""
    where = where_keys_work(node, screen)
    text = binding.tooltip or binding.description
    return f"{text} ({where})" if where else text


def where_keys_work(node: object, screen: Screen) -> str:
    """Where ``node``'s keys work and the key that gets there, as the keymap sets it; "" if anywhere.

    A widget says it (``help_where``); a widget's class, built later (the session log, the actions),
    in ``HELP_WHERE``: the words, and the id of the binding whose key gets there."""
    if hasattr(node, "help_where") and not isinstance(node, type):
        return node.help_where()
    place = getattr(node, "HELP_WHERE", None)
    if not place:
        return ""
    words, binding_id = place
    return f"{words}, {key_name(screen, binding_id)}"


def _code(text: str) -> str:
    """``text`` as inline code in a Markdown table cell."""
    text = text.replace("|", "\\|")
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def help_markdown(rows: Sequence[KeyRow], guide: Guide, close_keys: str = "esc, q, f1") -> str:
    """The help text: a row per key with its id (for the config file's keymap), then the method."""
    keys = [_code(key) for key in close_keys.split(", ")]
    either = keys[0] if len(keys) == 1 else ", ".join(keys[:-1]) + " or " + keys[-1]
    lines = ["# closer: keys", "", f"{either} closes this help; the arrows and Page Down scroll it.", ""]
    lines += ["| Key | Does | Id (for the keymap) |", "|---|---|---|"]
    lines += [f"| {_code(row.keys)} | {row.does} | {row.binding_id} |" for row in rows]
    lines += ["", "# The closing method", ""]
    minutes = f"{sum(guide.default_budgets().values()) // 60} minutes in all by default"
    if all(stage.title in guide.title for stage in guide.stages):  # "END close: Evaluate, Next steps, Development"
        lines.append(f"This close follows *{guide.title}* ({minutes}).")
    else:
        lines.append(
            f"This close follows *{guide.title}*, in {len(guide.stages)} stages: "
            + ", ".join(f"**{stage.title}**" for stage in guide.stages)
            + f" ({minutes})."
        )
    if guide.sources:
        lines += ["", "Its prompts credit:", ""]
        lines += [f"- **{tag}**: {credit}" for tag, credit in guide.sources.items()]
    lines += [
        "",
        "closer's own END guide is our wording of two guides, with thanks to their publishers:",
        "",
    ]
    lines += [f"- {credit}" for credit in default_guide().sources.values()]
    lines.append("")
    lines.append("Set aside at least 20 minutes, or the whole last meeting; an extension is two extra meetings at most, and only if both agree.")
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    SCREEN_ID = "help"
    BINDINGS = [
        Binding("escape,q,f1", "app.pop_screen", "Close help", id="help.close", tooltip="Close this help"),
    ]

    def __init__(self, rows: Sequence[KeyRow], guide: Guide) -> None:
        super().__init__(id=self.SCREEN_ID)
        self.rows = rows
        self.guide = guide

    def compose(self) -> ComposeResult:
        yield SharedScreenMarker()  # over the help too: what is shared stays marked safe
        with VerticalScroll(id="help"):
            yield markdown_view(help_markdown(self.rows, self.guide, key_name(self, "help.close", joined=", ")))

"""Every key, and where the closing method comes from."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from ...method import Guide, default_guide
from ..widgets.key_footer import bindings_in_order
from ..widgets.markdown_view import markdown_view
from ..widgets.shared_marker import SharedScreenMarker


def help_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """A row per action of ``screen``: (its keys as shown, what it does, its binding id).

    First the keys active now, in the order the code declares them; then the keys
    of the screen's widgets that act only while one of them has the cursor (the
    goals, the checklist), saying where. Every key of an action is listed ("f1, ?"
    when the keymap gives it two), remapped ones included.
    """
    rows = []
    for action in bindings_in_order(screen.active_bindings, lambda binding: bool(binding.id)):
        binding = action.binding
        shown = [screen.app.get_key_display(binding.with_key(key, key_display=None) if key != binding.key else binding) for key in action.keys]
        rows.append((", ".join(shown), described(binding, action.node), binding.id or ""))
    listed = {row[2] for row in rows}
    nodes = [*screen.walk_children(with_self=True), *getattr(screen, "KEYS_BUILT_LATER", ())]
    for node in nodes:  # the screen too: keys its state turns off now (reopen...); and widget classes not built yet
        for binding, keys in widget_bindings(node, screen.app):
            if binding.id not in listed:
                listed.add(binding.id)
                shown = [screen.app.get_key_display(binding.with_key(key, key_display=None)) for key in keys]
                rows.append((", ".join(shown), described(binding, node), binding.id or ""))
    return rows


def described(binding: Binding, node: object) -> str:
    """What a key does, and where it works when only one widget takes it ("in the goals")."""
    where = getattr(node, "HELP_WHERE", "")
    text = binding.tooltip or binding.description
    return f"{text} ({where})" if where else text


def widget_bindings(node: DOMNode | type[DOMNode], app: App) -> list[tuple[Binding, list[str]]]:
    """A widget's own bindings with ids (a widget, or a widget class), each with its keys as the keymap sets them."""
    own = node._merged_bindings if isinstance(node, type) else node._bindings
    if own is None or not any(binding.id for _, binding in own):
        return []
    bindings = own.copy()
    keymap = app._keymap
    if keymap:
        bindings.apply_keymap(keymap)
    found: dict[str, tuple[Binding, list[str]]] = {}
    for key, key_bindings in bindings.key_to_bindings.items():
        for binding in key_bindings:
            if binding.id:
                found.setdefault(binding.id, (binding, []))[1].append(key)
    declared: dict[str, list[str]] = {}  # binding id -> its keys in the order the code names them ("s,enter")
    for cls in reversed((node if isinstance(node, type) else type(node)).__mro__):
        for binding in vars(cls).get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                declared[binding.id] = [key.strip() for key in binding.key.split(",")]
    for binding_id, (_, keys) in found.items():
        order = declared.get(binding_id, [])
        keys.sort(key=lambda key: order.index(key) if key in order else len(order))
    return list(found.values())


def _code(text: str) -> str:
    """``text`` as inline code in a Markdown table cell."""
    text = text.replace("|", "\\|")
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def help_markdown(bindings: Sequence[tuple[str, str] | tuple[str, str, str]], guide: Guide) -> str:
    """The help text; rows with a third item (the binding id, for the config file's keymap) get an id column."""
    with_ids = any(len(row) > 2 for row in bindings)
    lines = ["# closer: keys", "", "Escape (or f1, or q) closes this help; the arrows and Page Down scroll it.", ""]
    if with_ids:
        lines += ["| Key | Does | Id (for the keymap) |", "|---|---|---|"]
        lines += [f"| {_code(row[0])} | {row[1]} | {row[2] if len(row) > 2 else ''} |" for row in bindings]
    else:
        lines += ["| Key | Does |", "|---|---|"]
        lines += [f"| {_code(key)} | {description} |" for key, description in bindings]
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

    def __init__(self, bindings: Sequence[tuple[str, str] | tuple[str, str, str]], guide: Guide) -> None:
        super().__init__(id=self.SCREEN_ID)
        self.bindings_shown = bindings
        self.guide = guide

    def compose(self) -> ComposeResult:
        yield SharedScreenMarker()  # over the help too: what is shared stays marked safe
        with VerticalScroll(id="help"):
            yield markdown_view(help_markdown(self.bindings_shown, self.guide))

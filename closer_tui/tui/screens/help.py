"""Every key, and where the closing method comes from."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen

from ...method import Guide, default_guide
from ..widgets.key_footer import bindings_in_order
from ..widgets.markdown_view import markdown_view


def help_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """A row per action active on ``screen``: (its keys as shown, what it does, its binding id).

    Every key of an action is listed ("f1, ?" when the keymap gives it two), in
    the order the code declares the bindings, remapped ones included.
    """
    rows = []
    for action in bindings_in_order(screen.active_bindings, lambda binding: bool(binding.id)):
        binding = action.binding
        shown = [screen.app.get_key_display(binding.with_key(key, key_display=None) if key != binding.key else binding) for key in action.keys]
        rows.append((", ".join(shown), binding.tooltip or binding.description, binding.id or ""))
    return rows


def _code(text: str) -> str:
    """``text`` as inline code in a Markdown table cell."""
    text = text.replace("|", "\\|")
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def help_markdown(bindings: Sequence[tuple[str, str] | tuple[str, str, str]], guide: Guide) -> str:
    """The help text; rows with a third item (the binding id, for the config file's keymap) get an id column."""
    with_ids = any(len(row) > 2 for row in bindings)
    lines = ["# closer: keys", ""]
    if with_ids:
        lines += ["| Key | Does | Id (for the keymap) |", "|---|---|---|"]
        lines += [f"| {_code(row[0])} | {row[1]} | {row[2] if len(row) > 2 else ''} |" for row in bindings]
    else:
        lines += ["| Key | Does |", "|---|---|"]
        lines += [f"| {_code(key)} | {description} |" for key, description in bindings]
    lines += ["", "# The closing method", ""]
    lines.append(
        f"This close follows *{guide.title}*, in {len(guide.stages)} stages: "
        + ", ".join(f"**{stage.title}**" for stage in guide.stages)
        + f" ({sum(guide.default_budgets().values()) // 60} minutes in all by default)."
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
        with VerticalScroll(id="help"):
            yield markdown_view(help_markdown(self.bindings_shown, self.guide))

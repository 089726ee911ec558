"""Every key, and where the closing method comes from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from ...method import Guide, default_guide
from ..widgets.markdown_view import markdown_view


def help_markdown(bindings: list[tuple[str, str]], guide: Guide) -> str:
    lines = ["# closer: keys", "", "| Key | Does |", "|---|---|"]
    lines += [f"| `{key}` | {description} |" for key, description in bindings]
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
    BINDINGS = [
        Binding("escape,q,f1", "app.pop_screen", "Close help", id="help.close", tooltip="Close this help"),
    ]

    def __init__(self, bindings: list[tuple[str, str]], guide: Guide) -> None:
        super().__init__()
        self.bindings_shown = bindings
        self.guide = guide

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield markdown_view(help_markdown(self.bindings_shown, self.guide))

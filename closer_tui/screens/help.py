"""Every key, and where the closing method comes from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from ..method import SOURCES, STAGES


def help_markdown(bindings: list[tuple[str, str]]) -> str:
    lines = ["# closer: keys", "", "| Key | Does |", "|---|---|"]
    lines += [f"| `{key}` | {description} |" for key, description in bindings]
    lines += ["", "# The closing method", ""]
    lines.append(
        "closer walks a pair through three stages, **END**: "
        + ", ".join(f"**{stage.title}**" for stage in STAGES)
        + ". Set aside at least 20 minutes, or the whole last meeting."
    )
    lines += ["", "The prompts are our own wording of two guides, with thanks to their publishers:", ""]
    lines += [f"- {source}" for source in SOURCES.values()]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,f1", "app.pop_screen", "Close help", id="help.close", tooltip="Close this help"),
    ]

    def __init__(self, bindings: list[tuple[str, str]]) -> None:
        super().__init__()
        self.bindings_shown = bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(help_markdown(self.bindings_shown))

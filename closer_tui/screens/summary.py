"""A read-only summary of one partnership, rendered from the same Markdown as the export."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown


class SummaryScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="summary.back", tooltip="Back to the list"),
    ]

    def __init__(self, markdown: str, title: str) -> None:
        super().__init__()
        self.markdown = markdown
        self.sub_title = title

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary"):
            yield Markdown(self.markdown, id="summary-markdown")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#summary").focus()

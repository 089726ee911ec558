"""A read-only summary of one partnership, rendered from the same Markdown as the export."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown


class SummaryScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.back_to_list", "Back", id="summary.back", tooltip="Back to the list"),
        Binding("r", "reopen", "Reopen", id="summary.reopen", tooltip="Reopen this closed partnership for edits"),
        Binding("f", "follow_on", "Follow-on", id="summary.follow_on", tooltip="Start a new partnership carrying over the goals left open"),
    ]

    def __init__(self, partnership_id: str, markdown: str, title: str, *, closed: bool, goals_left: int) -> None:
        super().__init__()
        self.partnership_id = partnership_id
        self.markdown = markdown
        self.sub_title = title
        self.closed = closed
        self.goals_left = goals_left

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary"):
            yield Markdown(self.markdown, id="summary-markdown")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#summary").focus()
        if self.closed and self.goals_left:
            self.notify(
                f"{self.goals_left} goal(s) were left open or not achieved. Press f to carry them into a new partnership.",
                title="Follow-on",
                timeout=10,
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reopen":
            return self.closed
        if action == "follow_on":
            return self.closed and self.goals_left > 0
        return True

    def action_reopen(self) -> None:
        self.app.reopen_partnership(self.partnership_id)

    def action_follow_on(self) -> None:
        self.app.start_follow_on(self.partnership_id)

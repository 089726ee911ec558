"""Programme outcomes in the app: the same figures as `closer report`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen

from ..messages import CopyRequested
from ..widgets.title_bar import TitleBar
from ..widgets.key_footer import KeyFooter
from ..widgets.markdown_view import markdown_view
from .shared_cover import CoveredWhenShared


class ReportScreen(CoveredWhenShared, Screen):
    BINDINGS = [
        Binding("escape", "app.back_to_list", "Back", id="report.back", tooltip="Back to the partnership list"),
        Binding("c", "copy", "Copy", id="report.copy", tooltip="Copy the report (Markdown) to the clipboard"),
    ]

    def __init__(self, markdown: str, file_name: str = "closer-report.md") -> None:
        super().__init__()
        self.markdown = markdown
        self.file_name = file_name  # where the report is kept when the clipboard cannot be confirmed

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="report"):
            yield markdown_view(self.markdown, id="report-markdown")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Programme outcomes"
        self.query_one("#report").focus()

    def action_copy(self) -> None:
        self.post_message(CopyRequested(self.markdown, "The report (Markdown)", file_name=self.file_name))

"""A read-only summary of one partnership, rendered from the same Markdown as the export."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ...export import FORMATS
from ...summary import Summary
from ..messages import CopyRequested, ExportRequested, FollowOnRequested, OpenRequested, ReopenRequested, StoryRequested
from ..widgets.title_bar import TitleBar
from ..services import services
from ..widgets.key_footer import KeyFooter
from ..widgets.key_names import key_name
from ..widgets.markdown_view import markdown_view
from ..widgets.shared_marker import SharedScreenMarker
from .dialogs import ChoiceDialog


def follow_on_line(closed: bool, goals_left: int, follow_on: str | None, key: str = "f") -> str:
    """The line above a closed partnership's record about its follow-on: where it is, or what ``key``
    offers. Part of this screen (not a notification), so it goes when the screen goes."""
    if not closed:
        return ""
    if follow_on:
        return f"This partnership carries on as {follow_on}: {key} opens that follow-on."
    if goals_left:
        many = goals_left > 1
        return f"{goals_left} goal{'s' if many else ''} {'are' if many else 'is'} not met as set: {key} starts a follow-on partnership to carry {'them' if many else 'it'} on (it asks first)."
    return ""


class SummaryScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="summary.back", tooltip="Back to where you came from"),
        Binding("o", "open_dashboard", "Dashboard", id="summary.open", tooltip="Open this partnership's closing dashboard"),
        Binding("r", "reopen", "Reopen", id="summary.reopen", tooltip="Reopen this closed partnership for edits"),
        Binding(
            "f",
            "follow_on",
            "Follow-on",
            id="summary.follow_on",
            tooltip="Open this partnership's follow-on, or start one carrying on with the goals you tick (asks first)",
        ),
        Binding("x", "export", "Export", id="summary.export", tooltip="Write the record to a file (Markdown, HTML, JSON, the story or a calendar of the follow-ups)"),
        Binding("s", "story", "Story", id="summary.story", tooltip="Show the story for both partners to read, and record whether each agrees to share it"),
        Binding("c", "copy", "Copy", id="summary.copy", tooltip="Copy the record (Markdown) to the clipboard, for the call's chat"),
    ]

    def __init__(self, summary: Summary) -> None:
        super().__init__()
        self.partnership_id = summary.id
        self.markdown = summary.markdown
        self.sub_title = summary.title
        self.closed = summary.closed
        self.goals_left = summary.goals_left
        self.follow_on = summary.follow_on

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SharedScreenMarker()
        line = follow_on_line(self.closed, self.goals_left, self.follow_on)
        yield Static(line, id="follow-on-line", markup=False, classes="" if line else "-empty")
        with VerticalScroll(id="summary"):
            yield markdown_view(self.markdown, id="summary-markdown")
        yield KeyFooter()

    def on_mount(self) -> None:
        line = follow_on_line(self.closed, self.goals_left, self.follow_on, key_name(self, "summary.follow_on"))
        self.query_one("#follow-on-line", Static).update(line)  # the key as the keymap sets it
        self.query_one("#summary").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reopen":
            return self.closed
        if action == "open_dashboard":
            return not self.closed
        if action == "follow_on":
            return self.closed
        return True

    async def action_back(self) -> None:
        if services(self).has_screen_below():
            self.app.pop_screen()
        else:  # nothing to go back to: the app was opened on this partnership
            await self.app.run_action("back_to_list")

    def action_reopen(self) -> None:
        self.post_message(ReopenRequested(self.partnership_id))

    def action_open_dashboard(self) -> None:
        self.app.pop_screen()
        self.app.post_message(OpenRequested(self.partnership_id))

    def action_follow_on(self) -> None:
        self.post_message(FollowOnRequested(self.partnership_id))

    def action_story(self) -> None:
        self.post_message(StoryRequested(self.partnership_id))

    def action_export(self) -> None:
        options = [(fmt.name, fmt.label) for fmt in FORMATS.values()]
        self.app.push_screen(ChoiceDialog("Export to a file", options, current="md"), self._format_chosen)

    def _format_chosen(self, fmt: str | None) -> None:
        if fmt:
            self.post_message(ExportRequested(self.partnership_id, fmt))

    def action_copy(self) -> None:
        what = "The record (Markdown, private notes left out)"
        self.post_message(CopyRequested(self.markdown, what, partnership_id=self.partnership_id))

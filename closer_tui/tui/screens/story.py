"""The story, on screen for both partners to read, and each partner's answer: may it be shared?

Opened from the summary (``s``). The facilitator chooses how the story names the pair
(``v``: full names, first names, initials or roles only), reads it out or shares the
screen, and records the mentor's answer (``m``) and the mentee's (``e``), each with the
time. The story is exported only once both said yes to it as it now reads. The screen
asks the app by message and shows each new state the app publishes (story_signal).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ...export.story import StoryView
from ...model import STORY_VARIANT_LABELS, STORY_VARIANTS
from ..messages import ConsentAnswered, StoryVariantChosen
from ..widgets.title_bar import TitleBar
from ..services import services
from ..widgets.key_footer import KeyFooter
from ..widgets.markdown_view import markdown_view
from ..widgets.shared_marker import SharedScreenMarker
from .dialogs import ChoiceDialog

ANSWERS = [("yes", "Yes: it may be shared as it reads"), ("no", "No: it is not shared")]


def consent_status(view: StoryView) -> str:
    state = "Both agreed: the story may be shared." if view.agreed else "Not shared until both say yes."
    mentor = view.consent["mentor"]
    return f"Story with {view.variant_label}. {mentor[:1].upper()}{mentor[1:]}; {view.consent['mentee']}. {state}"


class StoryScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="story.back", tooltip="Back to the summary"),
        Binding("v", "choose_variant", "Names", id="story.variant", tooltip="How the story names the pair: full names, first names, initials or roles only"),
        Binding("m", "ask('mentor')", "Mentor's answer", id="story.mentor", tooltip="Record the mentor's answer: may the story be shared as it reads?"),
        Binding("e", "ask('mentee')", "Mentee's answer", id="story.mentee", tooltip="Record the mentee's answer: may the story be shared as it reads?"),
    ]

    def __init__(self, view: StoryView) -> None:
        super().__init__()
        self.view = view
        self.sub_title = f"The story of {view.mentee} and {view.mentor}"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SharedScreenMarker()
        yield Static(consent_status(self.view), id="story-consent", classes="agreed" if self.view.agreed else "", markup=False)
        with VerticalScroll(id="story"):
            yield markdown_view(self.view.markdown, id="story-markdown")
        yield KeyFooter()

    def on_mount(self) -> None:
        services(self).story_signal.subscribe(self, self.show)
        self.query_one("#story").focus()

    def show(self, view: StoryView) -> None:
        if view.partnership_id != self.view.partnership_id:
            return
        self.view = view
        self.query_one("#story-consent", Static).update(consent_status(view))
        self.query_one("#story-consent").set_class(view.agreed, "agreed")
        self.query_one("#story-markdown").update(view.markdown)

    def action_choose_variant(self) -> None:
        options = [(variant, STORY_VARIANT_LABELS[variant]) for variant in STORY_VARIANTS]

        def chosen(variant: str | None) -> None:
            if variant and variant != self.view.variant:
                self.post_message(StoryVariantChosen(self.view.partnership_id, variant))

        self.app.push_screen(ChoiceDialog("How should the story name you?", options, current=self.view.variant), chosen)

    def action_ask(self, who: str) -> None:
        name = self.view.mentor if who == "mentor" else self.view.mentee
        question = f"{name} ({who}): may this story, with {self.view.variant_label}, be shared?"

        def answered(answer: str | None) -> None:
            if answer is not None:
                self.post_message(ConsentAnswered(self.view.partnership_id, who, answer == "yes"))

        self.app.push_screen(ChoiceDialog(question, ANSWERS), answered)

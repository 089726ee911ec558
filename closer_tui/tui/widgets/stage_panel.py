"""One END stage: its prompts as a checklist, a summary of its fields, and its notes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ...export.markdown import session_log_markdown
from ...method import Prompt, Stage
from ...model import Meeting
from .markdown_view import markdown_view


def prompt_line(prompt: Prompt, ticked: bool) -> Content:
    box = ("[✔] ", "$success bold") if ticked else ("[ ] ", "dim")
    return Content.assemble(box, prompt.text)


class PromptChecklist(OptionList):
    """The stage's prompts; Space ticks the one under the cursor as discussed."""

    HELP_WHERE = "in the checklist, ctrl+l"  # help lists these keys when the checklist does not have the cursor

    BINDINGS = [
        Binding("space,x", "toggle", "Tick prompt", id="prompts.tick", tooltip="Tick or untick the highlighted prompt as discussed"),
    ]

    class Toggled(Message):
        def __init__(self, checklist: PromptChecklist, prompt_id: str) -> None:
            super().__init__()
            self.checklist = checklist
            self.prompt_id = prompt_id

        @property
        def control(self) -> PromptChecklist:
            return self.checklist

    def __init__(self, prompts: tuple[Prompt, ...], discussed: list[str], **kwargs) -> None:
        super().__init__(*(Option(prompt_line(p, p.id in discussed), id=p.id) for p in prompts), **kwargs)
        self.prompts = {p.id: p for p in prompts}

    def show_ticked(self, prompt_id: str, ticked: bool) -> None:
        self.replace_option_prompt(prompt_id, prompt_line(self.prompts[prompt_id], ticked))

    def action_toggle(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Toggled(self, self.get_option_at_index(self.highlighted).id))

    def action_select(self) -> None:  # Enter ticks too
        self.action_toggle()


class NotesEditor(TextArea):
    """Markdown notes for one stage."""

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        event.stop()  # nobody listens; bubbling it up the tree on every key costs time

    def on_mount(self) -> None:
        # The editor may normalise line breaks on load; compare with what it shows now.
        self.loaded_text = self.text

    @property
    def changed_since_loaded(self) -> bool:
        return self.text != getattr(self, "loaded_text", self.text)


HEAD_SHARE = 0.55  # of a stage panel, at most, for everything above the notes


def stage_bar(stages: tuple[Stage, ...], current: int) -> Content:
    """The stages in a line, the current one marked by an arrow and reversed; each is clickable."""
    parts: list[Content] = []
    for index, stage in enumerate(stages):
        label = f"{index + 1}. {stage.title}"
        if index == current:
            part = Content.assemble((f"▶ {label} ", "bold reverse $accent"))
        else:
            part = Content.assemble((f"  {label} ", "$text-muted"))
        parts.append(part.stylize(f"@click=screen.choose_stage({index})"))
    return Content(" ").join(parts)


class StagePanel(Vertical):
    """One stage: a line of stages, its purpose, fields and prompts, then its notes.

    The notes sit as high in the widget tree as they can: on every keystroke
    Textual repaints the notes' ancestors and all of their children, so a
    shallow tree makes typing faster.
    """

    def __init__(
        self,
        stages: tuple[Stage, ...],
        index: int,
        discussed: list[str],
        notes: str,
        *,
        fields: str,
        read_only: bool,
        below_prompts: Widget | None = None,
    ) -> None:
        self.stage = stages[index]
        super().__init__(id=f"stage-{self.stage.key}", classes="stage-panel")
        self.stages = stages
        self.index = index
        self.discussed = discussed
        self.notes = notes
        self.fields = fields
        self.read_only = read_only
        self.below_prompts = below_prompts  # a stage's own part between its prompts and its notes (the actions)

    def compose(self) -> ComposeResult:
        with Vertical(classes="stage-head"):  # one sibling of the notes instead of four
            yield Static(stage_bar(self.stages, self.index), classes="stage-bar")
            yield Static(self.stage.purpose, classes="stage-purpose", markup=False)
            yield Static(self.fields, classes="stage-fields", id=f"fields-{self.stage.key}", markup=False)
            yield PromptChecklist(
                self.stage.prompts,
                self.discussed,
                id=f"prompts-{self.stage.key}",
                classes="prompts",
            )
        if self.below_prompts is not None:
            yield self.below_prompts
        yield NotesEditor(
            self.notes,
            id=f"notes-{self.stage.key}",
            classes="notes",
            read_only=self.read_only,
            soft_wrap=True,
            tab_behavior="focus",
            placeholder=f"Notes for {self.stage.title} (Markdown). Saved as you type.",
        )

    def toggle_session_log(self, meetings: list[Meeting]) -> None:
        """Show or hide the session log at the panel's right (docked: the notes stay shallow); build it the first time."""
        shown = self.query(".session-log")
        if shown:
            shown.first().display = not shown.first().display
        else:
            self.mount(markdown_view(session_log_markdown(meetings), id="session-log", classes="session-log"))
        self.call_after_refresh(self.fit_head)  # the prompts wrap again at the new width

    def show_fields(self, text: str) -> None:
        self.query_one(f"#fields-{self.stage.key}", Static).update(text)
        self.call_after_refresh(self.fit_head)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_head)

    def fit_head(self) -> None:
        """As tall as the stage line, purpose, decisions and prompts need, up to HEAD_SHARE of the panel."""
        head = self.query_one(".stage-head")
        prompts = self.query_one(PromptChecklist)
        above = sum(child.outer_size.height for child in head.children if child.display and child is not prompts)
        wanted = above + prompts.virtual_size.height + prompts.styles.gutter.height
        room = self.size.height
        if self.below_prompts is not None and self.below_prompts.display:
            room -= self.below_prompts.outer_size.height
        height = max(min(wanted, int(room * HEAD_SHARE)), above + 1)
        if head.outer_size.height != height:
            head.styles.height = height

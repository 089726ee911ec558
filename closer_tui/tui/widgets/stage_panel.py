"""One END stage: its prompts as a checklist, a summary of its fields, and its notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...method import Prompt, Stage
from ...model import Meeting
from .key_names import key_name
from .markdown_view import markdown_view
from .notes_preview import NotesPreview
from .session_log import SessionLog

if TYPE_CHECKING:
    from .notes_editor import NotesEditor


PREPARED_MARK = "✎ "  # the partners prepared answers to this prompt on their sheets


def prompt_line(prompt: Prompt, ticked: bool, prepared: bool = False) -> Content:
    box = ("[✔] ", "$success bold") if ticked else ("[ ] ", "dim")
    return Content.assemble(box, (PREPARED_MARK, "$accent bold") if prepared else "", prompt.text)


class PromptChecklist(OptionList):
    """The stage's prompts; Space ticks the one under the cursor as discussed."""

    def help_where(self) -> str:
        """Where these keys work, for help when the checklist does not have the cursor."""
        return f"in the checklist, {key_name(self, 'dashboard.prompts')}"

    BINDINGS = [
        Binding("space,x", "toggle", "Tick prompt", id="prompts.tick", tooltip="Tick or untick the highlighted prompt as discussed"),
        Binding(
            "p",
            "show_prepared",
            "Prepared",
            id="prompts.prepared",
            tooltip="Show or hide both partners' prepared answers to the highlighted prompt (✎) beside the notes",
        ),
    ]

    class PreparedRequested(Message):
        """Show (or hide) the partners' prepared answers to ``prompt_id`` beside the notes."""

        def __init__(self, prompt_id: str) -> None:
            super().__init__()
            self.prompt_id = prompt_id

    class Toggled(Message):
        def __init__(self, checklist: PromptChecklist, prompt_id: str) -> None:
            super().__init__()
            self.checklist = checklist
            self.prompt_id = prompt_id

        @property
        def control(self) -> PromptChecklist:
            return self.checklist

    def __init__(self, prompts: tuple[Prompt, ...], discussed: list[str], prepared: set[str], **kwargs) -> None:
        super().__init__(*(Option(prompt_line(p, p.id in discussed, p.id in prepared), id=p.id) for p in prompts), **kwargs)
        self.prompts = {p.id: p for p in prompts}
        self.prepared = set(prepared)

    def show_ticked(self, prompt_id: str, ticked: bool) -> None:
        self.replace_option_prompt(prompt_id, prompt_line(self.prompts[prompt_id], ticked, prompt_id in self.prepared))

    def show_prepared(self, prepared: set[str], discussed: list[str]) -> None:
        """Mark the prompts the partners prepared answers to (after a sheet was read)."""
        changed = set(self.prompts) & (set(prepared) ^ self.prepared)
        self.prepared = set(prepared)
        for prompt_id in changed:
            self.replace_option_prompt(prompt_id, prompt_line(self.prompts[prompt_id], prompt_id in discussed, prompt_id in self.prepared))

    def highlighted_prompt_id(self) -> str | None:
        return self.get_option_at_index(self.highlighted).id if self.highlighted is not None else None

    def action_toggle(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Toggled(self, self.get_option_at_index(self.highlighted).id))

    def action_show_prepared(self) -> None:
        prompt_id = self.highlighted_prompt_id()
        if prompt_id is not None:
            self.post_message(self.PreparedRequested(prompt_id))

    def action_select(self) -> None:  # Enter ticks too
        self.action_toggle()


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
        prepared: set[str] = frozenset(),
        below_prompts: Widget | None = None,
        editor_after_first_frame: bool = False,
    ) -> None:
        self.stage = stages[index]
        super().__init__(id=f"stage-{self.stage.key}", classes="stage-panel")
        self.stages = stages
        self.index = index
        self.discussed = discussed
        self.notes = notes
        self.fields = fields
        self.read_only = read_only
        self.prepared = prepared
        self.below_prompts = below_prompts  # a stage's own part between its prompts and its notes (the actions)
        self.editor_after_first_frame = editor_after_first_frame  # the notes drawn first, their editor built by bring_in_editor

    def compose(self) -> ComposeResult:
        with Vertical(classes="stage-head"):  # one sibling of the notes instead of four
            yield Static(stage_bar(self.stages, self.index), classes="stage-bar")
            yield Static(self.stage.purpose, classes="stage-purpose", markup=False)
            yield Static(self.fields, classes="stage-fields", id=f"fields-{self.stage.key}", markup=False)
            yield PromptChecklist(
                self.stage.prompts,
                self.discussed,
                self.prepared,
                id=f"prompts-{self.stage.key}",
                classes="prompts",
            )
        if self.below_prompts is not None:
            yield self.below_prompts
        if self.editor_after_first_frame:
            yield NotesPreview(self.notes, self.placeholder, id=f"notes-first-{self.stage.key}", classes="notes")
        else:
            yield self.new_notes_editor()

    @property
    def placeholder(self) -> str:
        return f"Notes for {self.stage.title} (Markdown). Saved as you type."

    def new_notes_editor(self) -> NotesEditor:
        from .notes_editor import NotesEditor  # Textual's TextArea: after the first frame (notes_preview.py)

        return NotesEditor(
            self.notes,
            id=f"notes-{self.stage.key}",
            classes="notes",
            read_only=self.read_only,
            soft_wrap=True,
            tab_behavior="focus",
            placeholder=self.placeholder,
        )

    async def bring_in_editor(self) -> None:
        """The notes' editor in place of their preview (focused, if the preview was)."""
        previews = self.query(NotesPreview)
        if not previews:
            return
        preview = previews.first()
        editor = self.new_notes_editor()
        editor.display = False
        await self.mount(editor, before=preview)
        focused = preview.has_focus  # before it is hidden, which may move the focus
        preview.display = False
        editor.display = True
        if focused:
            editor.carry_on_at_the_end()
        await preview.remove()

    def focus_notes(self) -> None:
        """The notes focused: their editor, the cursor where they end, or the preview until it is built."""
        previews = self.query(NotesPreview)
        if previews:
            previews.first().focus()
        else:
            self.notes_editor().carry_on_at_the_end()

    def changed_notes(self) -> str | None:
        """The notes' text if it was changed in their editor; else None (a preview changes nothing)."""
        if self.query(NotesPreview):
            return None
        editor = self.notes_editor()
        return editor.text if editor.changed_since_loaded else None

    def notes_editor(self) -> NotesEditor:
        return self.query_one("NotesEditor")  # by name: the class is imported when the first one is built

    def session_log(self) -> SessionLog | None:
        """The session log, once it has been built (F8)."""
        built = self.query(SessionLog)
        return built.first() if built else None

    async def show_session_log(self, meetings: list[Meeting]) -> SessionLog:
        """The session log at the panel's right (docked: the notes stay shallow); built the first time."""
        log = self.session_log()
        if log is None:
            log = SessionLog(meetings, id="session-log", classes="session-log")
            await self.mount(log)
        log.display = True
        self.hide_prepared()  # one panel beside the notes at a time
        self.call_after_refresh(self.fit_head)  # the prompts wrap again at the new width
        return log

    @property
    def prepared_prompt(self) -> str | None:
        """The prompt whose prepared answers show beside the notes (None: they do not show)."""
        shown = self.query(".prepared-answers")
        return getattr(shown.first(), "prompt_id", None) if shown and shown.first().display else None

    def show_prepared_answers(self, prompt_id: str, markdown: str) -> None:
        """The partners' prepared answers to one prompt at the panel's right, where the session log goes."""
        shown = self.query(".prepared-answers")
        if shown:
            view = shown.first()
            view.update(markdown)
            view.display = True
        else:
            view = markdown_view(markdown, id=f"prepared-{self.stage.key}", classes="prepared-answers")
            self.mount(view)
        view.prompt_id = prompt_id
        for log in self.query(".session-log"):
            log.display = False
        self.call_after_refresh(self.fit_head)

    def hide_prepared(self) -> None:
        for view in self.query(".prepared-answers"):
            view.display = False
        self.call_after_refresh(self.fit_head)

    @property
    def session_log_shown(self) -> bool:
        shown = self.query(".session-log")
        return bool(shown) and shown.first().display

    def hide_session_log(self) -> None:
        if self.session_log_shown:
            self.query_one(".session-log").display = False
            self.call_after_refresh(self.fit_head)

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

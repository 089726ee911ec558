"""Small modal dialogs that return a value with ``dismiss``: pick, ask, confirm."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ..widgets.key_names import key_name


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one option with the arrows and Enter; Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Close without choosing")]

    def __init__(self, title: str, options: Sequence[tuple[str, str]], current: str | None = None) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.options = list(options)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            # Labels may quote names people typed: plain text, never markup.
            yield OptionList(*(Option(Content(label), id=value) for value, label in self.options), id="choices")
            yield Static(f"Enter chooses, {key_name(self, 'dialog.cancel')} cancels", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        values = [value for value, _ in self.options]
        if self.current in values:
            choices.highlighted = values.index(self.current)
        choices.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextDialog(ModalScreen[str | None]):
    """Ask for a line of text. ``required`` refuses a blank answer, and ``check`` (the answer ->
    what is wrong with it, or None) any other: the entry is kept and the reason shown under it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Close without saving")]

    def __init__(
        self, title: str, question: str, value: str = "", *, required: bool = False, check: Callable[[str], str | None] | None = None
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.question = question
        self.value = value
        self.required = required
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.question, classes="dialog-question", markup=False)  # wraps: never cut
            yield Input(self.value, id="answer")
            yield Static("", id="dialog-error", classes="dialog-error", markup=False)
            yield Static(f"Enter saves, {key_name(self, 'dialog.cancel')} cancels", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        answer = event.value.strip()
        problem = "An answer is needed here." if self.required and not answer else None
        if problem is None and self.check is not None:
            problem = self.check(answer)
        if problem:
            error = self.query_one("#dialog-error", Static)
            error.update(f"⚠ {problem}")
            error.add_class("shown")
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NotesDialog(ModalScreen[str | None]):
    """Edit a longer text (private notes, impact statements) in a TextArea."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="notes.save", tooltip="Keep this text", priority=True),
        Binding("escape", "save", "Save and close", id="notes.close", tooltip="Keep this text and close"),
    ]

    def __init__(self, title: str, text: str, hint: str = "") -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.text = text
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            if self.hint:
                yield Static(self.hint, classes="dialog-hint", markup=False)
            yield TextArea(self.text, id="dialog-notes")
            keeps = " or ".join(dict.fromkeys([key_name(self, "notes.close"), key_name(self, "notes.save")]))
            yield Static(f"{keeps} keeps the text", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question: y or Enter confirms, n or Escape declines."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", tooltip="Do not do it"),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.question, markup=False)
            yield Static(f"{key_name(self, 'confirm.yes', joined=' / ')}: yes    {key_name(self, 'confirm.no', joined=' / ')}: no", classes="dialog-hint", markup=False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class TypeYesDialog(ConfirmDialog, inherit_bindings=False):
    """A yes/no question where only y says yes: Enter, n and Escape all decline (no stray key undoes it)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
        Binding("n,escape,enter", "answer(False)", "No", id="confirm.no", tooltip="Do not do it"),
    ]

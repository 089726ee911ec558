"""The tail every modal form shares: check what was typed, then close with it or say why not.

``ModalForm`` is mixed into a form's ModalScreen (a mixin, not a screen of its own: every
screen closer has is one a key opens). The form names its own keys (``BINDINGS``, ``save`` and
``cancel`` with the form's ids) and says three things: ``checked()``, its answer or a
ValidationError; ``refusal(error)``, the words shown in its ``#dialog-error`` line; and
``field_at_fault(error)``, the widget the cursor goes to. Enter in a one-line field saves,
unless the form's ``entered()`` does something else; cancelling returns None.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Static

from ...model import ValidationError


class ModalForm:
    """The tail of a modal form: it closes with its checked answer, or None when cancelled."""

    def checked(self) -> Any:
        """What the form answers, or a ValidationError naming the field at fault."""
        raise NotImplementedError

    def refusal(self, error: ValidationError) -> str:
        """The line shown when the answer is refused."""
        return f"⚠ {error.reason[:1].upper()}{error.reason[1:]}."

    def field_at_fault(self, error: ValidationError) -> str | None:
        """The selector of the widget to put the cursor in, or None to leave it where it is."""
        return None

    def action_save(self) -> None:
        try:
            answer = self.checked()
        except ValidationError as error:
            self.refuse(error)
            return
        self.dismiss(answer)

    def refuse(self, error: ValidationError) -> None:
        """Show why the answer is refused, with what was typed kept, and go to the field at fault."""
        message = self.query_one("#dialog-error", Static)
        message.update(self.refusal(error))
        message.add_class("shown")
        at_fault = self.field_at_fault(error)
        if at_fault and self.query(at_fault):
            self.query_one(at_fault).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def entered(self) -> None:
        """Enter in a one-line field: save."""
        self.action_save()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.entered()

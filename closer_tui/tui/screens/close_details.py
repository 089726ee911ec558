"""The close's decisions for one stage, in a form: returns the changed fields, or None.

The first stage (Evaluate in the END guide) records the ending: why the
partnership ends, the extension decision, the highlights. The last stage
(Development) records what comes after: staying in touch, mentoring others,
the impact statements, gifts, the celebration and the thanks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, RadioButton, RadioSet, Static, TextArea

from ...follow_ups import parse_when, parse_when_list
from ...method import ENDING
from ...model import END_REASON_LABELS, END_REASONS, GIFTS, MAX_EXTRA_MEETINGS, Close, Extension, ValidationError
from ..widgets.key_names import key_name
from .modal_form import ModalForm

TRI_STATE = ((True, "yes"), (False, "no"), (None, "not discussed"))


class MarkedCheckbox(Checkbox):
    """A checkbox whose state shows as a mark, not only as a colour (shared screens, NO_COLOR)."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 (Textual's name)
        return "✔" if self.value else " "


class MarkedRadioButton(RadioButton):
    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 (Textual's name)
        return "●" if self.value else "○"


def tri_state(prefix: str, value: bool | None) -> RadioSet:
    return RadioSet(
        *(MarkedRadioButton(label, value=value is choice, id=f"{prefix}-{label.replace(' ', '-')}") for choice, label in TRI_STATE),
        id=prefix,
        compact=True,
    )


def read_tri_state(radio: RadioSet) -> bool | None:
    index = radio.pressed_index
    return TRI_STATE[index][0] if index >= 0 else None


# Where a refused save sends the cursor: the last part of the field the rule names -> the widget.
FIELD_WIDGETS = {
    "end_reason": "#end-reason",
    "end_reason_text": "#end-reason-text",
    "extra_meetings": "#extra-meetings",
    "extension": "#mentor-agrees",  # "needs both to agree"
    "meeting_dates": "#meeting-dates",
    "check_ins": "#check-ins",
    "celebration_date": "#celebration-date",
    "highlights": "#highlights",
    "stay_in_touch_how": "#stay-in-touch-how",
    "mentee_on_mentor": "#mentee-on-mentor",
    "mentor_on_mentee": "#mentor-on-mentee",
    "gifts_notes": "#gifts-notes",
    "celebration_plan": "#celebration",
}


def field_widget(field_name: str) -> str | None:
    """The widget of a rule's field ("close.extension.extra_meetings" -> "#extra-meetings")."""
    return FIELD_WIDGETS.get(field_name.split(".")[-1].split("[")[0])


class CloseDetailsScreen(ModalForm, ModalScreen[dict | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="details.save", tooltip="Check and keep these answers", priority=True),
        Binding("escape", "cancel", "Cancel", id="details.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, kind: str, stage_title: str, close: Close) -> None:
        super().__init__(classes="dialog")
        self.kind = kind
        self.stage_title = stage_title
        self.close_record = close

    def compose(self) -> ComposeResult:
        close = self.close_record
        title = "the ending" if self.kind == ENDING else "looking ahead"
        # The title, the error and the keys stay in sight; the fields between them scroll.
        with Vertical(classes="dialog-box wide", id="details-box"):
            yield Static(f"{self.stage_title}: {title}", classes="dialog-title", markup=False)
            yield Static("", id="dialog-error", classes="dialog-error", markup=False)
            with VerticalScroll(id="details"):
                if self.kind == ENDING:
                    yield Label("Why is the partnership ending?")
                    yield RadioSet(
                        *(
                            MarkedRadioButton(END_REASON_LABELS[r], value=close.end_reason == r, id=f"reason-{r}")
                            for r in END_REASONS
                        ),
                        id="end-reason",
                        compact=True,
                    )
                    yield Label("In words (needed for 'other reason')")
                    yield Input(close.end_reason_text, id="end-reason-text", compact=True)
                    yield Label("Extension: extra meetings (2 at most, both must agree) and their dates")
                    with Horizontal(classes="row"):
                        yield Input(str(close.extension.extra_meetings), id="extra-meetings", type="integer", compact=True)
                        yield MarkedCheckbox("mentor agrees", close.extension.mentor_agrees, id="mentor-agrees", compact=True)
                        yield MarkedCheckbox("mentee agrees", close.extension.mentee_agrees, id="mentee-agrees", compact=True)
                    yield Input(
                        ", ".join(close.extension.meeting_dates),
                        id="meeting-dates",
                        placeholder="their dates, e.g. in 2 weeks, 2026-09-01 14:00",
                        compact=True,
                    )
                    yield Label("Highlights: what stood out for each of you")
                    yield TextArea(close.highlights, id="highlights", classes="statement", compact=True)
                else:
                    yield Label("Stay in touch?")
                    yield tri_state("stay-in-touch", close.stay_in_touch)
                    yield Label("How you stay in touch, and the check-in dates")
                    with Horizontal(classes="row"):
                        yield Input(close.stay_in_touch_how, id="stay-in-touch-how", classes="wide", compact=True)
                        yield Input(
                            ", ".join(close.check_ins), id="check-ins", classes="dates", placeholder="in 3 months, in 6 months", compact=True
                        )
                    yield Label("Would the mentor mentor others?")
                    yield tri_state("mentor-others", close.mentor_would_mentor_others)
                    yield Label("Would the mentee mentor others?")
                    yield tri_state("mentee-others", close.mentee_would_mentor_others)
                    yield Label("The mentee: how the mentor shaped their development")
                    yield TextArea(close.mentee_on_mentor, id="mentee-on-mentor", classes="statement", compact=True)
                    yield Label("The mentor: changes seen in the mentee")
                    yield TextArea(close.mentor_on_mentee, id="mentor-on-mentee", classes="statement", compact=True)
                    yield Label("Gifts acknowledged")
                    with Horizontal(classes="row"):
                        for gift in GIFTS:
                            yield MarkedCheckbox(gift, gift in close.gifts_acknowledged, id=f"gift-{gift}", compact=True)
                    yield Input(close.gifts_notes, id="gifts-notes", placeholder="what was shared, what was learned", compact=True)
                    yield Label("Celebration: the plan, and its date if there is one")
                    with Horizontal(classes="row"):
                        yield Input(close.celebration_plan, id="celebration", classes="wide", compact=True)
                        yield Input(
                            close.celebration_date or "", id="celebration-date", classes="dates", placeholder="2026-07-10 18:00", compact=True
                        )
                    yield MarkedCheckbox("Thanks said", close.thanks_said, id="thanks-said", compact=True)
            yield Static(f"{key_name(self, 'details.save')} saves, {key_name(self, 'details.cancel')} cancels", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        for radio in self.query(RadioSet):
            if radio.pressed_index >= 0:  # the keyboard starts on the chosen option, not the first
                radio._selected = radio.pressed_index
        first = self.query("RadioSet").first()
        first.focus()
        self.call_after_refresh(self.fit_fields)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_fields)

    def fit_fields(self) -> None:
        """The fields scroll in what the window leaves under the timer, so the title, an error and the
        keys' hint stay in sight; a short form stays short."""
        box, fields = self.query_one("#details-box"), self.query_one("#details")
        others = sum(child.outer_size.height for child in box.children if child is not fields and child.display)
        around = others + box.styles.gutter.height  # the title, an error, the hint, the frame
        room = max(3, self.size.height - box.styles.margin.top - around)
        if fields.styles.max_height != room:
            fields.styles.max_height = room

    def fields(self, today: dt.date | None = None) -> dict:
        today = today or dt.date.today()  # "in 3 months" counts from the day of the close
        if self.kind == ENDING:
            pressed = self.query_one("#end-reason", RadioSet).pressed_index
            raw_meetings = self.query_one("#extra-meetings", Input).value.strip() or "0"
            try:
                meetings = int(raw_meetings)
            except ValueError:
                raise ValidationError("extension.extra_meetings", f"{raw_meetings!r} is not a number of meetings") from None
            return {
                "end_reason": END_REASONS[pressed] if pressed >= 0 else None,
                "end_reason_text": self.query_one("#end-reason-text", Input).value.strip(),
                "extension": Extension(
                    extra_meetings=meetings,
                    mentor_agrees=self.query_one("#mentor-agrees", Checkbox).value,
                    mentee_agrees=self.query_one("#mentee-agrees", Checkbox).value,
                    meeting_dates=parse_when_list(
                        self.query_one("#meeting-dates", Input).value, today, "extension.meeting_dates", MAX_EXTRA_MEETINGS
                    ),
                ),
                "highlights": self.query_one("#highlights", TextArea).text,
            }
        return {
            "stay_in_touch": read_tri_state(self.query_one("#stay-in-touch", RadioSet)),
            "stay_in_touch_how": self.query_one("#stay-in-touch-how", Input).value.strip(),
            "mentor_would_mentor_others": read_tri_state(self.query_one("#mentor-others", RadioSet)),
            "mentee_would_mentor_others": read_tri_state(self.query_one("#mentee-others", RadioSet)),
            "mentee_on_mentor": self.query_one("#mentee-on-mentor", TextArea).text,
            "mentor_on_mentee": self.query_one("#mentor-on-mentee", TextArea).text,
            "gifts_acknowledged": [g for g in GIFTS if self.query_one(f"#gift-{g}", Checkbox).value],
            "gifts_notes": self.query_one("#gifts-notes", Input).value.strip(),
            "celebration_plan": self.query_one("#celebration", Input).value.strip(),
            "check_ins": parse_when_list(self.query_one("#check-ins", Input).value, today, "check_ins"),
            "celebration_date": self._celebration_date(today),
            "thanks_said": self.query_one("#thanks-said", Checkbox).value,
        }

    def _celebration_date(self, today: dt.date) -> str | None:
        typed = self.query_one("#celebration-date", Input).value
        return parse_when(typed, today, "celebration_date") if typed.strip() else None

    def checked(self) -> dict:
        fields = self.fields()
        replace(self.close_record, **fields).validate("close")
        return fields

    def field_at_fault(self, error: ValidationError) -> str | None:
        return field_widget(error.field)

    def refuse(self, error: ValidationError) -> None:
        self.call_after_refresh(self.fit_fields)  # the error takes a line or two of the fields'
        self.query_one("#details").scroll_home(animate=False)
        super().refuse(error)

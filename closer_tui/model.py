"""The record of a mentoring partnership: plain dataclasses with validation.

Nothing here touches the disk or Textual. Every record converts to and from a
plain dict (``to_dict`` / ``from_dict``); ``from_dict`` is strict and names the
field that is wrong, because that dict is also the import format.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from .control_characters import first_control_character
from .errors import CloserError
from .method import Guide, GuideDataError, bundled_guide, default_guide

GOAL_STATUSES = ("open", "achieved", "exceeded", "partly", "changed", "not_achieved")
GOAL_STATUS_LABELS = {
    "open": "open",
    "achieved": "achieved",
    "exceeded": "exceeded",
    "partly": "partly achieved",
    "changed": "changed",
    "not_achieved": "not achieved",
}
# Met for counting "goals met of total".
GOALS_MET = ("achieved", "exceeded")
GOAL_OWNERS = ("mentee", "mentor")
PARTNERSHIP_STATUSES = ("active", "closing", "closed")
END_REASONS = ("duration", "objectives", "other")
END_REASON_LABELS = {
    "duration": "agreed duration reached",
    "objectives": "objectives reached",
    "other": "other reason",
}
GIFTS = ("time", "vision", "advice")
MAX_EXTRA_MEETINGS = 2

MAX_NAME_LENGTH = 200
MAX_LINE_LENGTH = 2_000
# Generous: a pasted document is fine, a runaway paste of a disk image is not.
MAX_NOTE_LENGTH = 5_000_000

ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: ids are read aloud
ID_LENGTH = 6


def yes_no(value: bool | None, unknown: str = "not discussed") -> str:
    """A yes-or-no answer in words; ``unknown`` when it has not been given (None)."""
    return {True: "yes", False: "no", None: unknown}[value]


class ValidationError(CloserError, ValueError):
    """A record breaks a rule; ``field`` names where, the message says why."""

    def __init__(self, field_name: str, message: str) -> None:
        self.field = field_name
        self.reason = message
        super().__init__(f"{field_name}: {message}")


def new_id(length: int = ID_LENGTH) -> str:
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(length))


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def today_iso() -> str:
    return dt.date.today().isoformat()


# --- field checks -----------------------------------------------------------


def check_text(value: object, field_name: str, limit: int = MAX_NOTE_LENGTH) -> str:
    """Note text that can be stored, read back and shown safely, or a clear refusal."""
    if not isinstance(value, str):
        raise ValidationError(field_name, f"must be text, not {type(value).__name__}")
    if len(value) > limit:
        raise ValidationError(field_name, f"is {len(value):,} characters long; the limit is {limit:,}")
    if "\x00" in value:
        raise ValidationError(field_name, "contains a NUL character")
    at = first_control_character(value)
    if at is not None:
        raise ValidationError(field_name, f"contains a control character (U+{ord(value[at]):04X}) at position {at + 1}")
    check_encodable(value, field_name)
    return value


def _text(data: dict, key: str, where: str, *, default: str = "", limit: int = MAX_NOTE_LENGTH) -> str:
    value = data.get(key, default)
    if value is None:
        value = default
    return check_text(value, f"{where}{key}", limit)


def check_encodable(value: str, field_name: str) -> None:
    """Lone surrogates (from a broken JSON escape or a stray byte on the command line) cannot be stored."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(field_name, "contains a character that is not valid text") from None


def check_id(value: object, field_name: str = "id") -> str:
    if not isinstance(value, str) or not value or len(value) > 32 or not all(ch in ID_ALPHABET for ch in value):
        raise ValidationError(field_name, f"{value!r} is not a closer id (letters and digits, like 'k7m2qx')")
    return value


def check_name(value: str, field_name: str) -> str:
    """A person's or programme's name: one line, not blank (for people)."""
    value = value.strip()
    check_encodable(value, field_name)
    if len(value) > MAX_NAME_LENGTH:
        raise ValidationError(field_name, f"is longer than {MAX_NAME_LENGTH} characters")
    if first_control_character(value, one_line=True) is not None:
        raise ValidationError(field_name, "must be a single line without control characters")
    return value


def check_person(value: str, field_name: str) -> str:
    value = check_name(value, field_name)
    if not value:
        raise ValidationError(field_name, "must not be blank")
    return value


def check_date(value: str | None, field_name: str, *, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(field_name, "is required (a date like 2026-03-01)")
        return None
    if not isinstance(value, str):
        raise ValidationError(field_name, "must be an ISO 8601 date like 2026-03-01")
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValidationError(field_name, f"{value!r} is not an ISO 8601 date like 2026-03-01") from None


def check_timestamp(value: Any, field_name: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(field_name, "must be an ISO 8601 timestamp")
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(field_name, f"{value!r} is not an ISO 8601 timestamp") from None
    return value


def check_choice(value: Any, choices: tuple[str, ...], field_name: str) -> str:
    if value not in choices:
        raise ValidationError(field_name, f"{value!r} is not one of: {', '.join(choices)}")
    return value


def _optional_bool(data: dict, key: str, where: str) -> bool | None:
    value = data.get(key)
    if value is not None and not isinstance(value, bool):
        raise ValidationError(f"{where}{key}", "must be true, false or null")
    return value


def _bool(data: dict, key: str, where: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise ValidationError(f"{where}{key}", "must be true or false")
    return value


def _int(data: dict, key: str, where: str, default: int = 0) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValidationError(f"{where}{key}", "must be a whole number, zero or more")
    return int(value)


def _list(data: dict, key: str, where: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ValidationError(f"{where}{key}", "must be a list")
    return value


def _dict(data: Any, where: str) -> dict:
    if not isinstance(data, dict):
        raise ValidationError(where.rstrip(".") or "record", "must be an object")
    return data


def _guide(value: Any, field_name: str) -> Guide:
    """A stored copy of a guide, or the name of one shipped with closer ("end")."""
    if value is None:
        return default_guide()
    if isinstance(value, str):
        try:
            return bundled_guide(value)
        except ValueError as error:
            raise ValidationError(field_name, str(error)) from None
    try:
        return Guide.from_dict(value)
    except GuideDataError as error:
        raise ValidationError(field_name, str(error)) from None


# --- records ----------------------------------------------------------------


@dataclass
class Goal:
    text: str
    owner: str = "mentee"
    status: str = "open"
    not_met_reason: str = ""
    what_changed: str = ""
    mentor_view: str = ""
    mentee_view: str = ""
    id: str = field(default_factory=lambda: new_id(4))

    def validate(self, where: str = "goal") -> None:
        check_text(self.text, f"{where}.text", MAX_LINE_LENGTH)
        if not self.text.strip():
            raise ValidationError(f"{where}.text", "must not be blank")
        for name in ("not_met_reason", "what_changed", "mentor_view", "mentee_view"):
            check_text(getattr(self, name), f"{where}.{name}")
        check_choice(self.owner, GOAL_OWNERS, f"{where}.owner")
        check_choice(self.status, GOAL_STATUSES, f"{where}.status")
        if self.status == "not_achieved" and not self.not_met_reason.strip():
            raise ValidationError(f"{where}.not_met_reason", "say why a goal was not achieved")

    @property
    def is_met(self) -> bool:
        return self.status in GOALS_MET

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "owner": self.owner,
            "status": self.status,
            "not_met_reason": self.not_met_reason,
            "what_changed": self.what_changed,
            "mentor_view": self.mentor_view,
            "mentee_view": self.mentee_view,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "goal") -> Goal:
        data = _dict(data, where)
        p = f"{where}."
        goal_id = _text(data, "id", p, limit=40) or new_id(4)
        goal = cls(
            id=goal_id,
            text=_text(data, "text", p, limit=MAX_LINE_LENGTH),
            owner=data.get("owner", "mentee"),
            status=data.get("status", "open"),
            not_met_reason=_text(data, "not_met_reason", p),
            what_changed=_text(data, "what_changed", p),
            mentor_view=_text(data, "mentor_view", p),
            mentee_view=_text(data, "mentee_view", p),
        )
        goal.validate(where)
        return goal


@dataclass
class Meeting:
    """One entry of the session log: a meeting held during the partnership."""

    date: str
    notes: str = ""
    milestone: bool = False

    def validate(self, where: str = "meeting") -> None:
        check_date(self.date, f"{where}.date", required=True)
        check_text(self.notes, f"{where}.notes")

    def to_dict(self) -> dict:
        return {"date": self.date, "notes": self.notes, "milestone": self.milestone}

    @classmethod
    def from_dict(cls, data: Any, where: str = "meeting") -> Meeting:
        data = _dict(data, where)
        p = f"{where}."
        meeting = cls(
            date=check_date(data.get("date"), f"{p}date", required=True) or "",
            notes=_text(data, "notes", p),
            milestone=_bool(data, "milestone", p),
        )
        return meeting


@dataclass
class Extension:
    """At most two extra meetings, and only when both partners agree (END guide)."""

    extra_meetings: int = 0
    mentor_agrees: bool = False
    mentee_agrees: bool = False

    def validate(self, where: str = "extension") -> None:
        if not 0 <= self.extra_meetings <= MAX_EXTRA_MEETINGS:
            raise ValidationError(
                f"{where}.extra_meetings",
                f"an extension is at most {MAX_EXTRA_MEETINGS} extra meetings, not {self.extra_meetings}",
            )
        if self.extra_meetings and not (self.mentor_agrees and self.mentee_agrees):
            raise ValidationError(f"{where}", "an extension needs both the mentor and the mentee to agree")

    def to_dict(self) -> dict:
        return {
            "extra_meetings": self.extra_meetings,
            "mentor_agrees": self.mentor_agrees,
            "mentee_agrees": self.mentee_agrees,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "extension") -> Extension:
        data = _dict(data, where)
        p = f"{where}."
        ext = cls(
            extra_meetings=_int(data, "extra_meetings", p),
            mentor_agrees=_bool(data, "mentor_agrees", p),
            mentee_agrees=_bool(data, "mentee_agrees", p),
        )
        ext.validate(where)
        return ext


@dataclass
class TimerState:
    """What the close timer needs to resume after a restart (see timer.py)."""

    budgets: dict[str, int] = field(default_factory=dict)  # stage -> seconds
    used: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    stage: str = "evaluate"
    running_since: float | None = None  # wall-clock epoch seconds while running

    def to_dict(self) -> dict:
        return {
            "budgets": dict(self.budgets),
            "used": dict(self.used),
            "stage": self.stage,
            "running_since": self.running_since,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "timer") -> TimerState:
        data = _dict(data, where)
        budgets = data.get("budgets", {})
        used = data.get("used", {})
        for name, mapping in (("budgets", budgets), ("used", used)):
            if not isinstance(mapping, dict) or not all(
                isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 for v in mapping.values()
            ):
                raise ValidationError(f"{where}.{name}", "must map stage names to seconds")
        running_since = data.get("running_since")
        if running_since is not None and (isinstance(running_since, bool) or not isinstance(running_since, int | float)):
            raise ValidationError(f"{where}.running_since", "must be a number of seconds or null")
        stage = data.get("stage", "evaluate")
        if not isinstance(stage, str):
            raise ValidationError(f"{where}.stage", "must be a stage name")
        return cls(
            budgets={k: int(v) for k, v in budgets.items()},
            used={k: float(v) for k, v in used.items()},
            stage=stage,
            running_since=running_since,
        )


@dataclass(frozen=True)
class CloseField:
    """One of the close's free-text fields: its attribute on :class:`Close` and its label in the record."""

    name: str
    label: str  # the heading or line the record's Markdown shows it under
    private: bool = False  # the facilitator's own: never searchable, exported only when asked for


CLOSE_TEXT_FIELDS: tuple[CloseField, ...] = (
    CloseField("end_reason_text", "Why it is ending"),
    CloseField("stay_in_touch_how", "Stay in touch"),
    CloseField("highlights", "Highlights"),
    CloseField("mentee_on_mentor", "The mentee, on the mentor's impact"),
    CloseField("mentor_on_mentee", "The mentor, on the mentee's development"),
    CloseField("gifts_notes", "Gifts acknowledged"),
    CloseField("celebration_plan", "Celebration"),
    CloseField("private_notes", "Private facilitator notes", private=True),
)


def close_label(name: str) -> str:
    """The record's label for one of :data:`CLOSE_TEXT_FIELDS`, by attribute name."""
    return next(f.label for f in CLOSE_TEXT_FIELDS if f.name == name)


@dataclass
class Close:
    """Everything decided and said during the closing session."""

    end_reason: str | None = None
    end_reason_text: str = ""
    extension: Extension = field(default_factory=Extension)
    stage_notes: dict[str, str] = field(default_factory=dict)  # stage -> Markdown
    prompts_discussed: list[str] = field(default_factory=list)  # prompt ids
    stay_in_touch: bool | None = None
    stay_in_touch_how: str = ""
    mentor_would_mentor_others: bool | None = None
    mentee_would_mentor_others: bool | None = None
    highlights: str = ""  # what stood out for each of them (NORDP)
    mentee_on_mentor: str = ""  # the mentee: how the mentor shaped their development
    mentor_on_mentee: str = ""  # the mentor: the changes they saw in the mentee
    gifts_acknowledged: list[str] = field(default_factory=list)
    gifts_notes: str = ""
    celebration_plan: str = ""
    thanks_said: bool = False
    private_notes: str = ""

    def validate(self, where: str = "close") -> None:
        for stage, notes in self.stage_notes.items():
            check_text(notes, f"{where}.stage_notes.{stage}")
        for text_field in CLOSE_TEXT_FIELDS:
            check_text(getattr(self, text_field.name), f"{where}.{text_field.name}")
        if self.end_reason is not None:
            check_choice(self.end_reason, END_REASONS, f"{where}.end_reason")
            if self.end_reason == "other" and not self.end_reason_text.strip():
                raise ValidationError(f"{where}.end_reason_text", "say what the other reason is")
        self.extension.validate(f"{where}.extension")
        for i, gift in enumerate(self.gifts_acknowledged):
            check_choice(gift, GIFTS, f"{where}.gifts_acknowledged[{i}]")

    def to_dict(self) -> dict:
        return {
            "end_reason": self.end_reason,
            "end_reason_text": self.end_reason_text,
            "extension": self.extension.to_dict(),
            "stage_notes": dict(self.stage_notes),
            "prompts_discussed": list(self.prompts_discussed),
            "stay_in_touch": self.stay_in_touch,
            "stay_in_touch_how": self.stay_in_touch_how,
            "mentor_would_mentor_others": self.mentor_would_mentor_others,
            "mentee_would_mentor_others": self.mentee_would_mentor_others,
            "highlights": self.highlights,
            "mentee_on_mentor": self.mentee_on_mentor,
            "mentor_on_mentee": self.mentor_on_mentee,
            "gifts_acknowledged": list(self.gifts_acknowledged),
            "gifts_notes": self.gifts_notes,
            "celebration_plan": self.celebration_plan,
            "thanks_said": self.thanks_said,
            "private_notes": self.private_notes,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "close") -> Close:
        data = _dict(data, where)
        p = f"{where}."
        stage_notes = data.get("stage_notes", {})
        if not isinstance(stage_notes, dict):
            raise ValidationError(f"{p}stage_notes", "must map stage names to notes")
        notes = {str(k): _text(stage_notes, k, f"{p}stage_notes.") for k in stage_notes}
        prompts = _list(data, "prompts_discussed", p)
        if not all(isinstance(x, str) for x in prompts):
            raise ValidationError(f"{p}prompts_discussed", "must be a list of prompt ids")
        gifts = _list(data, "gifts_acknowledged", p)
        end_reason = data.get("end_reason")
        close = cls(
            end_reason=end_reason,
            end_reason_text=_text(data, "end_reason_text", p),
            extension=Extension.from_dict(data.get("extension", {}), f"{p}extension"),
            stage_notes=notes,
            prompts_discussed=list(dict.fromkeys(prompts)),
            stay_in_touch=_optional_bool(data, "stay_in_touch", p),
            stay_in_touch_how=_text(data, "stay_in_touch_how", p),
            mentor_would_mentor_others=_optional_bool(data, "mentor_would_mentor_others", p),
            mentee_would_mentor_others=_optional_bool(data, "mentee_would_mentor_others", p),
            highlights=_text(data, "highlights", p),
            mentee_on_mentor=_text(data, "mentee_on_mentor", p),
            mentor_on_mentee=_text(data, "mentor_on_mentee", p),
            gifts_acknowledged=list(dict.fromkeys(gifts)),
            gifts_notes=_text(data, "gifts_notes", p),
            celebration_plan=_text(data, "celebration_plan", p),
            thanks_said=_bool(data, "thanks_said", p),
            private_notes=_text(data, "private_notes", p),
        )
        close.validate(where)
        return close


@dataclass
class StatusChange:
    status: str
    at: str

    def to_dict(self) -> dict:
        return {"status": self.status, "at": self.at}


@dataclass
class Partnership:
    mentor: str
    mentee: str
    programme: str = ""
    start_date: str = field(default_factory=today_iso)
    end_date: str | None = None  # the agreed end, if one was set
    agreed_duration: str = ""  # or the agreed length, in words ("six months")
    status: str = "active"
    goals: list[Goal] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    close: Close = field(default_factory=Close)
    timer: TimerState = field(default_factory=TimerState)
    guide: Guide = field(default_factory=default_guide)  # the guide this close runs with
    follows: str | None = None  # id of the partnership this one carries goals over from
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    closed_at: str | None = None
    history: list[StatusChange] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    @classmethod
    def create(
        cls,
        mentor: str,
        mentee: str,
        programme: str = "",
        start_date: str | None = None,
        goals: list[Goal] | None = None,
        **extra: Any,
    ) -> Partnership:
        """A new partnership, validated, with its creation in the history."""
        p = cls(
            mentor=mentor.strip() if isinstance(mentor, str) else mentor,
            mentee=mentee.strip() if isinstance(mentee, str) else mentee,
            programme=programme.strip(),
            start_date=start_date or today_iso(),
            goals=list(goals or []),
            **extra,
        )
        p.history.append(StatusChange(p.status, p.created_at))
        p.validate()
        return p

    # --- rules ----------------------------------------------------------

    def validate(self) -> None:
        check_id(self.id)
        self.mentor = check_person(self.mentor, "mentor")
        self.mentee = check_person(self.mentee, "mentee")
        self.programme = check_name(self.programme, "programme")
        self.agreed_duration = check_name(self.agreed_duration, "agreed_duration")
        self.start_date = check_date(self.start_date, "start_date", required=True) or ""
        self.end_date = check_date(self.end_date, "end_date")
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError("end_date", "is before the start date")
        check_choice(self.status, PARTNERSHIP_STATUSES, "status")
        for i, goal in enumerate(self.goals):
            goal.validate(f"goals[{i}]")
        if len({g.id for g in self.goals}) != len(self.goals):
            raise ValidationError("goals", "two goals share an id")
        for i, meeting in enumerate(self.meetings):
            meeting.validate(f"meetings[{i}]")
        self.close.validate("close")

    def set_status(self, status: str) -> None:
        check_choice(status, PARTNERSHIP_STATUSES, "status")
        if status == self.status:
            return
        at = now_iso()
        self.status = status
        self.history.append(StatusChange(status, at))
        self.closed_at = at if status == "closed" else None

    def add_meeting(self, notes: str, date: str | None = None, milestone: bool = False) -> Meeting:
        meeting = Meeting(date=check_date(date or today_iso(), "date", required=True) or "", notes=notes, milestone=milestone)
        self.meetings.append(meeting)
        self.meetings.sort(key=lambda m: m.date)
        return meeting

    # --- views ----------------------------------------------------------

    @property
    def goals_met(self) -> int:
        return sum(1 for g in self.goals if g.is_met)

    def summary(self) -> dict:
        """The few fields a list of partnerships shows; kept in the store's index."""
        return {
            "id": self.id,
            "mentor": self.mentor,
            "mentee": self.mentee,
            "programme": self.programme,
            "status": self.status,
            "start_date": self.start_date,
            "closed_at": self.closed_at,
            "end_reason": self.close.end_reason,
            "goals_total": len(self.goals),
            "goals_met": self.goals_met,
            # Booked time only (not a running stretch), so typing never changes the summary.
            "close_seconds": round(sum(self.timer.used.values())),
            "budget_seconds": sum(self.timer.budgets.values()) or None,
        }

    # --- conversion -----------------------------------------------------

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "mentor": self.mentor,
            "mentee": self.mentee,
            "programme": self.programme,
            "start_date": self.start_date,
            "end_date": self.end_date,
            "agreed_duration": self.agreed_duration,
            "status": self.status,
            "guide": self.guide.to_dict(),
            "follows": self.follows,
            "goals": [g.to_dict() for g in self.goals],
            "meetings": [m.to_dict() for m in self.meetings],
            "close": self.close.to_dict(),
            "timer": self.timer.to_dict(),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "closed_at": self.closed_at,
            "history": [h.to_dict() for h in self.history],
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "") -> Partnership:
        data = _dict(data, where or "partnership")
        p = f"{where}." if where else ""
        pid = check_id(data.get("id"), f"{p}id")
        for key in ("mentor", "mentee"):
            if not isinstance(data.get(key), str):
                raise ValidationError(f"{p}{key}", "is required (a name)")
        goals = [Goal.from_dict(g, f"{p}goals[{i}]") for i, g in enumerate(_list(data, "goals", p))]
        meetings = [Meeting.from_dict(m, f"{p}meetings[{i}]") for i, m in enumerate(_list(data, "meetings", p))]
        history = []
        for i, h in enumerate(_list(data, "history", p)):
            h = _dict(h, f"{p}history[{i}]")
            history.append(
                StatusChange(
                    check_choice(h.get("status"), PARTNERSHIP_STATUSES, f"{p}history[{i}].status"),
                    check_timestamp(h.get("at"), f"{p}history[{i}].at"),
                )
            )
        closed_at = data.get("closed_at")
        if closed_at is not None:
            check_timestamp(closed_at, f"{p}closed_at")
        follows = data.get("follows")
        if follows is not None and not isinstance(follows, str):
            raise ValidationError(f"{p}follows", "must be a partnership id or null")
        partnership = cls(
            id=pid,
            mentor=data["mentor"],
            mentee=data["mentee"],
            programme=_text(data, "programme", p, limit=MAX_NAME_LENGTH),
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            agreed_duration=_text(data, "agreed_duration", p, limit=MAX_NAME_LENGTH),
            status=data.get("status", "active"),
            guide=_guide(data.get("guide"), f"{p}guide"),
            follows=follows,
            goals=goals,
            meetings=meetings,
            close=Close.from_dict(data.get("close", {}), f"{p}close"),
            timer=TimerState.from_dict(data.get("timer", {}), f"{p}timer"),
            created_at=check_timestamp(data.get("created_at", now_iso()), f"{p}created_at"),
            updated_at=check_timestamp(data.get("updated_at", now_iso()), f"{p}updated_at"),
            closed_at=closed_at,
            history=history,
        )
        try:
            partnership.validate()
        except ValidationError as error:
            if p and not error.field.startswith(p):
                raise ValidationError(f"{p}{error.field}", error.reason) from None
            raise
        return partnership

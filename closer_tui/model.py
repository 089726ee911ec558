"""The record of a mentoring partnership: plain dataclasses with validation.

Nothing here touches the disk or Textual. Every record converts to and from a
plain dict (``to_dict`` / ``from_dict``); ``from_dict`` is strict and names the
field that is wrong, because that dict is also the import format.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import field
from typing import Any, NamedTuple

from .control_characters import first_control_character
from .errors import CloserError
from .method import ANSWER_KINDS, PARTNERS, Guide, GuideDataError, bundled_guide, default_guide
from .records import record

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
# What a follow-on partnership may carry on with: every goal not met as it was set (changed ones too).
GOALS_TO_CARRY = ("open", "partly", "not_achieved", "changed")
# The outcomes people explain: what changed (something did), and why not (it fell short).
ASKS_WHAT_CHANGED = ("achieved", "exceeded", "partly", "changed")
ASKS_WHY_NOT = ("partly", "not_achieved")
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
#: Who carries an action agreed in Next steps.
ACTION_OWNERS = ("mentee", "mentor", "both")
#: How the story names the pair: "Sam Rivera", "Sam", "S. R." or "the mentee".
STORY_VARIANTS = ("full", "first", "initials", "roles")
STORY_VARIANT_LABELS = {
    "full": "full names",
    "first": "first names",
    "initials": "initials",
    "roles": "roles only",
}
STORY_PARTNERS = ("mentor", "mentee")

MAX_NAME_LENGTH = 200
MAX_LINE_LENGTH = 2_000
# Generous: a pasted document is fine, a runaway paste of a disk image is not.
MAX_NOTE_LENGTH = 5_000_000

# How much one record may hold: enough for any real partnership, little enough that opening,
# saving and exporting the largest one stays fast (50,000 goals took 20 s to open).
MAX_GOALS = 200
MAX_MEETINGS = 2_000
MAX_HISTORY = 1_000  # status changes
MAX_STAGES = 20  # in a guide, and so stage notes and timer entries
MAX_PROMPTS = 500  # in a guide, and so prompts discussed
MAX_ACTIONS = 100  # agreed in Next steps: a page of them is already more than a pair can follow up
MAX_CHECK_INS = 12  # stay-in-touch dates: one a month for a year
MAX_SECONDS = 10**9  # any time budget or time used (about 31 years)
MAX_EPOCH_SECONDS = 10**11  # a wall-clock time (the year 5138)
MAX_JSON_DEPTH = 32  # levels of nesting in a file (a record uses about 8)
MAX_INT_DIGITS = 30  # in any whole number of a file

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


class JSONDataError(CloserError, ValueError):
    """A file's text cannot be taken as JSON (the message says why, in one line; no field yet)."""


class LongNumber:
    """Where a file holds an integer of more than MAX_INT_DIGITS digits: kept in its place so that
    the error can name its field (Python refuses to read one of 4,300 digits, in no field)."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"<a number of {self.digits:,} digits>"


_DIGITS_ONLY = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))  # each digit a 0, the rest blank
_LONG_RUN = b"0" * (MAX_INT_DIGITS + 1)


def _parse_int(text: str) -> int | LongNumber:
    return int(text) if len(text) <= MAX_INT_DIGITS else LongNumber(len(text))


def has_long_digit_run(raw: bytes) -> bool:
    """Whether ``raw`` holds more than MAX_INT_DIGITS digits in a row anywhere (in a number or not)."""
    return raw.translate(_DIGITS_ONLY).find(_LONG_RUN) >= 0


def parse_json(text: str, *, long_numbers: bool = True) -> Any:
    """``json.loads``, with every way it can fail said in one line.

    An integer of more than MAX_INT_DIGITS digits is read as a :class:`LongNumber`. That costs a
    Python call for every integer (60,000 in the index of 10,000 partnerships): a caller that has
    checked the file's bytes with :func:`has_long_digit_run` passes ``long_numbers=False`` to skip it."""
    try:
        return json.loads(text, parse_int=_parse_int if long_numbers else None)
    except json.JSONDecodeError as error:
        raise JSONDataError(f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
    except RecursionError:
        raise JSONDataError(f"nested too deeply (closer reads up to {MAX_JSON_DEPTH} levels)") from None
    except ValueError as error:  # an integer of more than 4,300 digits
        raise JSONDataError(f"not valid JSON for closer: {str(error).split(':')[0]}") from None


def check_json_values(value: Any, where: str = "") -> None:
    """Refuse what JSON can hold and no record may: nesting past MAX_JSON_DEPTH, NaN and infinite
    numbers (NaN, Infinity, 1e309), over-long integers, text that is not valid Unicode (lone
    surrogates, keys too). The error names the field, as ``from_dict`` would
    (``partnerships[0].timer.used.evaluate``): found by a quick pass, named by a second one."""
    if _all_plain(value):
        return
    stack: list[tuple[Any, str, int]] = [(value, where, 0)]
    while stack:
        item, path, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise ValidationError(path or "document", f"is nested more than {MAX_JSON_DEPTH} levels deep")
        if isinstance(item, dict):
            if not all(map(is_valid_text, item)):
                raise ValidationError(path or "document", "has a key that is not valid text")
            stack.extend((child, f"{path}.{key}" if path else str(key), depth + 1) for key, child in item.items())
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{i}]", depth + 1) for i, child in enumerate(item))
        elif not _is_plain(item):
            if isinstance(item, LongNumber):
                raise ValidationError(path or "document", f"is a number of {item.digits:,} digits; closer takes at most {MAX_INT_DIGITS}")
            if isinstance(item, float):
                raise ValidationError(path or "document", f"{item} is not a number closer can store")
            raise ValidationError(path or "document", "contains a character that is not valid text")


def _all_plain(value: Any) -> bool:
    """True when nothing in ``value`` breaks the rules of :func:`check_json_values` (no paths kept)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return False
        kind = type(item)
        if kind is dict:
            if not all(map(is_valid_text, item)):
                return False
            stack.extend((child, depth + 1) for child in item.values() if type(child) in _CONTAINERS or not _is_plain(child))
        elif kind is list:
            stack.extend((child, depth + 1) for child in item if type(child) in _CONTAINERS or not _is_plain(child))
        elif not _is_plain(item):
            return False
    return True


_CONTAINERS = (dict, list)


def _is_plain(item: Any) -> bool:
    """A leaf a record may hold: text that is valid Unicode, a finite number, true, false, null."""
    kind = type(item)
    if kind is str:
        return item.isascii() or is_valid_text(item)
    if kind is float:
        return math.isfinite(item)
    return kind is int or kind is bool or item is None


def is_valid_text(value: str) -> bool:
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown(value: Any, limit: int = 40) -> str:
    """A value quoted in an error message: its repr, cut short (it may be a megabyte of anything)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


def new_id(length: int = ID_LENGTH) -> str:
    import secrets  # hashlib and OpenSSL with it: only when a partnership is made, not at every start

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


def _optional_text(data: dict, key: str, where: str, *, limit: int = MAX_NOTE_LENGTH) -> str | None:
    value = data.get(key)
    return None if value is None else check_text(value, f"{where}{key}", limit)


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
        raise ValidationError(field_name, f"{shown(value)} is not a closer id (letters and digits, like 'k7m2qx')")
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
        raise ValidationError(field_name, f"{shown(value)} is not an ISO 8601 date like 2026-03-01") from None


def check_when(value: Any, field_name: str) -> str:
    """A follow-up's day ("2026-09-01"), or day and time of day ("2026-09-01T14:00", a wall-clock
    time: the calendar file places it in the user's time zone)."""
    if not isinstance(value, str):
        raise ValidationError(field_name, f"must be a date like 2026-09-01, or a date and time like 2026-09-01T14:00, not {shown(value)}")
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
        moment = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is not None or len(text) not in (16, 19):
        raise ValidationError(field_name, f"{shown(value)} is not a date like 2026-09-01, or a date and time like 2026-09-01T14:00")
    return moment.isoformat(timespec="minutes")


def _when_list(data: dict, key: str, where: str, maximum: int) -> list[str]:
    values = _list(data, key, where)
    check_length(values, f"{where}{key}", maximum, "dates")
    return [check_when(value, f"{where}{key}[{i}]") for i, value in enumerate(values)]


def check_timestamp(value: Any, field_name: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(field_name, "must be an ISO 8601 timestamp")
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(field_name, f"{shown(value)} is not an ISO 8601 timestamp") from None
    return value


def check_choice(value: Any, choices: tuple[str, ...], field_name: str) -> str:
    if value not in choices:
        raise ValidationError(field_name, f"{shown(value)} is not one of: {', '.join(choices)}")
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


def check_count(value: Any, field_name: str, maximum: int) -> int:
    """A whole number from 0 to ``maximum``: 2 and 2.0 are, 1.9, -1, NaN, 1e309 and "2" are not."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise ValidationError(field_name, f"must be a whole number from 0 to {maximum:,}, not {shown(value)}")
    return value


def check_seconds(value: Any, field_name: str, maximum: int = MAX_SECONDS) -> float:
    """A number of seconds from 0 to ``maximum`` (not NaN, not infinite)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= maximum:
        raise ValidationError(field_name, f"must be a number of seconds from 0 to {maximum:,}, not {shown(value)}")
    return value


def check_length(items: list | dict, field_name: str, maximum: int, what: str) -> None:
    if len(items) > maximum:
        raise ValidationError(field_name, f"holds {len(items):,} {what}; the limit is {maximum:,}")


def _int(data: dict, key: str, where: str, default: int = 0, maximum: int = MAX_SECONDS) -> int:
    return check_count(data.get(key, default), f"{where}{key}", maximum)


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
    _check_guide_data(value, field_name)
    try:
        return Guide.from_dict(value)
    except GuideDataError as error:
        raise ValidationError(field_name, str(error)) from None


def _check_guide_data(data: Any, where: str) -> None:
    """Every value of a stored guide of the type and size it must be, before it is built: a list
    where a stage's name goes is refused, not turned into the text "['a']"."""
    data = _dict(data, where)
    _name_field(data, "name", where)
    if "title" in data:
        _name_field(data, "title", where)
    sources = data.get("sources", {})
    if not isinstance(sources, dict):
        raise ValidationError(f"{where}.sources", "must map each source's name to its reference")
    for key in sources:
        check_name(key, f"{where}.sources")
        check_text(sources[key], f"{where}.sources.{key}", MAX_LINE_LENGTH)
    stages = _list(data, "stages", f"{where}.")
    check_length(stages, f"{where}.stages", MAX_STAGES, "stages")
    prompts_in_all = 0
    for i, stage in enumerate(stages):
        at = f"{where}.stages[{i}]"
        stage = _dict(stage, at)
        _name_field(stage, "key", at)
        _name_field(stage, "title", at)
        _text(stage, "purpose", f"{at}.")
        check_count(stage.get("budget_seconds"), f"{at}.budget_seconds", MAX_SECONDS)
        prompts = _list(stage, "prompts", f"{at}.")
        prompts_in_all += len(prompts)
        check_length(prompts, f"{at}.prompts", MAX_PROMPTS, "prompts")
        for j, prompt in enumerate(prompts):
            prompt = _dict(prompt, f"{at}.prompts[{j}]")
            _name_field(prompt, "id", f"{at}.prompts[{j}]")
            _text(prompt, "text", f"{at}.prompts[{j}].", limit=MAX_LINE_LENGTH)
            for k, source in enumerate(_list(prompt, "sources", f"{at}.prompts[{j}].")):
                if not isinstance(source, str):
                    raise ValidationError(f"{at}.prompts[{j}].sources[{k}]", "must be text")
                check_name(source, f"{at}.prompts[{j}].sources[{k}]")
            if prompt.get("prepare") is not None:
                _check_prepare_data(prompt["prepare"], f"{at}.prompts[{j}].prepare")
    if prompts_in_all > MAX_PROMPTS:
        raise ValidationError(f"{where}.stages", f"hold {prompts_in_all:,} prompts; the limit is {MAX_PROMPTS:,}")


def _check_prepare_data(data: Any, where: str) -> None:
    """A prompt's question on the partners' reflection sheets: one line of text, and who and how."""
    data = _dict(data, where)
    _name_field(data, "text", where)
    _bool(data, "for_each_goal", f"{where}.")
    who = _list(data, "who", f"{where}.") if "who" in data else list(PARTNERS)
    if not who or not all(w in PARTNERS for w in who):
        raise ValidationError(f"{where}.who", f"must list one or both of: {', '.join(PARTNERS)}")
    check_choice(data.get("answer", "text"), ANSWER_KINDS, f"{where}.answer")


def _name_field(data: dict, key: str, where: str) -> str:
    """A required one-line name (a stage's key, a prompt's id) that is text."""
    value = data.get(key)
    if not isinstance(value, str):
        raise ValidationError(f"{where}.{key}", "is required (text)")
    return check_person(value, f"{where}.{key}")


# --- records ----------------------------------------------------------------


@record
class Goal:
    """A goal of the partnership, and how each partner judges its outcome at the close."""

    text: str
    owner: str = "mentee"
    status: str = "open"
    not_met_reason: str = ""
    what_changed: str = ""
    mentor_view: str = ""  # how the mentor sees the outcome, in words
    mentee_view: str = ""
    id: str = field(default_factory=lambda: new_id(4))
    partly_reason: str = ""  # why a partly achieved goal got only part of the way
    mentor_outcome: str = ""  # the status as the mentor sees it ("" until they say)
    mentee_outcome: str = ""

    def validate(self, where: str = "goal") -> None:
        check_text(self.text, f"{where}.text", MAX_LINE_LENGTH)
        if not self.text.strip():
            raise ValidationError(f"{where}.text", "must not be blank")
        for name in ("not_met_reason", "what_changed", "mentor_view", "mentee_view", "partly_reason"):
            check_text(getattr(self, name), f"{where}.{name}")
        check_choice(self.owner, GOAL_OWNERS, f"{where}.owner")
        check_choice(self.status, GOAL_STATUSES, f"{where}.status")
        for partner in PARTNERS:
            outcome = self.outcome_of(partner)
            if outcome and outcome not in GOAL_STATUSES:
                raise ValidationError(f"{where}.{partner}_outcome", f"{shown(outcome)} is not one of: {', '.join(GOAL_STATUSES)} (or empty)")
        if self.status == "not_achieved" and not self.not_met_reason.strip():
            raise ValidationError(f"{where}.not_met_reason", "say why a goal was not achieved")

    @property
    def is_met(self) -> bool:
        return self.status in GOALS_MET

    def outcome_of(self, partner: str) -> str:
        """The status as ``partner`` (mentor or mentee) sees it; "" if they have not said."""
        return self.mentor_outcome if partner == "mentor" else self.mentee_outcome

    def view_of(self, partner: str) -> str:
        return self.mentor_view if partner == "mentor" else self.mentee_view

    @property
    def views_differ(self) -> bool:
        """Both partners said how far the goal got, and they do not see it the same."""
        return bool(self.mentor_outcome and self.mentee_outcome and self.mentor_outcome != self.mentee_outcome)

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
            "partly_reason": self.partly_reason,
            "mentor_outcome": self.mentor_outcome,
            "mentee_outcome": self.mentee_outcome,
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
            partly_reason=_text(data, "partly_reason", p),
            mentor_outcome=_text(data, "mentor_outcome", p, limit=MAX_NAME_LENGTH),
            mentee_outcome=_text(data, "mentee_outcome", p, limit=MAX_NAME_LENGTH),
        )
        goal.validate(where)
        return goal


@record
class Preparation:
    """One partner's answers to the closing questions, written on their own before the close (their
    reflection sheet, read by prep_sheet.py). Each answer is Markdown, keyed by the guide's prompt.
    How they see each goal's outcome is kept on the goal (``mentor_outcome``, ``mentor_view``...)."""

    answers: dict[str, str] = field(default_factory=dict)  # prompt id -> answer, on the partnership as a whole
    goal_answers: dict[str, dict[str, str]] = field(default_factory=dict)  # goal id -> prompt id -> answer
    other: str = ""  # anything else they wrote, and what their sheet held that closer could not place
    read_at: str | None = None  # when their sheet was last read

    @property
    def is_empty(self) -> bool:
        return not (self.answers or self.goal_answers or self.other or self.read_at)

    def validate(self, where: str = "preparation") -> None:
        check_length(self.answers, f"{where}.answers", MAX_PROMPTS, "answers")
        check_length(self.goal_answers, f"{where}.goal_answers", MAX_GOALS, "goals")
        for prompt_id, answer in self.answers.items():
            check_name(prompt_id, f"{where}.answers")
            check_text(answer, f"{where}.answers.{prompt_id}")
        for goal_id, answers in self.goal_answers.items():
            check_name(goal_id, f"{where}.goal_answers")
            check_length(answers, f"{where}.goal_answers.{goal_id}", MAX_PROMPTS, "answers")
            for prompt_id, answer in answers.items():
                check_name(prompt_id, f"{where}.goal_answers.{goal_id}")
                check_text(answer, f"{where}.goal_answers.{goal_id}.{prompt_id}")
        check_text(self.other, f"{where}.other")
        if self.read_at is not None:
            check_timestamp(self.read_at, f"{where}.read_at")

    def to_dict(self) -> dict:
        return {
            "answers": dict(self.answers),
            "goal_answers": {goal_id: dict(answers) for goal_id, answers in self.goal_answers.items()},
            "other": self.other,
            "read_at": self.read_at,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "preparation") -> Preparation:
        data = _dict(data, where)
        p = f"{where}."
        answers = _text_map(data.get("answers", {}), f"{p}answers", MAX_PROMPTS, "answers")
        goal_answers_data = data.get("goal_answers", {})
        if not isinstance(goal_answers_data, dict):
            raise ValidationError(f"{p}goal_answers", "must map goal ids to answers")
        check_length(goal_answers_data, f"{p}goal_answers", MAX_GOALS, "goals")
        goal_answers = {
            str(goal_id): _text_map(answers, f"{p}goal_answers.{goal_id}", MAX_PROMPTS, "answers")
            for goal_id, answers in goal_answers_data.items()
        }
        read_at = data.get("read_at")
        preparation = cls(answers=answers, goal_answers=goal_answers, other=_text(data, "other", p), read_at=read_at)
        preparation.validate(where)
        return preparation


def _text_map(data: Any, where: str, limit: int, what: str) -> dict[str, str]:
    """An object of texts by key (a prompt's id -> its answer)."""
    if not isinstance(data, dict):
        raise ValidationError(where, "must map prompt ids to answers")
    check_length(data, where, limit, what)
    return {check_name(str(key), where): check_text(value, f"{where}.{key}") for key, value in data.items()}


@record
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


def new_meeting(notes: str, date: str | None = None, milestone: bool = False) -> Meeting:
    """A session log entry checked as ``closer log`` and the app's session log check it: a real
    date (today when none is given), notes that can be stored, milestone yes or no."""
    if not isinstance(milestone, bool):
        raise ValidationError("milestone", "must be true or false")
    meeting = Meeting(date=check_date(date or today_iso(), "date", required=True) or "", notes=notes, milestone=milestone)
    check_text(meeting.notes, "notes")
    return meeting


@record
class Action:
    """Something agreed in Next steps for after the close: what, who carries it, by when, for which goal."""

    text: str
    owner: str = "mentee"
    due: str | None = None  # an ISO date
    goal_id: str | None = None  # the goal it serves, if one
    done: bool = False
    carried_from: str | None = None  # the id of the action it continues, in the partnership this one follows
    id: str = field(default_factory=lambda: new_id(4))

    def validate(self, where: str = "action") -> None:
        check_id(self.id, f"{where}.id")
        check_text(self.text, f"{where}.text", MAX_LINE_LENGTH)
        if not self.text.strip():
            raise ValidationError(f"{where}.text", "must not be blank")
        check_choice(self.owner, ACTION_OWNERS, f"{where}.owner")
        self.due = check_date(self.due, f"{where}.due")
        if self.goal_id is not None:
            check_text(self.goal_id, f"{where}.goal_id", 40)
        if not isinstance(self.done, bool):
            raise ValidationError(f"{where}.done", "must be true or false")
        if self.carried_from is not None:
            check_id(self.carried_from, f"{where}.carried_from")

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "owner": self.owner,
            "due": self.due,
            "goal_id": self.goal_id,
            "done": self.done,
            "carried_from": self.carried_from,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "action") -> Action:
        data = _dict(data, where)
        p = f"{where}."
        action = cls(
            id=check_id(data["id"], f"{p}id") if data.get("id") is not None else new_id(4),
            text=_text(data, "text", p, limit=MAX_LINE_LENGTH),
            owner=data.get("owner", "mentee"),
            due=data.get("due"),
            goal_id=_optional_text(data, "goal_id", p, limit=40),
            done=_bool(data, "done", p),
            carried_from=data.get("carried_from"),
        )
        action.validate(where)
        return action


@record
class Consent:
    """One partner's answer to sharing the story: yes or no, when, and for which way of naming them."""

    given: bool
    at: str  # an ISO 8601 timestamp
    variant: str  # the story they were shown (one of STORY_VARIANTS)

    def validate(self, where: str) -> None:
        if not isinstance(self.given, bool):
            raise ValidationError(f"{where}.given", "must be true or false")
        check_timestamp(self.at, f"{where}.at")
        check_choice(self.variant, STORY_VARIANTS, f"{where}.variant")

    def to_dict(self) -> dict:
        return {"given": self.given, "at": self.at, "variant": self.variant}

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Consent:
        data = _dict(data, where)
        consent = cls(given=data.get("given"), at=data.get("at"), variant=data.get("variant"))
        consent.validate(where)
        return consent


@record
class StoryConsent:
    """The shareable story: how it names the pair, and each partner's consent (None: not asked yet)."""

    variant: str = "full"
    mentor: Consent | None = None
    mentee: Consent | None = None

    def validate(self, where: str = "story") -> None:
        check_choice(self.variant, STORY_VARIANTS, f"{where}.variant")
        for who in STORY_PARTNERS:
            consent = getattr(self, who)
            if consent is not None:
                consent.validate(f"{where}.{who}")

    def agreed(self, who: str) -> bool:
        """Whether ``who`` said yes to the story as it is now named."""
        consent = getattr(self, who)
        return consent is not None and consent.given and consent.variant == self.variant

    def to_dict(self) -> dict:
        return {
            "variant": self.variant,
            "mentor": self.mentor.to_dict() if self.mentor else None,
            "mentee": self.mentee.to_dict() if self.mentee else None,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "story") -> StoryConsent:
        data = _dict(data, where)
        story = cls(
            variant=data.get("variant", "full"),
            **{who: Consent.from_dict(data[who], f"{where}.{who}") if data.get(who) is not None else None for who in STORY_PARTNERS},
        )
        story.validate(where)
        return story


@record
class Extension:
    """At most two extra meetings, and only when both partners agree (END guide)."""

    extra_meetings: int = 0
    mentor_agrees: bool = False
    mentee_agrees: bool = False
    meeting_dates: list[str] = field(default_factory=list)  # when the extra meetings are, as agreed (see check_when)

    def validate(self, where: str = "extension") -> None:
        if not 0 <= self.extra_meetings <= MAX_EXTRA_MEETINGS:
            raise ValidationError(
                f"{where}.extra_meetings",
                f"an extension is at most {MAX_EXTRA_MEETINGS} extra meetings, not {self.extra_meetings}",
            )
        if self.extra_meetings and not (self.mentor_agrees and self.mentee_agrees):
            raise ValidationError(f"{where}", "an extension needs both the mentor and the mentee to agree")
        if len(self.meeting_dates) > self.extra_meetings:
            agreed = f"{self.extra_meetings} extra meeting{'s' if self.extra_meetings != 1 else ''}" if self.extra_meetings else "no extra meeting"
            dates = f"{len(self.meeting_dates)} date{'s' if len(self.meeting_dates) != 1 else ''}"
            raise ValidationError(f"{where}.meeting_dates", f"gives {dates} for {agreed}")
        self.meeting_dates = [check_when(when, f"{where}.meeting_dates[{i}]") for i, when in enumerate(self.meeting_dates)]

    def to_dict(self) -> dict:
        return {
            "extra_meetings": self.extra_meetings,
            "mentor_agrees": self.mentor_agrees,
            "mentee_agrees": self.mentee_agrees,
            "meeting_dates": list(self.meeting_dates),
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "extension") -> Extension:
        data = _dict(data, where)
        p = f"{where}."
        ext = cls(
            extra_meetings=_int(data, "extra_meetings", p, maximum=MAX_EXTRA_MEETINGS),
            mentor_agrees=_bool(data, "mentor_agrees", p),
            mentee_agrees=_bool(data, "mentee_agrees", p),
            meeting_dates=_when_list(data, "meeting_dates", p, MAX_EXTRA_MEETINGS),
        )
        ext.validate(where)
        return ext


@record
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
            if not isinstance(mapping, dict):
                raise ValidationError(f"{where}.{name}", "must map stage names to seconds")
            check_length(mapping, f"{where}.{name}", MAX_STAGES, "stages")
            for stage, seconds in mapping.items():
                check_encodable(stage, f"{where}.{name}")
                check_seconds(seconds, f"{where}.{name}.{stage}")
        running_since = data.get("running_since")
        if running_since is not None:
            check_seconds(running_since, f"{where}.running_since", MAX_EPOCH_SECONDS)
        stage = data.get("stage", "evaluate")
        if not isinstance(stage, str):
            raise ValidationError(f"{where}.stage", "must be a stage name")
        return cls(
            budgets={k: int(v) for k, v in budgets.items()},
            used={k: float(v) for k, v in used.items()},
            stage=stage,
            running_since=running_since,
        )


class CloseField(NamedTuple):
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


@record
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
    prompt_cursor: str | None = None  # the prompt id under the facilitator's cursor, for the audience view
    actions: list[Action] = field(default_factory=list)  # agreed in Next steps
    check_ins: list[str] = field(default_factory=list)  # stay-in-touch dates (see check_when)
    celebration_date: str | None = None  # when the celebration is (see check_when)

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
        check_length(self.actions, f"{where}.actions", MAX_ACTIONS, "actions")
        for i, action in enumerate(self.actions):
            action.validate(f"{where}.actions[{i}]")
        if len({a.id for a in self.actions}) != len(self.actions):
            raise ValidationError(f"{where}.actions", "two actions share an id")
        check_length(self.check_ins, f"{where}.check_ins", MAX_CHECK_INS, "dates")
        self.check_ins = [check_when(when, f"{where}.check_ins[{i}]") for i, when in enumerate(self.check_ins)]
        if self.celebration_date is not None:
            self.celebration_date = check_when(self.celebration_date, f"{where}.celebration_date")

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
            "prompt_cursor": self.prompt_cursor,
            "actions": [a.to_dict() for a in self.actions],
            "check_ins": list(self.check_ins),
            "celebration_date": self.celebration_date,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "close") -> Close:
        data = _dict(data, where)
        p = f"{where}."
        stage_notes = data.get("stage_notes", {})
        if not isinstance(stage_notes, dict):
            raise ValidationError(f"{p}stage_notes", "must map stage names to notes")
        check_length(stage_notes, f"{p}stage_notes", MAX_STAGES, "stages")
        for stage in stage_notes:
            check_name(stage, f"{p}stage_notes")  # a stage's name: one line of valid text
        notes = {str(k): _text(stage_notes, k, f"{p}stage_notes.") for k in stage_notes}
        prompts = _list(data, "prompts_discussed", p)
        check_length(prompts, f"{p}prompts_discussed", MAX_PROMPTS, "prompts")
        if not all(isinstance(x, str) and len(x) <= MAX_NAME_LENGTH and is_valid_text(x) for x in prompts):
            raise ValidationError(f"{p}prompts_discussed", "must be a list of prompt ids")
        gifts = _list(data, "gifts_acknowledged", p)
        if not all(isinstance(x, str) for x in gifts):
            raise ValidationError(f"{p}gifts_acknowledged", f"must be a list of: {', '.join(GIFTS)}")
        end_reason = data.get("end_reason")
        raw_actions = _list(data, "actions", p)
        check_length(raw_actions, f"{p}actions", MAX_ACTIONS, "actions")
        celebration_date = data.get("celebration_date")
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
            prompt_cursor=_optional_text(data, "prompt_cursor", p, limit=MAX_NAME_LENGTH),
            actions=[Action.from_dict(a, f"{p}actions[{i}]") for i, a in enumerate(raw_actions)],
            check_ins=_when_list(data, "check_ins", p, MAX_CHECK_INS),
            celebration_date=None if celebration_date is None else check_when(celebration_date, f"{p}celebration_date"),
        )
        close.validate(where)
        return close


@record
class StatusChange:
    """A change of a partnership's status, when it was made (and a goal taken off, if that was the change)."""

    status: str
    at: str
    removed_goal: Goal | None = None  # a goal taken off the partnership, kept here as it was

    def to_dict(self) -> dict:
        data: dict = {"status": self.status, "at": self.at}
        if self.removed_goal is not None:
            data["removed_goal"] = self.removed_goal.to_dict()
        return data


@record
class Partnership:
    """The whole record of one mentoring partnership: its people, goals, meetings, actions and close."""

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
    followed_by: str | None = None  # id of the follow-on partnership started from this one
    story: StoryConsent = field(default_factory=StoryConsent)  # how the story names them, and their consent
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    closed_at: str | None = None
    history: list[StatusChange] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    #: each partner's answers from their reflection sheet ("mentor", "mentee" -> Preparation)
    preparation: dict[str, Preparation] = field(default_factory=lambda: {partner: Preparation() for partner in PARTNERS})

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
        for name in ("follows", "followed_by"):
            linked = getattr(self, name)
            if linked is not None and check_id(linked, name) == self.id:
                raise ValidationError(name, "cannot be the partnership itself")
        self.mentor = check_person(self.mentor, "mentor")
        self.mentee = check_person(self.mentee, "mentee")
        self.programme = check_name(self.programme, "programme")
        self.agreed_duration = check_name(self.agreed_duration, "agreed_duration")
        self.start_date = check_date(self.start_date, "start_date", required=True) or ""
        self.end_date = check_date(self.end_date, "end_date")
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError("end_date", "is before the start date")
        check_choice(self.status, PARTNERSHIP_STATUSES, "status")
        check_length(self.goals, "goals", MAX_GOALS, "goals")
        check_length(self.meetings, "meetings", MAX_MEETINGS, "meetings")
        for i, goal in enumerate(self.goals):
            goal.validate(f"goals[{i}]")
        if len({g.id for g in self.goals}) != len(self.goals):
            raise ValidationError("goals", "two goals share an id")
        for i, meeting in enumerate(self.meetings):
            meeting.validate(f"meetings[{i}]")
        self.close.validate("close")
        if set(self.preparation) != set(PARTNERS):
            raise ValidationError("preparation", f"must hold the answers of each of: {', '.join(PARTNERS)}")
        for partner, preparation in self.preparation.items():
            preparation.validate(f"preparation.{partner}")
        self.story.validate("story")

    def set_status(self, status: str) -> None:
        check_choice(status, PARTNERSHIP_STATUSES, "status")
        if status == self.status:
            return
        at = now_iso()
        self.status = status
        self.history.append(StatusChange(status, at))
        self.closed_at = at if status == "closed" else None

    def add_meeting(self, notes: str, date: str | None = None, milestone: bool = False) -> Meeting:
        """Log a meeting (today's when no date is given), checked before the log changes."""
        meeting = new_meeting(notes, date, milestone)
        if len(self.meetings) >= MAX_MEETINGS:
            raise ValidationError("meetings", f"holds {len(self.meetings):,} meetings already; the limit is {MAX_MEETINGS:,}")
        self.meetings.append(meeting)
        self.meetings.sort(key=lambda m: m.date)  # stable: meetings of one day keep the order they were logged in
        return meeting

    def edit_meeting(self, index: int, notes: str, date: str | None = None, milestone: bool = False) -> Meeting:
        """Replace the meeting at ``index`` in the log (as listed: by date), checked before the log changes."""
        self._meeting_at(index)
        meeting = new_meeting(notes, date, milestone)
        self.meetings[index] = meeting
        self.meetings.sort(key=lambda m: m.date)
        return meeting

    def remove_meeting(self, index: int) -> Meeting:
        """Take the meeting at ``index`` off the log, and return it."""
        self._meeting_at(index)
        return self.meetings.pop(index)

    def _meeting_at(self, index: int) -> Meeting:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(self.meetings):
            count = len(self.meetings)
            raise ValidationError("meeting", f"there is no meeting {shown(index)} in the log (it holds {count})")
        return self.meetings[index]

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
            "followed_by": self.followed_by,
            "goals": [g.to_dict() for g in self.goals],
            "meetings": [m.to_dict() for m in self.meetings],
            "close": self.close.to_dict(),
            "timer": self.timer.to_dict(),
            "story": self.story.to_dict(),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "closed_at": self.closed_at,
            "history": [h.to_dict() for h in self.history],
            "preparation": {partner: self.preparation[partner].to_dict() for partner in PARTNERS},
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "") -> Partnership:
        data = _dict(data, where or "partnership")
        p = f"{where}." if where else ""
        pid = check_id(data.get("id"), f"{p}id")
        for key in ("mentor", "mentee"):
            if not isinstance(data.get(key), str):
                raise ValidationError(f"{p}{key}", "is required (a name)")
        # The limits first: a record of 50,000 goals is refused before any of them is built.
        raw_goals, raw_meetings, raw_history = _list(data, "goals", p), _list(data, "meetings", p), _list(data, "history", p)
        check_length(raw_goals, f"{p}goals", MAX_GOALS, "goals")
        check_length(raw_meetings, f"{p}meetings", MAX_MEETINGS, "meetings")
        check_length(raw_history, f"{p}history", MAX_HISTORY, "status changes")
        goals = [Goal.from_dict(g, f"{p}goals[{i}]") for i, g in enumerate(raw_goals)]
        meetings = [Meeting.from_dict(m, f"{p}meetings[{i}]") for i, m in enumerate(raw_meetings)]
        history = []
        for i, h in enumerate(raw_history):
            h = _dict(h, f"{p}history[{i}]")
            history.append(
                StatusChange(
                    check_choice(h.get("status"), PARTNERSHIP_STATUSES, f"{p}history[{i}].status"),
                    check_timestamp(h.get("at"), f"{p}history[{i}].at"),
                    Goal.from_dict(h["removed_goal"], f"{p}history[{i}].removed_goal") if h.get("removed_goal") is not None else None,
                )
            )
        closed_at = data.get("closed_at")
        if closed_at is not None:
            check_timestamp(closed_at, f"{p}closed_at")
        follows, followed_by = data.get("follows"), data.get("followed_by")
        if follows is not None:
            check_id(follows, f"{p}follows")
        if followed_by is not None:
            check_id(followed_by, f"{p}followed_by")
        preparation = _dict(data.get("preparation") or {}, f"{p}preparation")
        unknown = set(preparation) - set(PARTNERS)
        if unknown:
            raise ValidationError(f"{p}preparation", f"{shown(sorted(unknown)[0])} is not one of: {', '.join(PARTNERS)}")
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
            followed_by=followed_by,
            goals=goals,
            meetings=meetings,
            close=Close.from_dict(data.get("close", {}), f"{p}close"),
            timer=TimerState.from_dict(data.get("timer", {}), f"{p}timer"),
            story=StoryConsent.from_dict({} if data.get("story") is None else data["story"], f"{p}story"),
            created_at=check_timestamp(data.get("created_at", now_iso()), f"{p}created_at"),
            updated_at=check_timestamp(data.get("updated_at", now_iso()), f"{p}updated_at"),
            closed_at=closed_at,
            history=history,
            preparation={
                partner: Preparation.from_dict(preparation.get(partner) or {}, f"{p}preparation.{partner}") for partner in PARTNERS
            },
        )
        try:
            partnership.validate()
        except ValidationError as error:
            if p and not error.field.startswith(p):
                raise ValidationError(f"{p}{error.field}", error.reason) from None
            raise
        return partnership


#: A partnership's details, which can be corrected after it started, named as a person would.
DETAIL_LABELS = {
    "mentor": "Mentor",
    "mentee": "Mentee",
    "programme": "Programme",
    "start_date": "Start date",
    "end_date": "Agreed end date",
    "agreed_duration": "Agreed duration",
}


def details_problems(details: dict[str, str | None]) -> dict[str, str]:
    """Every rule the given details break, all at once (a form shows each beside its field):
    field -> what is wrong, in words. Empty when all is well. Fields not given are not checked."""
    checks = {
        "mentor": lambda value: check_person(value or "", "mentor"),
        "mentee": lambda value: check_person(value or "", "mentee"),
        "programme": lambda value: check_name(value or "", "programme"),
        "agreed_duration": lambda value: check_name(value or "", "agreed_duration"),
        "start_date": lambda value: check_date(value, "start_date", required=True),
        "end_date": lambda value: check_date(value, "end_date"),
    }
    problems: dict[str, str] = {}
    checked: dict[str, object] = {}
    for name, value in details.items():
        try:
            checked[name] = checks[name](value)
        except ValidationError as error:
            is_date = name.endswith("_date") and value and str(value).strip()
            problems[name] = "is not a date like 2026-03-01" if is_date else error.reason
    start, end = checked.get("start_date"), checked.get("end_date")
    if isinstance(start, str) and isinstance(end, str) and end < start:
        problems["end_date"] = "is before the start date"
    return problems


def correct_details(partnership: Partnership, details: dict[str, str | None]) -> None:
    """Correct a partnership's details (names, programme, dates, agreed duration) with the rules of a
    new one; every problem at once in a ValidationError, and then nothing is changed."""
    unknown = set(details) - set(DETAIL_LABELS)
    if unknown:
        raise ValidationError("details", f"cannot be corrected here: {', '.join(sorted(unknown))}")
    merged = {name: getattr(partnership, name) for name in DETAIL_LABELS} | details
    problems = details_problems(merged)
    if problems:
        raise ValidationError("details", "; ".join(f"{DETAIL_LABELS[name]} {reason}" for name, reason in problems.items()))
    for name in details:
        value = merged[name]
        setattr(partnership, name, value.strip() if isinstance(value, str) else value)
    partnership.end_date = partnership.end_date or None
    partnership.validate()

"""What the audience view shows, read from one partnership's file: nothing private, nothing else.

The audience view (``closer present ID``) runs in its own process for the facilitator
to share. It reads exactly one record file, never the index or another partnership,
never takes the writer lock and never writes. The private facilitator notes are
dropped from the raw record before it is even turned into a :class:`Partnership`,
so no object in the audience process ever holds them. No Textual here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .actions import OWNER_WORDS
from .errors import CloserError
from .follow_ups import when_text
from .listing import STATUS_SYMBOLS
from .model import GOAL_STATUS_LABELS, Partnership, check_id
from .store.errors import NotFoundError
from .store.datafile import read_data_file
from .store.store import RECORD_TABLE, RECORDS_FOLDER
from .timer import Clock, CloseTimer

GOAL_SYMBOLS = {"open": "○", "achieved": "✔", "exceeded": "★", "partly": "◐", "changed": "↻", "not_achieved": "✘"}
PRIVATE_FIELDS = ("private_notes",)  # of the close: never read into the audience process


@dataclass(frozen=True)
class PromptLine:
    id: str
    text: str
    discussed: bool


@dataclass(frozen=True)
class GoalLine:
    text: str
    owner: str
    status: str  # in words
    symbol: str


@dataclass(frozen=True)
class ActionLine:
    text: str
    details: str  # who carries it, and by when
    done: bool


@dataclass(frozen=True)
class AudienceView:
    """Everything the audience may see of one partnership, as it stood when its file was read."""

    partnership_id: str
    mentee: str
    mentor: str
    stage_titles: tuple[str, ...]
    stage_index: int
    stage_title: str
    purpose: str
    prompts: tuple[PromptLine, ...]
    prompt_cursor: str | None
    goals: tuple[GoalLine, ...]
    actions: tuple[ActionLine, ...]  # agreed in Next steps
    notes: str  # the current stage's notes
    timer: CloseTimer  # runs on from the saved state with the audience's own clock
    closed: bool
    status: str

    @property
    def discussed_line(self) -> str:
        done = sum(1 for prompt in self.prompts if prompt.discussed)
        return f"{done} of {len(self.prompts)} discussed"


def record_file(db: Path, partnership_id: str) -> Path:
    """The one file the audience view reads (the id is checked: no path tricks)."""
    check_id(partnership_id, "partnership id")
    return Path(db).expanduser() / RECORDS_FOLDER / f"{partnership_id}.json"


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """What changes when the facilitator's app saves (an atomic replace gives a new inode): cheap to poll."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def read_public_record(path: Path) -> Partnership:
    """The record in ``path``, with the private notes dropped before it becomes a Partnership."""
    try:
        tables = read_data_file(path, "partnership")  # no link followed, regular files only
    except OSError as error:
        raise NotFoundError(f"cannot read {path}: {error.strerror or error}") from None
    if tables is None:
        raise NotFoundError(f"{path} is not there (yet)")
    table = tables.get(RECORD_TABLE) or {}
    if len(table) != 1:
        raise CloserError(f"{path} holds no single partnership")
    (record,) = table.values()
    if not isinstance(record, dict):
        raise CloserError(f"{path} holds no partnership")
    close = record.get("close")
    if isinstance(close, dict):
        record = {**record, "close": {k: v for k, v in close.items() if k not in PRIVATE_FIELDS}}
    return Partnership.from_dict(record)


def audience_view(partnership: Partnership, clock: Clock = time.time) -> AudienceView:
    guide = partnership.guide
    timer = CloseTimer(partnership.timer, guide.stage_keys, guide.default_budgets(), clock=clock)
    stage = guide.stage(timer.stage)
    discussed = set(partnership.close.prompts_discussed)
    return AudienceView(
        partnership_id=partnership.id,
        mentee=partnership.mentee,
        mentor=partnership.mentor,
        stage_titles=tuple(s.title for s in guide.stages),
        stage_index=guide.stage_keys.index(stage.key),
        stage_title=stage.title,
        purpose=stage.purpose,
        prompts=tuple(PromptLine(p.id, p.text, p.id in discussed) for p in stage.prompts),
        prompt_cursor=partnership.close.prompt_cursor,
        goals=tuple(
            GoalLine(g.text, g.owner, GOAL_STATUS_LABELS[g.status], GOAL_SYMBOLS.get(g.status, "?")) for g in partnership.goals
        ),
        actions=tuple(
            ActionLine(a.text, OWNER_WORDS[a.owner] + (f", by {when_text(a.due)}" if a.due else ""), a.done)
            for a in partnership.close.actions
        ),
        notes=partnership.close.stage_notes.get(stage.key, ""),
        timer=timer,
        closed=partnership.status == "closed",
        status=f"{STATUS_SYMBOLS.get(partnership.status, '?')} {partnership.status}",
    )


def read_audience_view(db: Path, partnership_id: str, clock: Clock = time.time) -> AudienceView:
    return audience_view(read_public_record(record_file(db, partnership_id)), clock)

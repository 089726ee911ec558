"""Small, realistic partnership records for the unit tests.

Built here rather than read from sample_data/ so every test knows exactly what
it starts from, and so the tests do not depend on the bundled sample file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from closer_tui.model import Close, Extension, Goal, Meeting, Partnership

REPO_ROOT = Path(__file__).resolve().parents[2]

PRIVATE_NOTE = "Facilitator only: Sam seemed tired, check in next week."


def partnership(
    mentor: str = "Dana Okafor",
    mentee: str = "Sam Rivera",
    *,
    id: str | None = None,
    programme: str = "Women in Research 2026",
    status: str = "active",
) -> Partnership:
    """An active partnership with two goals and one logged meeting, no close yet."""
    p = Partnership.create(
        mentor=mentor,
        mentee=mentee,
        programme=programme,
        start_date="2026-01-12",
        agreed_duration="six months",
        goals=[
            Goal(text="Submit the first grant application", owner="mentee"),
            Goal(text="Mentor someone outside my field", owner="mentor"),
        ],
    )
    p.meetings.append(Meeting(date="2026-02-02", notes="Drafted the aims page", milestone=True))
    if id is not None:
        p.id = id
    if status != "active":
        p.set_status(status)
    return p


def closed_partnership(mentor: str = "Ana Lima", mentee: str = "Tomás Ngata", *, id: str | None = None) -> Partnership:
    """A partnership whose close is fully recorded, including private notes."""
    p = partnership(mentor, mentee, id=id, programme="Early Career Researchers")
    p.goals[0].status = "achieved"
    p.goals[0].what_changed = "Now drafts proposals without help"
    p.goals[1].status = "not_achieved"
    p.goals[1].not_met_reason = "No second mentee joined the programme"
    p.goals.append(Goal(text="Present at the spring symposium", status="partly"))
    p.close = Close(
        end_reason="objectives",
        extension=Extension(extra_meetings=1, mentor_agrees=True, mentee_agrees=True),
        stage_notes={
            "evaluate": "Grant submitted in **March**; feedback was positive.",
            "next_steps": "Apply for the travel fund by June.",
            "development": "Wants to lead a small team within two years.",
        },
        prompts_discussed=["evaluate.goals", "evaluate.reason", "development.thanks"],
        stay_in_touch=True,
        stay_in_touch_how="coffee every quarter",
        mentor_would_mentor_others=True,
        mentee_would_mentor_others=False,
        mentee_on_mentor="Taught me to ask for help early.",
        mentor_on_mentee="Grew from hesitant to confident in meetings.",
        gifts_acknowledged=["time", "advice"],
        celebration_plan="Lunch at the harbour",
        thanks_said=True,
        private_notes=PRIVATE_NOTE,
    )
    p.timer.budgets = {"evaluate": 480, "next_steps": 300, "development": 420}
    p.timer.used = {"evaluate": 500.0, "next_steps": 250.0, "development": 400.0}
    p.set_status("closed")
    p.validate()
    return p


def subprocess_env() -> dict[str, str]:
    """The environment for a child Python that must import closer_tui from this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    env.pop("CLOSER_DB", None)
    return env


LOCK_HOLDER = """
import sys
from closer_tui.store import Store
store = Store.open_writer(sys.argv[1])
print("locked", flush=True)
sys.stdin.read()  # hold the lock until the test closes our stdin (or kills us)
store.close()
"""


def start_lock_holder(db: Path) -> subprocess.Popen:
    """Another closer process that opens ``db`` for writing and keeps it open."""
    proc = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(),
    )
    line = proc.stdout.readline()
    if line.strip() != "locked":
        proc.kill()
        raise RuntimeError(f"the lock holder did not start: {line!r} {proc.stderr.read()}")
    return proc


V1_STORE = REPO_ROOT / "tests" / "data" / "store-v1"  # written by closer at data version 1 (see its README)
V1_IDS = sorted(p.stem for p in (V1_STORE / "partnerships").glob("*.json"))


def copy_v1_store(db: Path) -> Path:
    """A private copy of the version-1 data folder at ``db``, modes as closer made them."""
    (db / "partnerships").mkdir(parents=True, mode=0o700)
    os.chmod(db, 0o700)
    for source in [V1_STORE / "index.json", *sorted((V1_STORE / "partnerships").glob("*.json"))]:
        target = db / source.relative_to(V1_STORE)
        target.write_bytes(source.read_bytes())
        os.chmod(target, 0o600)
    return db


def every_file(folder: Path) -> dict[str, bytes]:
    """Each file under ``folder`` (hidden ones too, the lock aside) by its relative path: what a test compares."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock"}

"""The `closer` command line, run for real in a child process as a user would run it.

Every run gets its own HOME and data folder under tmp_path, and CLOSER_DB unset,
so nothing here can touch a real user's data. The promise under test: bad input
gets exit code != 0 and exactly one line on stderr starting "closer: error:",
never a traceback, and nothing saved is changed by a failed command.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from closer_tui.export import dumps
from closer_tui.model import ID_ALPHABET, Close, Goal, Partnership

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DATA = REPO_ROOT / "sample_data" / "partnerships.json"
PRIVATE_NOTE = "Facilitator only: ask the programme lead about funding."
ID_PATTERN = re.compile(f"^[{ID_ALPHABET}]{{6}}$")


# --- running closer ----------------------------------------------------------


def child_env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("CLOSER_DB", "CLOSER_DEBUG", "XDG_DATA_HOME"):
        env.pop(name, None)
    env["HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    env.update(extra)
    return env


def run_closer(home: Path, *args: str, env: dict[str, str] | None = None, umask: int = 0o022):
    return subprocess.run(
        [sys.executable, "-m", "closer_tui", *args],
        cwd=home,
        env=env or child_env(home),
        capture_output=True,
        text=True,
        timeout=60,
        umask=umask,
    )


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "db"


@pytest.fixture
def closer(tmp_path, db):
    """``closer("list", "--json")`` runs ``closer --db <tmp>/db list --json``."""

    def run(*args: str, **kwargs):
        return run_closer(tmp_path, "--db", str(db), *args, **kwargs)

    return run


def ok(result) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def assert_refused(result, *mentions: str) -> str:
    """Exit != 0, one line on stderr starting "closer: error:", no traceback anywhere."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("closer: error: "), lines[0]
    for mention in mentions:
        assert mention in lines[0]
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- records to import -------------------------------------------------------


def active_partnership() -> Partnership:
    p = Partnership.create(
        mentor="Dana Okafor",
        mentee="Sam Rivera",
        programme="Women in Research",
        start_date="2026-01-12",
        goals=[Goal(text="Submit the first grant application")],
    )
    p.id = "kmn234"
    return p


def closed_partnership() -> Partnership:
    p = Partnership.create(
        mentor="Ana Lima",
        mentee="Tomás Ngata",
        programme="Early Career",
        start_date="2025-09-01",
        goals=[
            Goal(text="Publish a first-author paper", status="achieved"),
            Goal(text="Teach a seminar", status="not_achieved", not_met_reason="The course was cancelled"),
        ],
    )
    p.id = "pqr567"
    p.close = Close(
        end_reason="duration",
        stage_notes={"evaluate": "Paper accepted in May.", "development": "Aims for a fellowship."},
        private_notes=PRIVATE_NOTE,
    )
    p.set_status("closed")
    return p


def write_export(path: Path, *partnerships: Partnership) -> Path:
    path.write_text(dumps(partnerships, include_private=True), encoding="utf-8")
    return path


@pytest.fixture
def two_partnerships(closer, tmp_path) -> tuple[str, str]:
    """The data folder holds Sam Rivera (active, id kmn234) and Tomás Ngata (closed, id pqr567)."""
    ok(closer("import", str(write_export(tmp_path / "two.json", active_partnership(), closed_partnership()))))
    return "kmn234", "pqr567"


def list_json(closer) -> list[dict]:
    return json.loads(ok(closer("list", "--json")))


# --- new, list, show ---------------------------------------------------------


def test_new_prints_the_id_of_the_new_partnership(closer):
    out = ok(closer("new", "--mentor", "Dana Okafor", "--mentee", "Sam Rivera", "--goal", "Finish the thesis"))
    pid = out.strip()
    assert ID_PATTERN.match(pid), out
    (row,) = list_json(closer)
    assert row["id"] == pid
    assert (row["mentor"], row["mentee"], row["status"]) == ("Dana Okafor", "Sam Rivera", "active")
    assert row["goals_total"] == 1


def test_new_keeps_names_in_any_script(closer):
    pid = ok(closer("new", "--mentor", "Zoë Ångström", "--mentee", "山田 太郎 🌱")).strip()
    show = ok(closer("show", pid))
    assert "Zoë Ångström" in show
    assert "山田 太郎 🌱" in show


def test_list_json_is_an_array_of_partnerships_with_id_names_programme_and_status(closer, two_partnerships):
    rows = list_json(closer)
    assert isinstance(rows, list)
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == set(two_partnerships)
    for row in rows:
        assert {"id", "mentor", "mentee", "programme", "status"} <= set(row)
    assert by_id["kmn234"]["programme"] == "Women in Research"
    assert by_id["pqr567"]["status"] == "closed"


def test_list_shows_active_partnerships_before_closed_ones(closer, two_partnerships):
    out = ok(closer("list"))
    assert out.index("Sam Rivera") < out.index("Tomás Ngata")
    assert [row["status"] for row in list_json(closer)] == ["active", "closed"]


@pytest.mark.parametrize("status, expected", [("closed", ["pqr567"]), ("active", ["kmn234"]), ("closing", [])])
def test_list_status_shows_only_partnerships_in_that_status(closer, two_partnerships, status, expected):
    rows = json.loads(ok(closer("list", "--json", "--status", status)))
    assert [row["id"] for row in rows] == expected


def test_list_of_an_empty_data_folder_says_how_to_start(closer):
    out = ok(closer("list"))
    assert "closer new" in out
    assert list_json(closer) == []


def test_show_prints_the_record_found_by_the_start_of_its_id(closer, two_partnerships):
    out = ok(closer("show", "pq"))
    assert "Tomás Ngata" in out and "Ana Lima" in out
    assert "Publish a first-author paper" in out
    assert "The course was cancelled" in out
    assert "Paper accepted in May." in out


def test_show_leaves_out_private_notes_unless_asked(closer, two_partnerships):
    assert PRIVATE_NOTE not in ok(closer("show", "pqr567"))
    assert PRIVATE_NOTE in ok(closer("show", "pqr567", "--include-private"))


def test_escape_sequences_hidden_in_notes_never_reach_the_store_or_the_terminal(closer, tmp_path):
    p = active_partnership()
    p.close.stage_notes["evaluate"] = "harmless \x1b]0;pwned\x07 \x1b[2J text"
    result = closer("import", str(write_export(tmp_path / "hostile.json", p)))
    assert "\x1b" not in result.stderr + result.stdout
    assert_refused(result, "partnerships[0].close.stage_notes.evaluate", "control character")
    assert ok(closer("list", "--json")).strip() == "[]"


# --- export and import -------------------------------------------------------


@pytest.mark.parametrize("fmt, suffix", [("md", "md"), ("json", "json")])
def test_an_exported_file_is_readable_by_its_owner_only(closer, two_partnerships, tmp_path, fmt, suffix):
    out_file = tmp_path / f"record.{suffix}"
    result = closer("export", "kmn234", "--format", fmt, "-o", str(out_file), umask=0o000)
    ok(result)
    assert mode(out_file) == 0o600
    assert "Sam Rivera" in out_file.read_text(encoding="utf-8")


def test_the_data_folder_and_files_are_private_even_under_a_permissive_umask(closer, db):
    ok(closer("new", "--mentor", "Dana", "--mentee", "Sam", umask=0o000))
    assert mode(db) == 0o700
    for path in db.rglob("*"):
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path


def test_export_json_leaves_out_private_notes_unless_asked(closer, two_partnerships):
    assert PRIVATE_NOTE not in ok(closer("export", "pqr567", "--format", "json"))
    assert PRIVATE_NOTE in ok(closer("export", "pqr567", "--format", "json", "--include-private"))


def test_a_json_export_imports_into_another_data_folder_unchanged(closer, two_partnerships, tmp_path):
    exported = tmp_path / "pqr567.json"
    ok(closer("export", "pqr567", "--format", "json", "--include-private", "-o", str(exported)))

    other_db = tmp_path / "other-db"
    out = ok(run_closer(tmp_path, "--db", str(other_db), "import", str(exported)))
    assert "pqr567" in out
    again = ok(run_closer(tmp_path, "--db", str(other_db), "export", "pqr567", "--format", "json", "--include-private"))
    original = json.loads(exported.read_text(encoding="utf-8"))["partnerships"]
    assert json.loads(again)["partnerships"] == original


def test_import_adds_the_partnerships_and_list_then_shows_them(closer, tmp_path):
    out = ok(closer("import", str(write_export(tmp_path / "in.json", active_partnership(), closed_partnership()))))
    assert "imported 2 partnerships" in out
    assert sorted(row["id"] for row in list_json(closer)) == ["kmn234", "pqr567"]


def test_importing_a_partnership_already_stored_adds_nothing(closer, db, two_partnerships, tmp_path):
    newcomer = Partnership.create(mentor="Lee", mentee="Kim")
    again = write_export(tmp_path / "again.json", newcomer, active_partnership())
    before = snapshot(db)
    assert_refused(closer("import", str(again)), "kmn234")
    assert snapshot(db) == before
    assert newcomer.id not in [row["id"] for row in list_json(closer)]


def test_the_bundled_sample_data_imports_cleanly(closer):
    ok(closer("import", str(SAMPLE_DATA)))
    expected = json.loads(SAMPLE_DATA.read_text(encoding="utf-8"))["partnerships"]
    assert sorted(row["id"] for row in list_json(closer)) == sorted(p["id"] for p in expected)


# --- log -----------------------------------------------------------------------


def exported_record(closer, pid: str) -> dict:
    (record,) = json.loads(ok(closer("export", pid, "--format", "json")))["partnerships"]
    return record


def test_log_adds_a_dated_milestone_meeting_to_the_session_log(closer, two_partnerships):
    out = ok(closer("log", "kmn", "Aims page approved by the panel", "--date", "2026-03-04", "--milestone"))
    assert "2026-03-04" in out
    meetings = exported_record(closer, "kmn234")["meetings"]
    assert {"date": "2026-03-04", "notes": "Aims page approved by the panel", "milestone": True} in meetings


def test_log_without_a_date_logs_today_as_an_ordinary_meeting(closer, two_partnerships):
    ok(closer("log", "kmn234", "Quick check-in"))
    (meeting,) = exported_record(closer, "kmn234")["meetings"]
    assert meeting["notes"] == "Quick check-in"
    assert meeting["milestone"] is False
    assert re.match(r"^\d{4}-\d{2}-\d{2}$", meeting["date"])


# --- bad input -------------------------------------------------------------------


def field_error_file(folder: Path) -> Path:
    record = active_partnership().to_dict()
    record["goals"][0]["status"] = "nearly"
    path = folder / "bad-field.json"
    path.write_text(json.dumps({"format": "closer.partnerships", "version": 1, "partnerships": [record]}))
    return path


def invalid_json_file(folder: Path) -> Path:
    path = folder / "broken.json"
    path.write_text('{"format": "closer.partnerships", "partnerships": [')
    return path


def lone_surrogate_file(folder: Path) -> Path:
    """Valid JSON (it may spell \\ud800) whose text cannot be stored as UTF-8."""
    record = active_partnership().to_dict()
    record["id"] = "srg234"  # not yet in the store
    record["close"]["stage_notes"]["evaluate"] = "broken \ud800 text"
    path = folder / "surrogate.json"
    path.write_text(json.dumps({"format": "closer.partnerships", "version": 1, "partnerships": [record]}))
    return path


def empty_export_file(folder: Path) -> Path:
    path = folder / "empty.json"
    path.write_text(json.dumps({"format": "closer.partnerships", "version": 1, "partnerships": []}))
    return path


def other_format_file(folder: Path) -> Path:
    path = folder / "other.json"
    path.write_text(json.dumps({"format": "trello.board", "version": 1, "partnerships": []}))
    return path


BAD_INPUT = {
    "new with a blank mentor": (lambda t, db: ["new", "--mentor", "  ", "--mentee", "Sam"], "mentor"),
    "new with a blank mentee": (lambda t, db: ["new", "--mentor", "Dana", "--mentee", ""], "mentee"),
    "new without a mentee": (lambda t, db: ["new", "--mentor", "Dana"], "--mentee"),
    # A shell passes raw bytes; Python turns an invalid UTF-8 byte (here 0xff) into a lone surrogate.
    "new with a name that is not valid UTF-8": (lambda t, db: ["new", "--mentor", "caf\udcff", "--mentee", "S"], "mentor"),
    "new with a bad start date": (lambda t, db: ["new", "--mentor", "D", "--mentee", "S", "--start", "12/01/2026"], "start_date"),
    "new ending before it starts": (
        lambda t, db: ["new", "--mentor", "D", "--mentee", "S", "--start", "2026-05-01", "--end", "2026-04-01"],
        "end_date",
    ),
    "new with a blank goal": (lambda t, db: ["new", "--mentor", "D", "--mentee", "S", "--goal", " "], "goals[0].text"),
    "show an unknown id": (lambda t, db: ["show", "zzzzzz"], "zzzzzz"),
    "show an ambiguous id": (lambda t, db: ["show", "km"], "several"),
    "export an unknown id": (lambda t, db: ["export", "zzzzzz", "--format", "json"], "zzzzzz"),
    "export in an unknown format": (lambda t, db: ["export", "kmn234", "--format", "pdf"], "pdf"),
    "export into the data folder": (lambda t, db: ["export", "kmn234", "-o", str(db / "copy.md")], "data folder"),
    "export into a missing folder": (lambda t, db: ["export", "kmn234", "-o", str(t / "nowhere" / "x.md")], "nowhere"),
    "export onto a folder": (lambda t, db: ["export", "kmn234", "-o", str(t)], "is a directory"),
    "log for an unknown id": (lambda t, db: ["log", "zzzzzz", "met"], "zzzzzz"),
    "log with a bad date": (lambda t, db: ["log", "kmn234", "met", "--date", "yesterday"], "date"),
    "list with an unknown status": (lambda t, db: ["list", "--status", "finished"], "finished"),
    "import a missing file": (lambda t, db: ["import", str(t / "missing.json")], "missing.json"),
    "import invalid JSON": (lambda t, db: ["import", str(invalid_json_file(t))], "not valid JSON"),
    "import another app's format": (lambda t, db: ["import", str(other_format_file(t))], "format"),
    "import a file with no partnerships": (lambda t, db: ["import", str(empty_export_file(t))], "holds no partnerships"),
    "import a record with a bad field": (lambda t, db: ["import", str(field_error_file(t))], "partnerships[0].goals[0].status"),
    "import text that cannot be stored": (
        lambda t, db: ["import", str(lone_surrogate_file(t))],
        "partnerships[0].close.stage_notes.evaluate",
    ),
    "an unknown command": (lambda t, db: ["frobnicate"], "frobnicate"),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_gets_one_clear_error_line_and_changes_nothing(closer, db, tmp_path, case):
    make_args, mention = BAD_INPUT[case]
    namesake = Partnership.create(mentor="Kai Moana", mentee="Kerry Lund")
    namesake.id = "kmp789"  # shares "km" with kmn234
    start = write_export(tmp_path / "start.json", active_partnership(), closed_partnership(), namesake)
    ok(closer("import", str(start)))
    before = snapshot(db)

    result = closer(*make_args(tmp_path, db))

    assert_refused(result, mention)
    assert result.stdout == ""
    assert snapshot(db) == before
    assert not (db / "copy.md").exists()


def test_a_data_path_that_is_a_file_is_refused(tmp_path):
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("mine")
    assert_refused(run_closer(tmp_path, "--db", str(not_a_folder), "list"), "is a file")
    assert_refused(run_closer(tmp_path, "--db", str(not_a_folder), "new", "--mentor", "D", "--mentee", "S"))
    assert not_a_folder.read_text() == "mine"


# --- damaged data ------------------------------------------------------------------


def test_a_corrupt_partnership_file_is_left_unchanged_by_a_failed_command(closer, db, two_partnerships):
    record = db / "partnerships" / "kmn234.json"
    record.write_bytes(b'{"_closer": {"1": {"schema": 1, "kind": "partnership"}}, "partnership": {"kmn2')
    damaged = record.read_bytes()

    assert_refused(closer("log", "kmn234", "a meeting"), str(record))
    assert_refused(closer("show", "kmn234"), str(record))
    assert_refused(closer("export", "kmn234", "--format", "json"), str(record))
    assert record.read_bytes() == damaged
    assert "Tomás Ngata" in ok(closer("show", "pqr567"))  # the others are still fine


def test_a_partnership_file_from_a_newer_closer_is_left_unchanged(closer, db, two_partnerships):
    record = db / "partnerships" / "kmn234.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["_closer"]["1"]["schema"] = 99
    record.write_text(json.dumps(data), encoding="utf-8")
    newer = record.read_bytes()

    assert_refused(closer("log", "kmn234", "a meeting"), "newer closer")
    assert record.read_bytes() == newer


def test_a_corrupt_index_is_set_aside_unchanged_and_rebuilt(closer, db, two_partnerships):
    index = db / "index.json"
    index.write_bytes(b"\x00\x00 half-written by something else")
    listed = closer("list")
    assert "kmn234" in ok(listed) and str(index) in listed.stderr
    assert index.read_bytes() == b"\x00\x00 half-written by something else"  # a reader never writes
    ok(closer("new", "--mentor", "D", "--mentee", "S"))
    (aside,) = db.glob("index.json.damaged-*")
    assert aside.read_bytes() == b"\x00\x00 half-written by something else"
    assert len(json.loads(ok(closer("list", "--json")))) == 3


# --- another closer is writing --------------------------------------------------------

LOCK_HOLDER = """
import sys
from closer_tui.store import Store
store = Store.open_writer(sys.argv[1])
print("locked", flush=True)
sys.stdin.read()
store.close()
"""


@pytest.fixture
def another_closer_writing(tmp_path, db, two_partnerships):
    proc = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(tmp_path),
    )
    try:
        assert proc.stdout.readline().strip() == "locked", proc.stderr.read()
        yield proc
    finally:
        proc.kill()
        proc.wait(timeout=10)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()


def test_a_write_while_another_closer_is_writing_fails_clearly_and_reading_still_works(closer, db, another_closer_writing):
    before = snapshot(db)
    line = assert_refused(closer("new", "--mentor", "Dana", "--mentee", "Sam"), "in use")
    assert str(another_closer_writing.pid) in line
    assert_refused(closer("log", "kmn234", "met"), "in use")
    assert_refused(closer("import", str(write_export(db.parent / "x.json", Partnership.create(mentor="A", mentee="B")))))
    assert snapshot(db) == before

    assert len(list_json(closer)) == 2
    assert "Sam Rivera" in ok(closer("show", "kmn234"))
    assert "Sam Rivera" in ok(closer("export", "kmn234", "--format", "md"))


# --- where the data lives ---------------------------------------------------------


def test_the_CLOSER_DB_variable_chooses_the_data_folder(tmp_path):
    env_db = tmp_path / "from-env"
    env = child_env(tmp_path, CLOSER_DB=str(env_db))
    pid = ok(run_closer(tmp_path, "new", "--mentor", "Dana", "--mentee", "Sam", env=env)).strip()
    assert (env_db / "partnerships" / f"{pid}.json").exists()
    assert pid in ok(run_closer(tmp_path, "list", env=env))
    assert not (tmp_path / ".local").exists()


def test_the_db_option_wins_over_the_CLOSER_DB_variable(tmp_path):
    env = child_env(tmp_path, CLOSER_DB=str(tmp_path / "from-env"))
    ok(run_closer(tmp_path, "--db", str(tmp_path / "from-option"), "new", "--mentor", "D", "--mentee", "S", env=env))
    assert (tmp_path / "from-option" / "index.json").exists()
    assert not (tmp_path / "from-env").exists()


def test_without_db_or_CLOSER_DB_the_data_goes_in_the_users_data_folder(tmp_path):
    pid = ok(run_closer(tmp_path, "new", "--mentor", "Dana", "--mentee", "Sam")).strip()
    assert (tmp_path / ".local" / "share" / "closer" / "partnerships" / f"{pid}.json").exists()


# --- help ----------------------------------------------------------------------------

COMMANDS = ["new", "list", "show", "export", "import", "log", "open", "demo"]


def test_the_top_level_help_lists_every_command(tmp_path):
    out = ok(run_closer(tmp_path, "--help"))
    assert out.startswith("Usage: closer")
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s", out, re.MULTILINE), command


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(tmp_path, command):
    for flag in ("--help", "-h"):
        result = run_closer(tmp_path, command, flag)
        out = ok(result)
        assert out.startswith(f"Usage: closer {command}")
        assert result.stderr == ""
    assert not (tmp_path / ".local").exists()  # asking for help creates no data folder


def test_version_prints_the_version(tmp_path):
    assert re.search(r"\d+\.\d+", ok(run_closer(tmp_path, "--version")))

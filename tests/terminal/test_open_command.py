"""`closer --db DB open ID` as a user runs it: the installed command in a pty, typed into, quit.

And what it does before its first frame, seen from inside the process (first_frame_probe.py):
the dashboard of one partnership needs neither the index of all of them, nor the Markdown
parser, nor the notes' editor (it shows the notes, and is editable a moment later), and the
real command must not load them first (not only the app's constructor).
"""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

from pty_session import PtySession

from closer_tui.desk import Desk

HERE = Path(__file__).resolve().parent
QUIT = b"\x11"  # ctrl+q
TYPED = "Typed through a real terminal, Zoë 研究 42"


def closer_command() -> list[str]:
    """The `closer` script installed beside this interpreter, as a user's shell runs it."""
    script = Path(sys.executable).with_name("closer")
    return [sys.executable, str(script)] if script.is_file() else [sys.executable, "-m", "closer_tui"]


def evaluate_notes(db: Path, pid: str) -> str:
    with Desk.for_reading(db) as desk:
        return desk.read(pid).close.stage_notes.get("evaluate", "")


def test_closer_open_in_a_terminal_saves_what_is_typed_into_the_notes(filled_db, partnerships):
    pid = partnerships[0].id  # active: opens on its first stage, Evaluate, with the notes focused
    assert TYPED not in evaluate_notes(filled_db, pid)
    with PtySession([*closer_command(), "--db", str(filled_db), "open", pid[:4]]) as session:
        session.wait_for(b"Evaluate")
        session.send(TYPED.encode())
        session.wait_for(TYPED.split(",")[0].encode(), since=len(session.output))  # drawn: the app has the keys
        session.send(QUIT)
        assert session.wait_exit() == 0, bytes(session.output[-800:])
    assert TYPED in evaluate_notes(filled_db, pid)


def first_frame(db: Path, shows: str, *args: str, tmp_path: Path) -> dict:
    """What the real command had imported and opened when it drew the first frame showing ``shows``."""
    out = tmp_path / "first-frame.json"
    probe = [sys.executable, str(HERE / "first_frame_probe.py"), str(out), shows, *closer_command()[1:]]
    with PtySession([*probe, "--db", str(db), *args]) as session:
        session.wait_for(shows.encode())
        session.send(QUIT)
        assert session.wait_exit() == 0, bytes(session.output[-800:])
    return json.loads(out.read_text(encoding="utf-8"))


def test_closer_open_draws_the_dashboard_before_reading_the_index_or_loading_markdown_or_the_editor(filled_db, partnerships, tmp_path):
    pid = partnerships[0].id
    seen = first_frame(filled_db, "Evaluate", "open", pid, tmp_path=tmp_path)
    opened = [Path(path).name for path, _ in seen["opened"]]
    assert f"{pid}.json" in opened  # the probe sees the reads: the partnership's own file was read
    # The index is not read. A writer looks at its first 64 bytes for the data version (a folder an
    # older closer wrote is upgraded before anything is saved): that one small read, and no other.
    index_opened_by = [callers for path, callers in seen["opened"] if Path(path).name == "index.json"]
    assert all(callers[:3] == ["open_file", "_first_bytes", "peek_version"] for callers in index_opened_by), index_opened_by
    assert "markdown_it" not in seen["modules"] and "closer_tui.guide_file" not in seen["modules"]
    assert "textual.widgets._markdown" not in seen["modules"]
    # The notes are drawn before their editor is built: Textual's TextArea loads after the frame.
    assert "textual.widgets._text_area" not in seen["modules"] and "closer_tui.tui.widgets.notes_editor" not in seen["modules"]
    assert "closer_tui.tui.widgets.notes_preview" in seen["modules"]


def test_the_list_is_drawn_from_the_start_of_the_index_without_loading_markdown_it(filled_db, partnerships, tmp_path):
    """The same probe on `closer` (the list): its first frame comes from the index's first bytes (the
    rows are written in the list's order): neither the whole index nor any record is read before it."""
    seen = first_frame(filled_db, partnerships[0].mentee, tmp_path=tmp_path)
    index_opened_by = [callers for path, callers in seen["opened"] if Path(path).name == "index.json"]
    assert any("read_index_head" in callers for callers in index_opened_by), index_opened_by
    assert not any("read_index_file" in callers for callers in index_opened_by), index_opened_by
    assert all(callers[:2] == ["open_file", "_first_bytes"] and callers[2] in ("peek_version", "read_index_head") for callers in index_opened_by), index_opened_by
    records = [path for path, _ in seen["opened"] if Path(path).parent.name == "partnerships" and path.endswith(".json")]
    assert records == []
    assert "markdown_it" not in seen["modules"]


def test_closer_keeps_the_style_sheets_it_parsed_and_the_next_start_parses_none(filled_db, partnerships, private_home):
    """The first run parses the dashboard's CSS and keeps it in the user's cache folder (private); the
    second reads it back: it parses nothing new, so it rewrites nothing."""
    kept = private_home / ".cache" / "closer" / "styles"
    written = []
    for _ in range(2):
        with PtySession([*closer_command(), "--db", str(filled_db), "open", partnerships[0].id]) as session:
            session.wait_for(b"Evaluate")
            session.send(QUIT)
            assert session.wait_exit() == 0, bytes(session.output[-800:])
        written.append({path.name: path.stat().st_mtime_ns for path in kept.iterdir()})
    assert len(written[0]) > 10  # closer's sheets and the DEFAULT_CSS of the dashboard's widgets
    assert written[1] == written[0]
    assert stat.S_IMODE(kept.stat().st_mode) == stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    assert {stat.S_IMODE(path.stat().st_mode) for path in kept.iterdir()} == {0o600}

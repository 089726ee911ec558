"""`closer present` as a real process in a pty: the raw bytes it writes, and what it leaves on disk."""

from __future__ import annotations

import sys
from pathlib import Path

from pty_session import run_in_pty

from closer_tui.desk import Desk

SECRET = "PRIVATE-only-for-the-facilitator-7Q"


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(folder)): (p.stat().st_mode, p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_audience_process_never_writes_never_locks_and_never_prints_private_notes(filled_db, partnerships):
    with Desk.for_writing(filled_db) as desk:
        desk.open(partnerships[0].id).set_private_notes(SECRET)
        desk.save()
    (filled_db / ".lock").unlink(missing_ok=True)  # left by the writer above: the view must not make one
    before = snapshot(filled_db)
    output, code = run_in_pty(
        [sys.executable, "-m", "closer_tui", "--db", str(filled_db), "present", partnerships[0].id[:4]],
        until="Zoë Martin".encode(),
        then=b"q",
    )
    assert "Zoë Martin".encode() in output, output[-2000:]
    assert code == 0
    assert SECRET.encode() not in output
    assert snapshot(filled_db) == before  # nothing written, no lock file made

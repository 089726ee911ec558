"""The CLI and the app write the same export file for the same record: one workflow, one set of file rules."""

from __future__ import annotations

import pytest

from closer_tui.cli import main
from closer_tui.desk import Desk
from closer_tui.export import EXPORT_FORMATS, export_file_name
from closer_tui.tui.app import CloserApp


def cli_export(db, partnership_id: str, fmt: str, target) -> bytes:
    with pytest.raises(SystemExit) as ended:
        main(["--db", str(db), "export", partnership_id, "--format", fmt, "-o", str(target)])
    assert ended.value.code == 0
    return target.read_bytes()


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
async def test_the_cli_and_the_summary_export_write_identical_files(filled_db, partnerships, private_home, tmp_path, fmt, monkeypatch):
    monkeypatch.setattr("closer_tui.export.interchange.now_iso", lambda: "2026-11-29T10:00:00+00:00")  # exported_at
    closed = partnerships[2]
    if fmt == "story":  # shared only when both partners agreed to it
        with Desk.for_writing(filled_db) as desk:
            desk.record_consent(closed.id, "mentor", True)
            desk.record_consent(closed.id, "mentee", True)
    from_cli = cli_export(filled_db, closed.id, fmt, tmp_path / f"cli.{fmt}")
    app = CloserApp(filled_db, partnership_id=closed.id)  # a closed partnership opens on its summary
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("x")
        await pilot.press(*["down"] * EXPORT_FORMATS.index(fmt), "enter")
        await pilot.pause()
    (from_app,) = private_home.rglob(export_file_name(closed, fmt))
    assert from_app.read_bytes() == from_cli
    assert from_app.stat().st_mode & 0o777 == 0o600

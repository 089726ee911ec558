"""`closer demo` promises to touch nothing of the user's: its data, settings and exports stay in its
throwaway folder, which is gone after it quits."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

import pytest

from closer_tui import cli
from closer_tui.tui.app import CloserApp
from closer_tui.tui.messages import ExportRequested


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


async def use_the_demo(db: Path, wrote: list[Path]) -> None:
    """What a curious user does in the demo: a theme, the bell, an export, shared-screen mode."""
    app = CloserApp(db)
    async with app.run_test() as pilot:
        await pilot.pause()
        app.theme = "textual-light"
        first = app.desk.summaries()[0]["id"]
        app.post_message(ExportRequested(first, "md"))
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.press("ctrl+q")
    wrote += files_under(Path(os.environ["CLOSER_EXPORTS"])) + [Path(os.environ["CLOSER_CONFIG"])]


def test_the_demo_writes_nothing_in_home_or_the_xdg_folders(private_home, tmp_path, monkeypatch):
    throwaway = tmp_path / "tmp"
    throwaway.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(throwaway))
    (private_home / ".config" / "closer").mkdir(parents=True)
    user_config = private_home / ".config" / "closer" / "config.json"
    user_config.write_text('{"theme": "nord"}\n', encoding="utf-8")
    before = {path: path.read_bytes() for path in files_under(private_home)}
    wrote: list[Path] = []
    monkeypatch.setattr(cli, "run_app", lambda context, open_id=None, db=None: asyncio.run(use_the_demo(db, wrote)))
    with pytest.raises(SystemExit) as ended:
        cli.main(["demo"])
    assert ended.value.code == 0
    assert len(wrote) == 2 and all(path.is_relative_to(throwaway) for path in wrote), wrote  # it did write...
    assert {path: path.read_bytes() for path in files_under(private_home)} == before  # ...but nothing of the user's
    assert files_under(throwaway) == []  # and its own folder is gone
    assert "CLOSER_CONFIG" not in os.environ and "CLOSER_EXPORTS" not in os.environ

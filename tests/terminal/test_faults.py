"""Fault injection, the short version: kills, signals, a full disk, a read-only folder.

The long run is ``python tests/faults/kill_rounds.py`` (200 SIGKILL rounds);
this file reuses its harness (``tests/faults/harness.py``, importable as ``harness``) for 10 of them, and
adds the faults that need no repetition:

* SIGTERM and SIGHUP arriving while someone is typing lose nothing;
* a full disk, in-process (a write that fails with ENOSPC half way): the
  dashboard says NOT SAVED, the text stays in the editor, the old file stays
  byte for byte, and the retry saves once there is room;
* a real full disk (a 256 KiB tmpfs, mounted in a user namespace of its own, or as
  root), a disk already full at start, and a data folder on a read-only file system
  (that tmpfs remounted read-only) or one where no file may be created (``chmod a-w``,
  or ``chattr +i`` as root), run in tmux.

Two windows on one store are covered by
``test_real_terminal.py::test_a_second_window_is_read_only_and_loses_nothing``.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import time
from pathlib import Path

import pytest
from textual.widgets import Static

import harness as h
from closer_tui.tui.app import CloserApp
from closer_tui.export import loads
from closer_tui.store import Store
from closer_tui.store import files as store_files
from closer_tui.tui.widgets.notes_editor import NotesEditor

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not on PATH: these tests run the app in a real tmux terminal"
)



KILL_ROUNDS = 10
KILL_WINDOW = (0.0, 2.5)  # shorter than the script's 0-4 s: keeps this file well under a minute
SIGNAL_WINDOW = (0.3, 1.5)


@pytest.fixture
def tmux():
    with h.Tmux() as server:
        yield server


@pytest.fixture
def sample_db(tmp_path) -> Path:
    db = tmp_path / "data"
    with Store.open_writer(db) as store:
        store.import_partnerships(loads(h.SAMPLE_DATA.read_text(encoding="utf-8")))
    return db


def seed() -> int:
    """CLOSER_FAULT_SEED=N replays a failed run; otherwise every run tries new moments."""
    return int(os.environ.get("CLOSER_FAULT_SEED") or random.SystemRandom().randrange(2**32))


# --- killed, terminated, hung up -------------------------------------------------------------


def test_sigkill_at_random_moments_loses_at_most_the_last_second(tmux, sample_db):
    rng_seed = seed()
    rng = random.Random(rng_seed)
    baseline = h.Baseline.take(sample_db)
    notes = baseline.notes()
    report = []
    for number in range(1, KILL_ROUNDS + 1):
        result = h.run_round(
            tmux,
            sample_db,
            baseline,
            notes,
            rng,
            number,
            "SIGKILL",
            plant=number == KILL_ROUNDS // 2,  # half-written temp files left by an earlier kill break nothing
            window=KILL_WINDOW,
            cli_check=number == KILL_ROUNDS,
        )
        report.append(result.line())
        assert result.ok, f"seed {rng_seed} (CLOSER_FAULT_SEED={rng_seed} replays it):\n" + "\n".join(report)
        notes = result.notes
    with Store.open_writer(sample_db):  # the next writer sweeps away whatever temp files the kills left
        pass
    assert h.temp_files(sample_db) == []
    print("\n".join(report))


@pytest.mark.parametrize("ending", ["SIGTERM", "SIGHUP"])
def test_a_signal_while_typing_loses_nothing(tmux, sample_db, ending):
    rng_seed = seed()
    baseline = h.Baseline.take(sample_db)
    result = h.run_round(
        tmux, sample_db, baseline, baseline.notes(), random.Random(rng_seed), 1, ending, window=SIGNAL_WINDOW
    )
    assert result.ok, f"seed {rng_seed}: {result.line()}"  # nothing lost but a key sent under 10 ms before
    assert result.typed > 0


# --- a full disk, in-process ------------------------------------------------------------------------

FULL_DISK_TEXT = " written on a full disk"


class FullDisk:
    """Stands in for ``os`` in closer_tui.store.files: while ``full``, saving one partnership's file
    fails with ENOSPC, either in the write (after a first partial write, as a filling disk does)
    or in the rename that would put the new file in place."""

    def __init__(self, partnership_id: str, where: str) -> None:
        self.temp_prefix = f".{partnership_id}.json."
        self.target = f"{partnership_id}.json"
        self.where = where
        self.full = False
        self.failures = 0
        self._written: dict[int, int] = {}  # temp file fd -> write calls so far

    def __getattr__(self, name: str):
        return getattr(os, name)

    def _no_space(self):
        self.failures += 1
        return OSError(errno.ENOSPC, "No space left on device")

    def open(self, path, flags, *args, **kwargs):
        fd = os.open(path, flags, *args, **kwargs)
        if Path(path).name.startswith(self.temp_prefix):
            self._written[fd] = 0
        return fd

    def write(self, fd, data):
        if self.full and self.where == "write" and fd in self._written:
            self._written[fd] += 1
            if self._written[fd] > 1:
                raise self._no_space()
            return os.write(fd, bytes(data[:64]))
        return os.write(fd, data)

    def close(self, fd):
        self._written.pop(fd, None)
        return os.close(fd)

    def replace(self, src, dst, *args, **kwargs):
        if self.full and self.where == "replace" and Path(dst).name == self.target:
            raise self._no_space()
        return os.replace(src, dst, *args, **kwargs)


async def wait_for(pilot, check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:g}s waiting for {what}")
        await pilot.pause(0.05)


def stored_notes(db: Path) -> str:
    with Store.open_reader(db) as store:
        record = store.get(h.CLOSING_ID).to_dict()
    return record["close"]["stage_notes"].get(record["timer"]["stage"], "")


@pytest.mark.parametrize("where", ["write"])  # "replace" works too; tests/unit/test_store.py fails the rename already
async def test_a_full_disk_warns_keeps_the_text_and_the_old_file(sample_db, monkeypatch, where):
    monkeypatch.setattr("closer_tui.autosave.RETRY_DELAY", 0.3)
    disk = FullDisk(h.CLOSING_ID, where)
    monkeypatch.setattr(store_files, "os", disk)
    record = h.record_file(sample_db, h.CLOSING_ID)
    old = record.read_bytes()
    before = stored_notes(sample_db)
    app = CloserApp(sample_db, partnership_id=h.CLOSING_ID)
    notices: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        real_notify = app.notify
        monkeypatch.setattr(app, "notify", lambda message, **kw: (notices.append(message), real_notify(message, **kw)))
        state = app.screen.query_one("#save-state", Static)
        editor = app.focused
        assert isinstance(editor, NotesEditor)

        disk.full = True
        await pilot.press(*FULL_DISK_TEXT)
        await wait_for(pilot, lambda: "NOT SAVED" in str(state.render()), 3, "the dashboard to say NOT SAVED")
        assert state.has_class("failed")
        assert disk.failures >= 1
        assert any("No space left on device" in notice and "previous version is intact" in notice for notice in notices)
        assert editor.text == before + FULL_DISK_TEXT  # the text is kept
        assert record.read_bytes() == old  # and so is the old file
        assert h.temp_files(sample_db) == []
        failures = disk.failures
        await pilot.pause(0.7)
        assert disk.failures > failures, "closer stopped retrying"
        assert record.read_bytes() == old

        disk.full = False  # room again: the next retry saves
        await wait_for(pilot, lambda: stored_notes(sample_db) == before + FULL_DISK_TEXT, 3, "the retry to save")
        await wait_for(pilot, lambda: "✓ saved" in str(state.render()), 2, "the dashboard to say saved")
        assert not state.has_class("failed")
        await pilot.press("ctrl+q")
    assert stored_notes(sample_db) == before + FULL_DISK_TEXT
    assert h.temp_files(sample_db) == []


# --- a real small disk: a tmpfs of 256 KiB, mounted as root or in a user namespace -------------------


@pytest.fixture(scope="module")
def small_disk_method() -> str:
    try:
        return h.small_disk_method()
    except h.Unavailable as error:
        pytest.skip(f"no small disk can be mounted here: {error}")


@pytest.mark.parametrize("scenario", list(h.SMALL_DISK_SCENARIOS))
def test_a_real_small_disk(small_disk_method, tmp_path, scenario):
    """full_disk_during_session: a warning, the text kept, saved once there is room; full_disk_at_start:
    closer says why it cannot save; read_only_file_system: a clear message at start, nothing changes."""
    assert h.run_on_small_disk(scenario, tmp_path, small_disk_method) == []


def test_a_folder_where_no_file_can_be_created_gives_a_clear_message_at_start(tmux, tmp_path):
    try:
        problems = h.write_protected_folder_scenario(tmux, tmp_path)
    except h.Unavailable as error:
        pytest.skip(str(error))
    assert problems == []

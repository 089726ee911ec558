"""An upgrade of an older data folder killed part-way is undone or finished by the next closer
(issue 11, item 11), with a real `closer check` process killed by SIGKILL.

The process runs closer's own `main` with one change: after the upgrade's first step of one
kind (a file staged, or a file moved into place after the commit), it says so on stdout and
waits on stdin. The test kills it right then (no sleeps). Meanwhile `list` and `show`, which
never write, read everything; the next writer finishes or undoes the upgrade.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from tinydb import TinyDB

from closer_tui.record_upgrades import upgrade_partly_reasons
from closer_tui.store import storage, upgrade

from stopped_closer import closer_stopped_at, killed
from test_cli import REPO_ROOT, closer, db, ok  # noqa: F401  (fixtures)

V1_STORE = REPO_ROOT / "tests" / "data" / "store-v1"
V1_IDS = sorted(p.stem for p in (V1_STORE / "partnerships").glob("*.json"))


def copy_v1_store(db: Path) -> None:
    (db / "partnerships").mkdir(parents=True, mode=0o700)
    os.chmod(db, 0o700)
    for source in [V1_STORE / "index.json", *sorted((V1_STORE / "partnerships").glob("*.json"))]:
        (db / source.relative_to(V1_STORE)).write_bytes(source.read_bytes())
        os.chmod(db / source.relative_to(V1_STORE), 0o600)


def data_files(db: Path) -> dict[str, bytes]:
    return {str(p.relative_to(db)): p.read_bytes() for p in sorted(db.rglob("*.json"))}


def kill_upgrade_after_first(tmp_path: Path, db: Path, step: str) -> None:
    process = closer_stopped_at(tmp_path, f"closer_tui.store.upgrade:{step}", "--db", str(db), "check")
    assert killed(process) == -signal.SIGKILL


def v1_document(pid: str) -> dict:
    return json.loads((V1_STORE / "partnerships" / f"{pid}.json").read_text(encoding="utf-8"))["partnership"][pid]


def assert_upgraded(db: Path) -> None:
    """Every file at today's version, read by plain TinyDB, every record as it was; nothing of the upgrade left."""
    for pid in V1_IDS:
        record = TinyDB(db / "partnerships" / f"{pid}.json")
        (document,) = record.table("partnership").all()
        record.close()
        assert dict(document) == upgrade_partly_reasons(v1_document(pid))  # as today's version has it
    index = TinyDB(db / "index.json")
    assert sorted(row["id"] for row in index.table("partnerships").all()) == V1_IDS
    index.close()
    assert not (db / upgrade.STAGING).exists() and not (db / upgrade.COMMITTED).exists()


def assert_readers_read_everything(closer, db: Path) -> None:
    before = data_files(db)
    assert sorted(row["id"] for row in json.loads(ok(closer("list", "--json")))) == V1_IDS
    for pid in V1_IDS:
        assert v1_document(pid)["mentee"] in ok(closer("show", pid))
    assert data_files(db) == before  # readers never write


def test_an_upgrade_killed_while_staging_leaves_the_old_files_and_the_next_writer_redoes_it(closer, db, tmp_path):
    copy_v1_store(db)
    before = data_files(db)
    kill_upgrade_after_first(tmp_path, db, "stage_file")

    assert (db / upgrade.STAGING).is_dir()
    assert {k: v for k, v in data_files(db).items() if not k.startswith(upgrade.STAGING)} == before
    assert_readers_read_everything(closer, db)
    ok(closer("check"))
    assert_upgraded(db)


def test_an_upgrade_killed_after_its_commit_is_finished_by_the_next_writer(closer, db, tmp_path):
    copy_v1_store(db)
    kill_upgrade_after_first(tmp_path, db, "move_file")

    assert (db / upgrade.COMMITTED).is_dir()
    moved = [p for p in (db / "partnerships").glob("*.json") if p.read_bytes().startswith(b'{"_closer":{"1":{"schema":%d,' % storage.SCHEMA_VERSION)]
    assert len(moved) == 1  # one file moved into place before the kill, the others still waiting
    assert_readers_read_everything(closer, db)
    ok(closer("check"))
    assert_upgraded(db)


@pytest.mark.parametrize("command", [["list"], ["report"]], ids=["list", "report"])
def test_a_reader_of_a_version_1_folder_writes_nothing(closer, db, command):
    copy_v1_store(db)
    before = data_files(db)
    ok(closer(*command))
    assert data_files(db) == before and sorted(p.name for p in db.iterdir()) == ["index.json", "partnerships"]

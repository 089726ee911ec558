"""Data version 2 (issue 11, item 11): plain TinyDB reads every data file, and older data folders upgrade.

TinyDB's default table takes every document id for an integer; data version 1 keyed documents
by partnership id, so ``TinyDB(path).table(...).all()`` raised ValueError on closer's files.
The version-1 folder under tests/data/ was written by closer at that version. A reader reads it
as it is (upgraded in memory, not a byte written); a writer upgrades it on disk once, all or
none: staged, committed by one rename, moved into place; an upgrade stopped at any point is
undone (before the commit) or finished (after it) by the next writer.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest
from tinydb import TinyDB

from closer_tui.model import Partnership
from closer_tui.record_upgrades import upgrade_partly_reasons
from closer_tui.store import Store, StoreError, UnsafePathError, migrations, storage, store as store_module, upgrade
from closer_tui.store.migrations import Step
from closer_tui.store.fingerprints import unpacked
from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.partnerships import PartnershipsScreen
from closer_tui.tui.widgets.partnership_table import PartnershipTable

from records import V1_IDS, V1_STORE, closed_partnership, copy_v1_store, every_file, partnership


def plain_tinydb_tables(path: Path) -> dict[str, list]:
    """Every table of ``path`` as TinyDB reads it with its own storage and table, nothing of closer's."""
    db = TinyDB(path)
    try:
        return {name: db.table(name).all() for name in db.tables()}
    finally:
        db.close()


def data_files(db: Path) -> list[Path]:
    return [db / "index.json", *sorted((db / "partnerships").glob("*.json"))]


def v1_document(pid: str) -> dict:
    return json.loads((V1_STORE / "partnerships" / f"{pid}.json").read_text(encoding="utf-8"))["partnership"][pid]


def current_document(pid: str) -> dict:
    """A version-1 record as today's data version has it: the record steps applied (2 -> 3 moves
    a partly achieved goal's reason), every other field as it was."""
    return upgrade_partly_reasons(v1_document(pid))


def stored_document(db: Path, pid: str) -> dict:
    (document,) = plain_tinydb_tables(db / "partnerships" / f"{pid}.json")["partnership"]
    return dict(document)


# --- the format -------------------------------------------------------------------------------


def test_plain_tinydb_reads_every_file_closer_writes(tmp_path):
    db = tmp_path / "db"
    with Store.open_writer(db) as store:
        ids = [store.add(partnership("Dana", "Sam")), store.add(closed_partnership())]
        saved = store.get(ids[0])
        saved.close.stage_notes["evaluate"] = "a note, saved without touching the index"
        store.save(saved)
        expected = {pid: store.get(pid).to_dict() for pid in ids}

    for pid in ids:
        tables = plain_tinydb_tables(db / "partnerships" / f"{pid}.json")
        (document,) = tables["partnership"]
        assert document.doc_id == 1 and dict(document) == expected[pid]
        assert tables["_closer"][0]["schema"] == storage.SCHEMA_VERSION == 3
    index = plain_tinydb_tables(db / "index.json")
    assert sorted(row["id"] for row in index["partnerships"]) == sorted(ids)
    assert sorted(doc["id"] for doc in index["files"]) == sorted(ids)
    assert {row["id"]: row["mentee"] for row in index["partnerships"]} == {ids[0]: "Sam", ids[1]: "Tomás Ngata"}


def test_the_version_1_files_are_what_plain_tinydb_could_not_read():
    """The fixture is the real thing: the error issue 11 reported."""
    for path in data_files(V1_STORE):
        with pytest.raises(ValueError, match="invalid literal for int"):
            plain_tinydb_tables(path)


def test_a_file_whose_document_ids_are_not_whole_numbers_is_refused_naming_it(tmp_path):
    db = tmp_path / "db"
    with Store.open_writer(db) as store:
        pid = store.add(partnership())
    record = db / "partnerships" / f"{pid}.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["partnership"] = {"٣": data["partnership"]["1"]}  # an Arabic-Indic three: int() takes it, TinyDB's files never hold it
    record.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with Store.open_reader(db) as store, pytest.raises(StoreError, match="document id is not a whole number") as refused:
        store.get(pid)
    assert str(record) in str(refused.value)


# --- the registry of steps ----------------------------------------------------------------------


def test_the_registry_has_a_step_from_every_version_up_to_the_current_one():
    assert sorted(migrations.STEPS) == list(range(1, migrations.CURRENT_VERSION))
    assert storage.SCHEMA_VERSION == migrations.CURRENT_VERSION == 3
    assert (migrations.RECORD_TABLE, migrations.INDEX_ROWS_TABLE, migrations.INDEX_FILES_TABLE) == (
        store_module.RECORD_TABLE,
        store_module.INDEX_TABLE,
        store_module.FILES_TABLE,
    )
    assert (upgrade.INDEX_NAME, upgrade.RECORDS_FOLDER) == (store_module.INDEX_NAME, store_module.RECORDS_FOLDER)


def test_step_1_to_2_numbers_the_documents_and_keeps_each_id_as_a_field():
    record = {"id": "kmn234", "mentor": "Dana"}
    assert migrations.upgrade({"partnership": {"kmn234": record}}, "partnership", 1) == {"partnership": {"1": record}}
    rows = {"kmn234": {"id": "kmn234", "mentee": "Sam"}, "pqr567": {"id": "pqr567", "mentee": "Kim"}}
    prints = {"kmn234": {"file": [1, 2, 3]}, "pqr567": {"file": [4, 5, 6]}}
    assert migrations.upgrade({"partnerships": rows, "files": prints}, "index", 1) == {
        "partnerships": {"1": rows["kmn234"], "2": rows["pqr567"]},
        "files": {"1": {"id": "kmn234", "file": [1, 2, 3]}, "2": {"id": "pqr567", "file": [4, 5, 6]}},
    }
    assert migrations.upgrade({"partnership": {"1": record}}, "partnership", 2) == {"partnership": {"1": record}}


def test_files_at_1_go_through_both_steps_in_order_and_the_partly_reason_moves():
    """2 -> 3: a partly achieved goal's reason leaves not_met_reason for a field of its own."""
    v1 = {"partnership": {"kmn234": {"id": "kmn234", "goals": [{"text": "g", "status": "partly", "not_met_reason": "time"}]}}}
    upgraded = migrations.upgrade(v1, "partnership", 1)
    expected_goal = {"text": "g", "status": "partly", "not_met_reason": "", "partly_reason": "time"}
    assert upgraded == {"partnership": {"1": {"id": "kmn234", "goals": [expected_goal]}}}
    assert migrations.upgrade({"partnership": {"1": v1["partnership"]["kmn234"]}}, "partnership", 2) == upgraded
    assert migrations.upgrade(upgraded, "partnership", 3) == upgraded  # current: nothing to do
    index = {"partnerships": {"1": {"id": "kmn234", "goals_total": 1}}}
    assert migrations.upgrade(index, "index", 2) == index  # rows are summaries: record steps leave them


def test_a_writer_moves_the_partly_reasons_of_a_version_1_folder(tmp_path):
    db = copy_v1_store(tmp_path / "db")
    before = {pid: json.loads((db / "partnerships" / f"{pid}.json").read_text()) for pid in V1_IDS}
    partly = [
        (pid, goal["text"], goal["not_met_reason"])
        for pid, tables in before.items()
        for goal in tables["partnership"][pid]["goals"]
        if goal["status"] == "partly" and goal.get("not_met_reason")
    ]
    assert partly, "the version-1 folder has no partly achieved goal with a reason: nothing to check"
    with Store.open_writer(db) as store:
        for pid, text, reason in partly:
            goal = next(g for g in store.get(pid).goals if g.text == text)
            assert (goal.partly_reason, goal.not_met_reason) == (reason, "")


def test_a_record_a_step_cannot_upgrade_is_refused_naming_its_file(tmp_path, monkeypatch):
    monkeypatch.setitem(migrations.STEPS, 1, Step(layout=migrations.ids_become_fields, record=lambda r: r["no such field"]))
    db = copy_v1_store(tmp_path / "db")
    with Store.open_reader(db) as store:  # copies: no fingerprint matches, so every record is read
        assert store.summaries() == [] and sorted(store.unreadable) == V1_IDS
        assert all("cannot be upgraded from data version 1" in problem for problem in store.problems)
        with pytest.raises(StoreError, match="cannot be upgraded from data version 1") as refused:
            store.get(V1_IDS[0])
    assert str(db / "partnerships" / f"{V1_IDS[0]}.json") in str(refused.value)


# --- reading and upgrading a version-1 data folder --------------------------------------------------


def test_a_reader_reads_a_version_1_folder_in_memory_without_writing_a_byte(tmp_path):
    db = copy_v1_store(tmp_path / "db")
    before = every_file(db)
    with Store.open_reader(db) as store:
        assert sorted(store.ids()) == V1_IDS
        assert store.problems == []
        for pid in V1_IDS:
            assert store.get(pid).to_dict() == Partnership.from_dict(current_document(pid)).to_dict()
    assert every_file(db) == before


def test_a_writer_upgrades_a_version_1_folder_once_keeping_every_record(tmp_path):
    db = copy_v1_store(tmp_path / "db")
    v1_rows = {pid: row for pid, row in json.loads((V1_STORE / "index.json").read_text(encoding="utf-8"))["partnerships"].items()}
    with Store.open_writer(db) as store:
        assert sorted(store.ids()) == V1_IDS and store.problems == []
        assert {s["id"]: s for s in store.summaries()} == v1_rows

    for pid in V1_IDS:
        assert stored_document(db, pid) == current_document(pid)  # every field, private notes too
    assert {row["id"]: dict(row) for row in plain_tinydb_tables(db / "index.json")["partnerships"]} == v1_rows
    for path in data_files(db):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in db.iterdir()) == [".lock", "index.json", "partnerships"]  # no staging left

    after = every_file(db)
    index_inode = (db / "index.json").stat().st_ino
    with Store.open_writer(db) as store:  # once: nothing more to upgrade, and the index's fingerprints hold
        assert sorted(store.ids()) == V1_IDS
    assert every_file(db) == after and (db / "index.json").stat().st_ino == index_inode


def test_a_version_1_record_restored_into_an_upgraded_folder_is_upgraded_when_next_opened(tmp_path):
    db = copy_v1_store(tmp_path / "db")
    Store.open_writer(db).close()
    restored = db / "partnerships" / f"{V1_IDS[0]}.json"
    restored.write_bytes((V1_STORE / "partnerships" / restored.name).read_bytes())  # an old backup put back
    with Store.open_writer(db) as store:
        assert store.get(V1_IDS[0]).to_dict() == Partnership.from_dict(current_document(V1_IDS[0])).to_dict()
    assert stored_document(db, V1_IDS[0]) == current_document(V1_IDS[0])
    with Store.open_writer(db) as store:  # its new fingerprint is in the index: not read again
        assert unpacked(store._prints[V1_IDS[0]])[0] == restored.stat().st_ino


def test_a_full_disk_during_the_upgrade_changes_nothing_and_the_folder_stays_readable(tmp_path, monkeypatch):
    db = copy_v1_store(tmp_path / "db")
    before = every_file(db)
    real_write, calls = upgrade.atomic_write, []

    def fills_up(path, data, **kwargs):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(path, data, **kwargs)

    monkeypatch.setattr(upgrade, "atomic_write", fills_up)
    with pytest.raises(StoreError, match="could not upgrade the data files .*No space left on device; nothing was changed"):
        Store.open_writer(db)
    assert every_file(db) == before and not (db / upgrade.STAGING).exists()
    with Store.open_reader(db) as store:
        assert sorted(store.ids()) == V1_IDS
    monkeypatch.setattr(upgrade, "atomic_write", real_write)
    Store.open_writer(db).close()
    assert stored_document(db, V1_IDS[0]) == current_document(V1_IDS[0])


class Killed(BaseException):
    """What a kill leaves: the upgrade stops where it is, nothing of it cleaned up."""


def stop_after_first(monkeypatch, name: str) -> None:
    real, done = getattr(upgrade, name), []

    def first_then_stop(*args):
        if done:
            raise Killed
        done.append(real(*args))

    monkeypatch.setattr(upgrade, name, first_then_stop)


def test_an_upgrade_stopped_while_staging_is_undone_and_redone_by_the_next_writer(tmp_path, monkeypatch):
    db = copy_v1_store(tmp_path / "db")
    before = every_file(db)
    stop_after_first(monkeypatch, "stage_file")
    with pytest.raises(Killed):
        Store.open_writer(db)
    monkeypatch.undo()
    assert (db / upgrade.STAGING).is_dir()
    assert {k: v for k, v in every_file(db).items() if not k.startswith(upgrade.STAGING)} == before  # old files untouched
    with Store.open_reader(db) as store:
        assert sorted(store.ids()) == V1_IDS and store.problems == []
    Store.open_writer(db).close()
    assert not (db / upgrade.STAGING).exists()
    for pid in V1_IDS:
        assert stored_document(db, pid) == current_document(pid)


def test_an_upgrade_stopped_after_its_commit_is_finished_by_the_next_writer(tmp_path, monkeypatch):
    db = copy_v1_store(tmp_path / "db")
    stop_after_first(monkeypatch, "move_file")
    with pytest.raises(Killed):
        Store.open_writer(db)
    monkeypatch.undo()
    assert (db / upgrade.COMMITTED).is_dir() and not (db / upgrade.STAGING).exists()
    before = every_file(db)
    with Store.open_reader(db) as store:  # half the files moved: a reader reads both kinds
        assert sorted(store.ids()) == V1_IDS and store.problems == []
        for pid in V1_IDS:
            assert store.get(pid).to_dict() == Partnership.from_dict(current_document(pid)).to_dict()
    assert every_file(db) == before
    Store.open_writer(db).close()
    assert not (db / upgrade.COMMITTED).exists()
    for path in data_files(db):
        plain_tinydb_tables(path)
    for pid in V1_IDS:
        assert stored_document(db, pid) == current_document(pid)


@pytest.mark.parametrize("folder", [upgrade.STAGING, upgrade.COMMITTED])
def test_a_link_planted_as_an_upgrade_folder_is_refused_and_never_followed(tmp_path, folder):
    db = copy_v1_store(tmp_path / "db")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "partnerships").mkdir(parents=True)
    (elsewhere / "partnerships" / "theirs.json").write_text("theirs")
    os.symlink(elsewhere, db / folder)
    before = every_file(db)
    with pytest.raises(UnsafePathError, match="is a symbolic link") as refused:
        Store.open_writer(db)
    assert str(db / folder) in str(refused.value)
    assert (elsewhere / "partnerships" / "theirs.json").read_text() == "theirs"  # neither moved in nor deleted
    assert every_file(db) == before and os.path.islink(db / folder)
    with Store.open_reader(db) as store:
        assert sorted(store.ids()) == V1_IDS

async def test_the_app_opens_a_version_1_folder_upgrades_it_and_lists_every_partnership(tmp_path):
    db = copy_v1_store(tmp_path / "db")
    app = CloserApp(db)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.startup_error is None and isinstance(app.screen, PartnershipsScreen)
        assert sorted(app.screen.query_one(PartnershipTable).row_ids()) == V1_IDS
        assert not app._notifications  # an upgrade is nothing to warn about
        await pilot.press("ctrl+q")
    for path in data_files(db):
        plain_tinydb_tables(path)
    for pid in V1_IDS:
        assert stored_document(db, pid) == current_document(pid)


def test_the_audience_view_reads_a_version_1_record_as_it_is_without_writing(tmp_path):
    from closer_tui.audience import read_public_record

    db = copy_v1_store(tmp_path / "db")
    before = every_file(db)
    shown = read_public_record(db / "partnerships" / f"{V1_IDS[0]}.json")
    assert shown.id == V1_IDS[0] and shown.mentee == v1_document(V1_IDS[0])["mentee"]
    assert shown.close.private_notes == ""  # dropped before it became a Partnership, as at version 2
    assert every_file(db) == before

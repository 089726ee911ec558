"""The store on disk: private files, atomic saves, refusing what it cannot read, one writer at a time.

Layout of a data folder (see closer_tui/store/store.py)::

    index.json                 one summary per partnership
    partnerships/<id>.json     the whole record of one partnership
    .lock                      held by the one process allowed to write
    .index-stale               present only while the index may lag a record
"""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import threading
from pathlib import Path

import pytest

from closer_tui.model import Partnership
from closer_tui.store import (
    CorruptFileError,
    DuplicateIdError,
    NewerSchemaError,
    NotFoundError,
    Store,
    StoreLockedError,
    StoreError,
    StoreReadOnlyError,
    StoreWriteError,
)
from closer_tui.store import files
from closer_tui.store.lock import LOCK_NAME

from records import closed_partnership, partnership, start_lock_holder


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def record_file(db: Path, pid: str) -> Path:
    return db / "partnerships" / f"{pid}.json"


def temp_files(db: Path) -> list[Path]:
    return sorted(p for p in db.rglob("*") if p.name.endswith(files.TEMP_SUFFIX))


def store_with(db: Path, *partnerships: Partnership) -> list[str]:
    """Create a data folder holding ``partnerships``, closed again (unlocked)."""
    with Store.open_writer(db) as store:
        return [store.add(p) for p in partnerships]


def index_row(index: dict, pid: str) -> dict:
    """The row of partnership ``pid`` in the tables of index.json (documents have TinyDB's ids)."""
    (row,) = [row for row in index["partnerships"].values() if row["id"] == pid]
    return row


def edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def permissive_umask():
    old = os.umask(0o000)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def lock_holder(tmp_path):
    """Another process holding the writer lock on tmp_path/'db' until the test ends."""
    db = tmp_path / "db"
    store_with(db, partnership(id="kept22"))
    proc = start_lock_holder(db)
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        stream.close()


# --- privacy ---------------------------------------------------------------


def test_data_files_are_private_to_the_owner_even_under_a_permissive_umask(tmp_path, permissive_umask):
    db = tmp_path / "new" / "nested" / "db"
    (pid,) = store_with(db, partnership())
    for folder in (tmp_path / "new", tmp_path / "new" / "nested", db, db / "partnerships"):
        assert mode(folder) == 0o700, folder
    for path in (db / "index.json", record_file(db, pid), db / LOCK_NAME):
        assert mode(path) == 0o600, path


def test_files_stay_private_after_being_saved_again(tmp_path, permissive_umask):
    db = tmp_path / "db"
    with Store.open_writer(db) as store:
        p = partnership()
        store.add(p)
        p.goals[0].status = "achieved"
        store.save(p)
    assert mode(record_file(db, p.id)) == 0o600
    assert mode(db / "index.json") == 0o600


def test_an_existing_data_folder_readable_by_others_is_refused_and_left_as_it_is(tmp_path):
    db = tmp_path / "db"
    db.mkdir()
    os.chmod(db, 0o755)
    with pytest.raises(StoreError, match="open to other users"):
        Store.open_writer(db)
    assert mode(db) == 0o755
    assert list(db.iterdir()) == []


def test_a_data_path_that_is_a_file_is_refused_clearly(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("my own file")
    with pytest.raises(StoreError) as caught:
        Store.open_writer(path)
    assert "is a file" in str(caught.value)
    assert path.read_text() == "my own file"


# --- saving ----------------------------------------------------------------


def test_a_saved_note_is_there_after_reopening(tmp_path):
    db = tmp_path / "db"
    with Store.open_writer(db) as store:
        p = partnership()
        store.add(p)
        p.close.stage_notes["evaluate"] = "Sam finished the grant draft 🎉"
        store.save(p)
    with Store.open_reader(db) as store:
        assert store.get(p.id).close.stage_notes["evaluate"] == "Sam finished the grant draft 🎉"
    with Store.open_writer(db) as store:
        assert store.get(p.id).close.stage_notes["evaluate"] == "Sam finished the grant draft 🎉"


def test_a_fully_recorded_partnership_comes_back_exactly_as_saved(tmp_path):
    db = tmp_path / "db"
    p = closed_partnership(mentee="Zoë 山田 🌱")
    store_with(db, p)
    with Store.open_reader(db) as store:
        assert store.get(p.id).to_dict() == p.to_dict()


def test_adding_a_partnership_whose_id_is_taken_gives_it_a_new_id_and_keeps_the_old_one(tmp_path):
    db = tmp_path / "db"
    store_with(db, partnership("Dana", "Sam", id="abcdef"))
    with Store.open_writer(db) as store:
        newcomer = partnership("Lee", "Kim", id="abcdef")
        new_id = store.add(newcomer)
        assert new_id != "abcdef"
        assert store.get("abcdef").mentee == "Sam"
        assert store.get(new_id).mentee == "Kim"


def test_an_invalid_partnership_is_not_saved(tmp_path):
    db = tmp_path / "db"
    (pid,) = store_with(db, partnership())
    before = record_file(db, pid).read_bytes()
    with Store.open_writer(db) as store:
        p = store.get(pid)
        p.mentor = "  "
        with pytest.raises(ValueError):
            store.save(p)
    assert record_file(db, pid).read_bytes() == before


def test_a_partnership_with_an_id_closer_could_not_read_back_is_not_saved(tmp_path):
    """Whatever the store accepts, it can read again: ids use closer's id alphabet (no i, l, o, 0, 1)."""
    db = tmp_path / "db"
    with Store.open_writer(db) as store:
        p = partnership(id="hello1")
        with pytest.raises(ValueError):
            store.add(p)
    assert not record_file(db, "hello1").exists()


def test_a_reader_cannot_save(tmp_path):
    db = tmp_path / "db"
    (pid,) = store_with(db, partnership())
    with Store.open_reader(db) as store:
        p = store.get(pid)
        p.close.stage_notes["evaluate"] = "typed while read-only"
        with pytest.raises(StoreReadOnlyError):
            store.save(p)
    with Store.open_reader(db) as store:
        assert "evaluate" not in store.get(pid).close.stage_notes


# --- atomic writes ---------------------------------------------------------


def failing_replace(monkeypatch, *, only=lambda dst: True):
    """Make the rename at the end of an atomic write fail (as on a full or vanished disk)."""
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if only(Path(dst)):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(files.os, "replace", replace)


def test_a_save_that_fails_before_the_rename_leaves_the_old_file_whole_and_no_temp_file(tmp_path, monkeypatch):
    db = tmp_path / "db"
    with Store.open_writer(db) as store:
        p = partnership()
        store.add(p)
        p.close.stage_notes["evaluate"] = "first version"
        store.save(p)
        before = record_file(db, p.id).read_bytes()

        p.close.stage_notes["evaluate"] = "second version"
        failing_replace(monkeypatch)
        with pytest.raises(StoreWriteError) as caught:
            store.save(p)
        monkeypatch.undo()

        assert str(record_file(db, p.id)) in str(caught.value)
        assert "previous version is intact" in str(caught.value)
        assert record_file(db, p.id).read_bytes() == before
        assert temp_files(db) == []
        assert store.get(p.id).close.stage_notes["evaluate"] == "first version"

        store.save(p)  # the disk has room again: the same store carries on
    with Store.open_reader(db) as store:
        assert store.get(p.id).close.stage_notes["evaluate"] == "second version"


def test_a_failed_index_write_leaves_the_index_whole_and_the_list_right_after_reopening(tmp_path, monkeypatch):
    db = tmp_path / "db"
    with Store.open_writer(db) as store:
        p = partnership()
        store.add(p)
        index_before = (db / "index.json").read_bytes()
        p.goals[0].status = "achieved"
        failing_replace(monkeypatch, only=lambda dst: dst.name == "index.json")
        with pytest.raises(StoreWriteError):
            store.save(p)
        monkeypatch.undo()
        assert (db / "index.json").read_bytes() == index_before
        assert temp_files(db) == []
    with Store.open_reader(db) as store:
        assert store.summaries()[0]["goals_met"] == 1


def test_when_the_disk_fills_up_right_after_the_record_is_written_the_list_is_still_right_after_reopening(
    tmp_path, monkeypatch
):
    """Every write after the partnership file fails (the stale marker and the index)."""
    db = tmp_path / "db"
    with Store.open_writer(db) as store:
        p = partnership()
        store.add(p)
        p.goals[0].status = "achieved"
        failing_replace(monkeypatch, only=lambda dst: dst.parent == db)
        with pytest.raises((StoreWriteError, OSError)):
            store.save(p)
        monkeypatch.undo()
    with Store.open_reader(db) as store:
        saved = store.get(p.id)
        (summary,) = store.summaries()
        assert summary == saved.summary(), "the list disagrees with the partnership file"


def test_a_save_that_cannot_write_the_index_marker_is_reported_as_a_store_write_error(tmp_path, monkeypatch):
    """The app and the CLI show a StoreWriteError as "could not save ..."; a bare OSError is "unexpected"."""
    db = tmp_path / "db"
    with Store.open_writer(db) as store:
        p = partnership()
        store.add(p)
        p.goals[0].status = "achieved"
        failing_replace(monkeypatch, only=lambda dst: dst.name == ".index-stale")
        with pytest.raises(StoreWriteError):
            store.save(p)


def test_temp_files_left_by_a_killed_writer_are_cleaned_up_on_next_open(tmp_path):
    db = tmp_path / "db"
    (pid,) = store_with(db, partnership())
    leftover = files.temp_path_for(record_file(db, pid), "12345")
    leftover.write_text("half a rec")
    Store.open_writer(db).close()
    assert not leftover.exists()
    assert record_file(db, pid).exists()


def died_holding_the_lock(db: Path) -> None:
    """The lock file as a writer killed mid-write leaves it: its pid still there (the flock went with it)."""
    (db / LOCK_NAME).write_text("99999\n")


def test_after_a_writer_died_one_that_opens_a_partnership_first_sweeps_temp_files_at_once(tmp_path):
    # `closer open ID` opens the store without reading the index: the records folder is swept anyway.
    db = tmp_path / "db"
    (pid,) = store_with(db, partnership())
    leftover = files.temp_path_for(record_file(db, pid), "12345")
    leftover.write_text("half a rec")
    at_the_root = files.temp_path_for(db / "index.json", "12345")
    at_the_root.write_text("half an index")
    died_holding_the_lock(db)
    with Store.open_writer(db, load_index=False) as store:
        assert not leftover.exists() and not at_the_root.exists()
        assert store.get(pid).id == pid


def test_after_a_clean_close_the_records_folder_is_not_listed_before_the_index_is_read(tmp_path, monkeypatch):
    db = tmp_path / "db"
    store_with(db, partnership())
    assert (db / LOCK_NAME).read_text() == ""  # the last writer released the lock
    listed = []
    real_listdir = os.listdir
    monkeypatch.setattr(files.os, "listdir", lambda folder: listed.append(Path(folder)) or real_listdir(folder))
    with Store.open_writer(db, load_index=False) as store:
        assert db / "partnerships" not in listed
        store.load_index()  # its listing of the folder sweeps what a killed writer might have left
    assert listed == [db]


def test_a_writer_leaves_its_pid_in_the_lock_until_it_closes(tmp_path):
    db = tmp_path / "db"
    with Store.open_writer(db) as store:
        assert (db / LOCK_NAME).read_text() == f"{os.getpid()}\n"
        assert not store._lock.last_holder_died
    assert (db / LOCK_NAME).read_text() == ""
    died_holding_the_lock(db)
    with Store.open_writer(db) as store:
        assert store._lock.last_holder_died


def save_held_up_in_a_thread(store: Store, pid: str, monkeypatch) -> tuple[threading.Thread, threading.Event]:
    """A note's save started in another thread, held in its write (its temp file open) until the event is set."""
    record = store.get(pid).to_dict()
    record["close"]["stage_notes"]["evaluate"] = "saved in a worker"
    writing, may_finish = threading.Event(), threading.Event()
    real_atomic_write = files.atomic_write

    def held_up_write(path, data, **kwargs):
        writing.set()
        may_finish.wait(5)
        real_atomic_write(path, data, **kwargs)

    monkeypatch.setattr("closer_tui.store.storage.atomic_write", held_up_write)
    saver = threading.Thread(target=store.save_record, args=(record,))
    saver.start()
    assert writing.wait(5)
    return saver, may_finish


def test_a_store_waits_for_a_save_under_way_before_giving_up_the_lock_cleanly(tmp_path, monkeypatch):
    db = tmp_path / "db"
    (pid,) = store_with(db, partnership())
    store = Store.open_writer(db)
    saver, may_finish = save_held_up_in_a_thread(store, pid, monkeypatch)
    closing = threading.Thread(target=store.close)
    closing.start()
    closing.join(0.2)
    assert closing.is_alive()  # held back by the save
    may_finish.set()
    saver.join(5), closing.join(5)
    assert (db / LOCK_NAME).read_text() == ""
    assert temp_files(db) == []
    with Store.open_reader(db) as reader:
        assert reader.get(pid).close.stage_notes["evaluate"] == "saved in a worker"


def test_a_save_that_hangs_past_the_close_leaves_the_pid_for_the_next_writer_to_sweep(tmp_path, monkeypatch):
    db = tmp_path / "db"
    (pid,) = store_with(db, partnership())
    store = Store.open_writer(db)
    monkeypatch.setattr("closer_tui.store.store.CLOSE_WAITS_FOR_A_SAVE", 0.05)
    saver, may_finish = save_held_up_in_a_thread(store, pid, monkeypatch)
    store.close()  # gives up waiting on the stalled disk
    assert (db / LOCK_NAME).read_text() == f"{os.getpid()}\n"
    may_finish.set()
    saver.join(5)
    with Store.open_writer(db, load_index=False) as store:
        assert store._lock.last_holder_died


def test_a_closed_store_refuses_to_save(tmp_path):
    db = tmp_path / "db"
    (pid,) = store_with(db, partnership())
    store = Store.open_writer(db)
    record = store.get(pid).to_dict()
    store.close()
    with pytest.raises(StoreError, match="was closed; nothing was saved"):
        store.save_record(record)


def test_reading_the_index_sweeps_the_temp_files_its_listing_finds(tmp_path):
    db = tmp_path / "db"
    (pid,) = store_with(db, partnership())
    with Store.open_writer(db, load_index=False) as store:
        leftover = files.temp_path_for(record_file(db, pid), "12345")
        leftover.write_text("half a rec")
        store.load_index()
        assert not leftover.exists()
        assert store.ids() == [pid] and record_file(db, pid).exists()


def test_a_reader_never_deletes_temp_files(tmp_path):
    db = tmp_path / "db"
    (pid,) = store_with(db, partnership())
    leftover = files.temp_path_for(record_file(db, pid), "12345")
    leftover.write_text("half a rec, or a writer's save under way")
    store = Store.open_reader(db)
    assert store.ids() == [pid]
    assert leftover.exists()



# --- files closer cannot read are refused and never overwritten ------------


def test_a_corrupt_partnership_file_is_refused_and_left_unchanged(tmp_path):
    db = tmp_path / "db"
    p = partnership()
    store_with(db, p)
    path = record_file(db, p.id)
    path.write_bytes(b'{"_closer": {"1": {"schema": 1, "kind": "partn')
    broken = path.read_bytes()

    with Store.open_reader(db) as store, pytest.raises(CorruptFileError) as caught:
        store.get(p.id)
    assert str(path) in str(caught.value)

    with Store.open_writer(db) as store:
        p.close.stage_notes["evaluate"] = "typed after the file broke"
        with pytest.raises(CorruptFileError):
            store.save(p)
    assert path.read_bytes() == broken


def test_a_partnership_file_from_a_newer_closer_is_refused_and_left_unchanged(tmp_path):
    db = tmp_path / "db"
    p = partnership()
    store_with(db, p)
    path = record_file(db, p.id)
    edit_json(path, lambda data: data["_closer"]["1"].update(schema=99))
    newer = path.read_bytes()

    with Store.open_reader(db) as store, pytest.raises(NewerSchemaError) as caught:
        store.get(p.id)
    assert str(path) in str(caught.value)
    assert "99" in str(caught.value)

    with Store.open_writer(db) as store:
        p.goals[0].status = "achieved"
        with pytest.raises(NewerSchemaError):
            store.save(p)
    assert path.read_bytes() == newer


@pytest.mark.parametrize(
    "content",
    [b"", b"not json at all", b"[1, 2, 3]", b'{"partnerships": {}}', b"\xff\xfe\x00garbage"],
    ids=["empty", "not-json", "a-list", "no-data-version", "not-utf8"],
)
def test_a_damaged_index_is_set_aside_not_overwritten_and_rebuilt(tmp_path, content):
    """The index is a cache: a reader rebuilds it in memory, a writer renames it aside and writes a new one."""
    db = tmp_path / "db"
    (pid,) = store_with(db, partnership())
    index = db / "index.json"
    index.write_bytes(content)

    with Store.open_reader(db) as store:
        assert store.ids() == [pid]
        assert any(str(index) in problem for problem in store.problems)
    assert index.read_bytes() == content  # a reader never writes

    with Store.open_writer(db) as store:
        assert store.ids() == [pid]
        (problem,) = store.problems
    (aside,) = db.glob("index.json.damaged-*")
    assert aside.read_bytes() == content and aside.name in problem
    with Store.open_reader(db) as store:
        assert store.ids() == [pid] and store.problems == []


def test_an_index_from_a_newer_closer_is_refused_and_left_unchanged(tmp_path):
    db = tmp_path / "db"
    store_with(db, partnership())
    index = db / "index.json"
    edit_json(index, lambda data: data["_closer"]["1"].update(schema=99))
    newer = index.read_bytes()
    with pytest.raises(NewerSchemaError):
        Store.open_writer(db)
    assert index.read_bytes() == newer


def test_a_store_opened_without_its_index_reads_it_when_first_needed(tmp_path, monkeypatch):
    db = tmp_path / "db"
    first, second = store_with(db, partnership(mentee="Ana"), partnership(mentee="Bo"))
    reads = []
    real_load = Store._load_index
    monkeypatch.setattr(Store, "_load_index", lambda self: (reads.append(1), real_load(self))[1])
    with Store.open_writer(db, load_index=False) as store:
        assert reads == []
        assert store.get(first).mentee == "Ana" and first in store  # one record: no index needed
        assert reads == []
        changed = store.get(first)
        changed.mentee = "Ana María"  # a summary change: the index is read, then rewritten
        store.save(changed)
        assert reads == [1]
        assert sorted(store.ids()) == sorted([first, second])
    with Store.open_reader(db) as store:
        assert {s["mentee"] for s in store.summaries()} == {"Ana María", "Bo"}


def test_a_damaged_index_is_set_aside_when_first_needed_if_opening_skipped_it(tmp_path):
    db = tmp_path / "db"
    (pid,) = store_with(db, partnership())
    index = db / "index.json"
    index.write_bytes(b"not json at all")
    with Store.open_writer(db, load_index=False) as store:
        note = store.get(pid)
        note.close.stage_notes["evaluate"] = "still saved"
        store.save(note)  # the summary is unchanged: the partnership's own file is enough
        assert store.ids() == [pid]
        renamed = store.get(pid)
        renamed.mentee = "Someone Else"
        store.save(renamed)
    (aside,) = db.glob("index.json.damaged-*")
    assert aside.read_bytes() == b"not json at all"
    with Store.open_reader(db) as store:
        assert store.summaries()[0]["mentee"] == "Someone Else"
    (record,) = json.loads(record_file(db, pid).read_text(encoding="utf-8"))["partnership"].values()
    assert record["close"]["stage_notes"]["evaluate"] == "still saved"


def test_a_failed_open_does_not_leave_the_folder_locked(tmp_path):
    db = tmp_path / "db"
    store_with(db, partnership())
    edit_json(db / "index.json", lambda data: data["_closer"]["1"].update(schema=99))
    with pytest.raises(NewerSchemaError):
        Store.open_writer(db)
    with pytest.raises(NewerSchemaError):  # the same refusal, not "in use by another closer"
        Store.open_writer(db)


def test_rebuilding_the_index_skips_a_corrupt_partnership_reports_it_and_leaves_it_alone(tmp_path):
    db = tmp_path / "db"
    good, bad = partnership("Dana", "Sam"), partnership("Lee", "Kim")
    store_with(db, good, bad)
    record_file(db, bad.id).write_bytes(b"{broken")
    (db / "index.json").unlink()

    with Store.open_writer(db) as store:
        assert store.ids() == [good.id]
        assert any(str(record_file(db, bad.id)) in problem for problem in store.problems)
    assert record_file(db, bad.id).read_bytes() == b"{broken"


# --- the index -------------------------------------------------------------


def identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_ino, info.st_mtime_ns


def test_saving_a_note_rewrites_only_that_partnership_not_the_index(tmp_path):
    db = tmp_path / "db"
    with Store.open_writer(db) as store:
        p, other = partnership("Dana", "Sam"), partnership("Lee", "Kim")
        store.add(p)
        store.add(other)
        index_before = identity(db / "index.json")
        other_before = identity(record_file(db, other.id))
        record_before = identity(record_file(db, p.id))

        p.close.stage_notes["evaluate"] = "A long note typed during the close"
        store.save(p)

        assert identity(db / "index.json") == index_before
        assert identity(record_file(db, other.id)) == other_before
        assert identity(record_file(db, p.id)) != record_before
        assert not (db / ".index-stale").exists()


def test_changing_a_goal_status_updates_the_index(tmp_path):
    db = tmp_path / "db"
    with Store.open_writer(db) as store:
        p = partnership()
        store.add(p)
        index_before = identity(db / "index.json")
        p.goals[0].status = "achieved"
        store.save(p)
        assert identity(db / "index.json") != index_before
        assert not (db / ".index-stale").exists()
    with Store.open_reader(db) as store:
        assert store.summaries()[0]["goals_met"] == 1


def test_a_missing_index_is_rebuilt_from_the_partnership_files(tmp_path):
    db = tmp_path / "db"
    ids = store_with(db, partnership("Dana", "Sam"), closed_partnership("Ana", "Tomás"))
    (db / "index.json").unlink()

    with Store.open_reader(db) as store:
        assert sorted(store.ids()) == sorted(ids)
    assert not (db / "index.json").exists()  # a reader never writes

    with Store.open_writer(db) as store:
        assert sorted(store.ids()) == sorted(ids)
    assert (db / "index.json").exists()


def test_an_index_marked_stale_is_rebuilt_from_the_partnership_files(tmp_path):
    """A writer killed between saving a partnership and updating the index leaves the marker."""
    db = tmp_path / "db"
    (pid,) = store_with(db, partnership("Dana", "Sam"))
    edit_json(db / "index.json", lambda data: index_row(data, pid).update(mentee="Stale Name"))

    with Store.open_reader(db) as store:  # without the marker the index is trusted as it is
        assert store.summaries()[0]["mentee"] == "Stale Name"

    (db / ".index-stale").write_text("")
    with Store.open_reader(db) as store:
        assert store.summaries()[0]["mentee"] == "Sam"
    with Store.open_writer(db) as store:
        assert store.summaries()[0]["mentee"] == "Sam"
    assert not (db / ".index-stale").exists()
    assert "Stale Name" not in (db / "index.json").read_text(encoding="utf-8")


def test_summaries_list_names_status_and_goal_counts(tmp_path):
    db = tmp_path / "db"
    p = closed_partnership("Ana Lima", "Tomás Ngata")
    store_with(db, p)
    with Store.open_reader(db) as store:
        (summary,) = store.summaries()
    assert summary["mentor"] == "Ana Lima"
    assert summary["mentee"] == "Tomás Ngata"
    assert summary["status"] == "closed"
    assert (summary["goals_met"], summary["goals_total"]) == (1, 3)


# --- one writer at a time --------------------------------------------------


def test_a_second_writer_in_the_same_process_is_refused_while_readers_still_work(tmp_path):
    db = tmp_path / "db"
    p = partnership()
    with Store.open_writer(db) as writer:
        writer.add(p)
        with pytest.raises(StoreLockedError) as caught:
            Store.open_writer(db)
        assert f"process {os.getpid()}" in str(caught.value)
        with Store.open_reader(db) as reader:
            assert reader.ids() == [p.id]
            assert reader.get(p.id).mentee == p.mentee


def test_the_lock_is_released_when_the_writer_closes(tmp_path):
    db = tmp_path / "db"
    Store.open_writer(db).close()
    with Store.open_writer(db) as store:
        assert store.writable


def test_a_writer_in_another_process_locks_out_writers_but_not_readers(tmp_path, lock_holder):
    db = tmp_path / "db"
    with pytest.raises(StoreLockedError) as caught:
        Store.open_writer(db)
    assert f"process {lock_holder.pid}" in str(caught.value)
    assert "Reading" in str(caught.value)
    with Store.open_reader(db) as reader:
        assert reader.ids() == ["kept22"]
        assert reader.get("kept22").mentor == "Dana Okafor"


def test_the_lock_is_released_when_the_holder_closes_normally(tmp_path, lock_holder):
    lock_holder.stdin.close()
    assert lock_holder.wait(timeout=10) == 0
    Store.open_writer(tmp_path / "db").close()


def test_the_lock_is_released_when_the_holder_is_killed(tmp_path, lock_holder):
    db = tmp_path / "db"
    with pytest.raises(StoreLockedError):
        Store.open_writer(db)
    os.kill(lock_holder.pid, signal.SIGKILL)
    assert lock_holder.wait(timeout=10) == -signal.SIGKILL
    with Store.open_writer(db) as store:
        assert store.ids() == ["kept22"]


# --- importing -------------------------------------------------------------


def test_importing_adds_every_partnership(tmp_path):
    db = tmp_path / "db"
    incoming = [partnership("Dana", "Sam"), closed_partnership("Ana", "Tomás")]
    with Store.open_writer(db) as store:
        assert store.import_partnerships(incoming) == [p.id for p in incoming]
    with Store.open_reader(db) as store:
        assert sorted(store.ids()) == sorted(p.id for p in incoming)


def test_an_import_clashing_with_a_stored_id_adds_nothing(tmp_path):
    db = tmp_path / "db"
    existing = partnership("Dana", "Sam")
    store_with(db, existing)
    newcomer = partnership("Lee", "Kim")
    clash = closed_partnership("Someone", "Else", id=existing.id)

    with Store.open_writer(db) as store:
        with pytest.raises(DuplicateIdError) as caught:
            store.import_partnerships([newcomer, clash])
        assert existing.id in str(caught.value)
        assert store.ids() == [existing.id]
    assert not record_file(db, newcomer.id).exists()
    with Store.open_reader(db) as store:
        assert store.ids() == [existing.id]
        assert store.get(existing.id).mentee == "Sam"


def test_an_import_holding_the_same_id_twice_adds_nothing(tmp_path):
    db = tmp_path / "db"
    twin = partnership("Dana", "Sam", id="twn222")
    with Store.open_writer(db) as store:
        with pytest.raises(DuplicateIdError):
            store.import_partnerships([partnership("Lee", "Kim"), twin, partnership("Ana", "Tomás", id="twn222")])
        assert len(store) == 0
    assert list((db / "partnerships").glob("*.json")) == []


def test_an_import_that_fails_to_write_part_way_adds_nothing(tmp_path, monkeypatch):
    db = tmp_path / "db"
    existing = partnership("Dana", "Sam")
    store_with(db, existing)
    first, second = partnership("Lee", "Kim"), partnership("Ana", "Tomás")
    with Store.open_writer(db) as store:
        failing_replace(monkeypatch, only=lambda dst: dst.name == f"{second.id}.json")
        with pytest.raises(StoreWriteError):
            store.import_partnerships([first, second])
        monkeypatch.undo()
        assert store.ids() == [existing.id]
    assert sorted(p.stem for p in (db / "partnerships").glob("*.json")) == [existing.id]
    with Store.open_reader(db) as store:
        assert store.ids() == [existing.id]


# --- finding a partnership by what the user typed ---------------------------


@pytest.fixture
def three(tmp_path) -> Store:
    db = tmp_path / "db"
    store_with(db, partnership(id="abcdef"), partnership(id="abcxyz"), partnership(id="mnpqrs"))
    with Store.open_reader(db) as store:
        yield store


def test_a_unique_start_of_an_id_finds_the_partnership(three):
    assert three.resolve("mn") == "mnpqrs"
    assert three.resolve("abcd") == "abcdef"


def test_the_whole_id_is_found_whatever_the_case_and_surrounding_spaces(three):
    assert three.resolve("abcxyz") == "abcxyz"
    assert three.resolve(" ABCXYZ ") == "abcxyz"


def test_an_ambiguous_start_lists_the_candidates(three):
    with pytest.raises(NotFoundError) as caught:
        three.resolve("abc")
    assert "abcdef" in str(caught.value) and "abcxyz" in str(caught.value)


@pytest.mark.parametrize("typed", ["zzz", "", "   ", "../etc", ".lock"])
def test_an_unknown_or_unsafe_id_is_not_found(three, typed):
    with pytest.raises(NotFoundError):
        three.resolve(typed)


def test_getting_an_unknown_id_is_not_found(three):
    with pytest.raises(NotFoundError):
        three.get("zzzzzz")


def test_saves_from_several_threads_at_once_all_land(tmp_path):
    """The app saves from worker threads while the facilitator keeps typing."""
    import threading

    db = tmp_path / "db"
    with Store.open_writer(db) as store:
        people = [partnership(f"Mentor {n}", f"Mentee {n}") for n in range(4)]
        for p in people:
            store.add(p)
        errors: list[BaseException] = []

        def type_notes(p: Partnership) -> None:
            try:
                for n in range(15):
                    p.close.stage_notes["evaluate"] = f"note {n} for {p.mentee}"
                    store.save(p)
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)

        threads = [threading.Thread(target=type_notes, args=(p,)) for p in people]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
    assert temp_files(db) == []
    with Store.open_reader(db) as store:
        for p in people:
            assert store.get(p.id).close.stage_notes["evaluate"] == f"note 14 for {p.mentee}"

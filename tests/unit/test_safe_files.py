"""Nothing planted in or around the data can make closer follow it, empty it or chmod it (issue 11, items 1 and 3).

Links, FIFOs and shared folders are real ones in tmp_path. Every test checks the thing planted
is left exactly as it was, and that the refusal is a CloserError naming it.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from closer_tui.desk import Desk
from closer_tui.errors import CloserError
from closer_tui.model import Goal, Partnership
from closer_tui.store import CorruptFileError, Store, UnsafePathError
from closer_tui.store import files
from closer_tui.store.lock import LOCK_NAME
from conftest import SOMEONE_ELSES_TEXT, untouched
from test_store import permissive_umask  # noqa: F401  (fixture)

def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path, follow_symlinks=False).st_mode)


def store_with_one(db: Path) -> str:
    with Store.open_writer(db) as store:
        return store.add(Partnership.create("Ann Lee", "Bob Roe", goals=[Goal("Publish")]))


# --- the lock ----------------------------------------------------------------------


def test_a_lock_that_is_a_symlink_is_refused_and_its_target_is_not_emptied(tmp_path, someone_elses_file):
    db = tmp_path / "db"
    store_with_one(db)
    target = someone_elses_file
    (db / LOCK_NAME).unlink()
    (db / LOCK_NAME).symlink_to(target)

    with pytest.raises(UnsafePathError) as refused:
        Store.open_writer(db)

    assert isinstance(refused.value, CloserError)
    assert str(db / LOCK_NAME) in str(refused.value) and "symbolic link" in str(refused.value)
    assert untouched(target)
    assert (db / LOCK_NAME).is_symlink()  # left where it was


def test_a_lock_that_is_a_hard_link_is_refused_and_the_other_file_is_not_emptied(tmp_path, someone_elses_file):
    db = tmp_path / "db"
    store_with_one(db)
    target = someone_elses_file
    (db / LOCK_NAME).unlink()
    os.link(target, db / LOCK_NAME)

    with pytest.raises(UnsafePathError, match="hard links"):
        Store.open_writer(db)
    assert untouched(target)


def test_a_lock_that_is_a_fifo_is_refused_at_once(tmp_path):
    db = tmp_path / "db"
    store_with_one(db)
    (db / LOCK_NAME).unlink()
    os.mkfifo(db / LOCK_NAME)

    with pytest.raises(UnsafePathError, match="FIFO"):
        Store.open_writer(db)  # would block for ever if the FIFO were opened for reading and writing
    assert stat.S_ISFIFO(os.lstat(db / LOCK_NAME).st_mode)


def test_a_new_lock_is_created_private_and_an_existing_one_keeps_its_mode(tmp_path, permissive_umask):
    db = tmp_path / "db"
    store_with_one(db)
    assert mode(db / LOCK_NAME) == 0o600
    os.chmod(db / LOCK_NAME, 0o640)
    Store.open_writer(db).close()
    assert mode(db / LOCK_NAME) == 0o640  # closer sets modes only on what it creates


# --- records, index and marker ---------------------------------------------------------


def test_a_symlinked_partnerships_folder_is_refused_its_target_not_chmodded_nor_its_temp_files_deleted(tmp_path):
    db = tmp_path / "db"
    store_with_one(db)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.chmod(elsewhere, 0o755)
    temp_file = elsewhere / ".someone-else.tmp"
    temp_file.write_text("not closer's")
    for record in (db / "partnerships").iterdir():
        record.rename(elsewhere / record.name)
    (db / "partnerships").rmdir()
    (db / "partnerships").symlink_to(elsewhere)

    with pytest.raises(UnsafePathError, match="symbolic link"):
        Store.open_writer(db)
    with pytest.raises(UnsafePathError, match="symbolic link"):
        Store.open_reader(db)

    assert mode(elsewhere) == 0o755
    assert temp_file.read_text() == "not closer's"


def test_a_record_that_is_a_symlink_is_refused_as_unreadable_and_its_target_is_left_alone(tmp_path):
    db = tmp_path / "db"
    pid = store_with_one(db)
    record = db / "partnerships" / f"{pid}.json"
    target = tmp_path / "moved.json"
    record.rename(target)
    record.symlink_to(target)
    before = target.read_bytes()

    with Store.open_reader(db) as store, pytest.raises(CorruptFileError, match="symbolic link"):
        store.get(pid)
    with Store.open_writer(db) as store:
        with pytest.raises(CorruptFileError, match="symbolic link"):
            store.get(pid)
        assert pid not in store.ids()  # skipped, and named
        assert any(str(record) in problem for problem in store.problems)
    assert target.read_bytes() == before
    assert record.is_symlink()


def test_a_stale_marker_that_is_a_symlink_is_never_written_through(tmp_path, someone_elses_file):
    db = tmp_path / "db"
    store_with_one(db)
    target = someone_elses_file
    with Store.open_writer(db) as store:
        (db / ".index-stale").symlink_to(target)  # planted while closer runs
        with pytest.raises(UnsafePathError, match="symbolic link"):
            store.add(Partnership.create("Cy Doe", "Di Fox", goals=[Goal("Teach")]))
    assert untouched(target)


# --- data folders ---------------------------------------------------------------------


def test_a_shared_sticky_folder_as_the_data_folder_keeps_its_mode_and_is_refused(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)

    with pytest.raises(UnsafePathError) as refused:
        Store.open_writer(shared)

    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777  # sticky bit and all
    assert "open to other users" in str(refused.value) and str(shared / "closer") in str(refused.value)
    assert list(shared.iterdir()) == []
    store_with_one(shared / "closer")  # the way the message shows works
    assert mode(shared / "closer") == 0o700
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777


def test_missing_folders_are_created_private_and_only_those_are_chmodded(tmp_path, permissive_umask):
    parent = tmp_path / "parent"
    parent.mkdir(mode=0o755)
    os.chmod(parent, 0o755)
    files.ensure_private_folder(parent / "a" / "b")
    assert mode(parent) == 0o755
    assert mode(parent / "a") == mode(parent / "a" / "b") == 0o700


def test_a_link_is_refused_where_closer_makes_its_own_folder(tmp_path):
    (tmp_path / "real").mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "real")
    with pytest.raises(UnsafePathError, match="symbolic link"):
        files.ensure_private_folder(link, follow_link=False)
    files.ensure_private_folder(link)  # a folder the user named through a link is theirs to choose


# --- reading and writing files --------------------------------------------------------------


def test_reading_refuses_links_fifos_and_folders_without_blocking(tmp_path, someone_elses_file):
    target = someone_elses_file
    (tmp_path / "link").symlink_to(target)
    os.mkfifo(tmp_path / "fifo")
    for path, kind in ((tmp_path / "link", "symbolic link"), (tmp_path / "fifo", "FIFO"), (tmp_path, "folder")):
        with pytest.raises(UnsafePathError, match=kind) as refused:
            files.read_bytes(path)
        assert str(path) in str(refused.value)
    assert files.read_bytes(target) == SOMEONE_ELSES_TEXT.encode()


def test_a_write_never_replaces_a_link_or_a_fifo(tmp_path, someone_elses_file):
    target = someone_elses_file
    (tmp_path / "link").symlink_to(target)
    os.mkfifo(tmp_path / "fifo")
    for path in (tmp_path / "link", tmp_path / "fifo"):
        with pytest.raises(UnsafePathError):
            files.atomic_write(path, b"new")
    assert untouched(target)
    assert (tmp_path / "link").is_symlink() and stat.S_ISFIFO(os.lstat(tmp_path / "fifo").st_mode)
    assert not list(tmp_path.glob(f".*{files.TEMP_SUFFIX}"))


def test_a_write_of_a_new_file_never_replaces_one_already_there(tmp_path, someone_elses_file):
    target = someone_elses_file
    with pytest.raises(FileExistsError):
        files.atomic_write(target, b"new", replace=False)
    assert untouched(target)
    files.atomic_write(tmp_path / "fresh", b"new", replace=False)
    assert (tmp_path / "fresh").read_bytes() == b"new" and mode(tmp_path / "fresh") == 0o600
    assert not list(tmp_path.glob(f".*{files.TEMP_SUFFIX}"))


def test_a_replaced_file_keeps_its_mode_only_when_asked(tmp_path, someone_elses_file):
    target = someone_elses_file
    files.atomic_write(target, b"kept", keep_mode=True)
    assert (target.read_bytes(), mode(target)) == (b"kept", 0o644)
    files.atomic_write(target, b"private")
    assert mode(target) == 0o600


def test_writes_from_two_threads_never_meet_on_one_temp_file(tmp_path):
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for _ in range(50):
                files.atomic_write(tmp_path / "same", f"{n}".encode())
        except BaseException as error:  # noqa: BLE001 - collected for the assert
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert (tmp_path / "same").read_bytes() in {b"0", b"1", b"2", b"3"}


def test_the_app_opens_a_data_folder_open_to_others_read_only_and_says_why(tmp_path):
    db = tmp_path / "db"
    store_with_one(db)
    os.chmod(db, 0o755)
    with Desk.for_app(db) as desk:
        assert desk.read_only and "open to other users" in desk.read_only_reason
        assert len(desk.summaries()) == 1  # still there to look at
    assert mode(db) == 0o755

"""Where exports and backups go (issue 11, item 2, and backups): the one set of file rules for the
app and the CLI. Nothing that exists is replaced unless asked, and then only a regular file, which
keeps its mode; links, FIFOs and folders are refused and left alone."""

from __future__ import annotations

import os
import stat

import pytest

from closer_tui.desk import Desk, write_export_file
from closer_tui.errors import CloserError, ExportTargetError, ExportTargetExists
from closer_tui.export import export_file_name, loads
from closer_tui.locations import export_dir
from conftest import SOMEONE_ELSES_TEXT as OLD
from conftest import untouched



def mode(path) -> int:
    return stat.S_IMODE(os.stat(path, follow_symlinks=False).st_mode)


@pytest.fixture
def desk(filled_db):
    with Desk.for_reading(filled_db) as desk:
        yield desk


def write(target, *, replace=False, private=False, data_folder=None):
    write_export_file(target, "new text\n", data_folder=data_folder or target.parent / "data", replace=replace, private=private)


def test_an_existing_file_is_replaced_only_when_asked_and_keeps_its_mode(someone_elses_file):
    with pytest.raises(ExportTargetExists, match="--force") as refused:
        write(someone_elses_file)
    assert str(someone_elses_file) in str(refused.value)
    assert untouched(someone_elses_file)

    write(someone_elses_file, replace=True)
    assert someone_elses_file.read_text() == "new text\n"
    assert mode(someone_elses_file) == 0o644  # closer did not create it: its mode stays


def test_a_backup_replacing_a_file_is_private_all_the_same(someone_elses_file):
    write(someone_elses_file, replace=True, private=True)
    assert mode(someone_elses_file) == 0o600


def test_a_new_export_file_is_private(tmp_path):
    write(tmp_path / "new.md")
    assert mode(tmp_path / "new.md") == 0o600


@pytest.mark.parametrize("replace", [False, True])
def test_links_fifos_and_folders_are_refused_even_when_asked_to_replace(tmp_path, someone_elses_file, replace):
    (tmp_path / "link.md").symlink_to(someone_elses_file)
    os.mkfifo(tmp_path / "fifo.md")
    (tmp_path / "folder.md").mkdir()
    for name, what in (("link.md", "symbolic link"), ("fifo.md", "FIFO"), ("folder.md", "folder")):
        with pytest.raises(ExportTargetError, match=what) as refused:
            write(tmp_path / name, replace=replace)
        assert not isinstance(refused.value, ExportTargetExists)
        assert str(tmp_path / name) in str(refused.value)
    assert untouched(someone_elses_file)
    assert (tmp_path / "link.md").is_symlink() and stat.S_ISFIFO(os.lstat(tmp_path / "fifo.md").st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo.md", "folder.md", "link.md", "someone-elses.txt"]


def test_a_file_with_hard_links_is_not_replaced(tmp_path, someone_elses_file):
    os.link(someone_elses_file, tmp_path / "other-name.md")
    with pytest.raises(ExportTargetError, match="hard links"):
        write(someone_elses_file, replace=True)
    assert (tmp_path / "other-name.md").read_text() == OLD


def test_dev_stdout_is_refused_clearly(tmp_path):
    with pytest.raises(ExportTargetError, match="-o - writes to standard output"):
        write_export_file("/dev/stdout", "x", data_folder=tmp_path)


def test_the_apps_export_never_overwrites_it_takes_the_next_free_name(desk, partnerships):
    closed = partnerships[2]
    first = desk.export_to_file(closed.id, "story", without_consent=True)
    first.write_text("my edits to the first export")
    second = desk.export_to_file(closed.id, "story", without_consent=True)
    third = desk.export_to_file(closed.id, "story", without_consent=True)
    stem = export_file_name(closed, "story").removesuffix(".story.md")
    assert (first.name, second.name, third.name) == (f"{stem}.story.md", f"{stem}-2.story.md", f"{stem}-3.story.md")
    assert first.read_text() == "my edits to the first export"
    assert second.read_text() == third.read_text() == desk.export_text(closed.id, "story", without_consent=True)


def test_the_apps_export_steps_past_a_link_planted_at_its_name(desk, partnerships, someone_elses_file):
    closed = partnerships[2]
    export_dir().mkdir(parents=True, mode=0o700)
    (export_dir() / export_file_name(closed, "md")).symlink_to(someone_elses_file)
    written = desk.export_to_file(closed.id, "md")
    assert written.name.endswith("-2.md")
    assert untouched(someone_elses_file)


def test_a_backup_holds_every_partnership_with_its_private_notes_and_restores_into_an_empty_folder(
    tmp_path, filled_db, partnerships
):
    with Desk.for_writing(filled_db) as desk:
        session = desk.open(partnerships[0].id)
        session.set_private_notes("only for the facilitator")
        desk.save()
    with Desk.for_reading(filled_db) as desk:
        backup, path = desk.backup_to_file()
        originals = {p.id: p.to_dict() for p in map(desk.read, desk.store.ids())}
    assert path.parent == export_dir() and path.name.startswith("closer-backup-")
    assert mode(path) == 0o600
    assert sorted(backup.ids) == sorted(p.id for p in partnerships) and not backup.unreadable

    with Desk.for_writing(tmp_path / "restored") as restored:
        assert sorted(restored.import_file(path)) == sorted(originals)
        for pid, original in originals.items():
            assert restored.read(pid).to_dict() == original
        assert restored.read(partnerships[0].id).close.private_notes == "only for the facilitator"


def test_a_backup_names_what_it_could_not_read_and_keeps_the_rest(filled_db, partnerships):
    (filled_db / "partnerships" / f"{partnerships[1].id}.json").write_text("{broken")
    with Desk.for_reading(filled_db) as desk:
        backup = desk.backup()
    assert list(backup.unreadable) == [partnerships[1].id]
    assert sorted(p.id for p in loads(backup.text)) == sorted([partnerships[0].id, partnerships[2].id])


def test_a_backup_is_never_written_into_the_data_folder(desk, filled_db):
    with pytest.raises(CloserError, match="inside the data folder"):
        desk.backup_to_file(filled_db / "backup.json")

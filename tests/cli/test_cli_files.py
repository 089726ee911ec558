"""Links, devices and shared folders handed to `closer`, and `closer backup`, run as a user would
(issue 11, items 1-3 and backups). Every link, FIFO and folder is a real one in tmp_path; each
test checks that what was planted is left exactly as it was."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from test_cli import (  # noqa: F401  (fixtures)
    PRIVATE_NOTE,
    active_partnership,
    assert_refused,
    closed_partnership,
    closer,
    db,
    mode,
    ok,
    run_closer,
    write_export,
)

from conftest import untouched

@pytest.fixture
def two(closer, tmp_path):
    ok(closer("import", str(write_export(tmp_path / "two.json", active_partnership(), closed_partnership()))))


# --- export -o -------------------------------------------------------------------


def test_export_to_a_fifo_is_refused_and_the_fifo_stays(closer, two, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert_refused(closer("export", "kmn234", "-o", str(fifo)), str(fifo), "FIFO")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_export_to_a_symlink_is_refused_and_its_target_untouched(closer, two, tmp_path, someone_elses_file, force):
    link = tmp_path / "link.md"
    link.symlink_to(someone_elses_file)
    assert_refused(closer("export", "kmn234", "-o", str(link), *force), str(link), "symbolic link")
    assert untouched(someone_elses_file) and link.is_symlink()


def test_export_to_a_folder_is_refused(closer, two, tmp_path):
    assert_refused(closer("export", "kmn234", "-o", str(tmp_path), "--force"))
    assert tmp_path.is_dir()


def test_export_over_an_existing_file_needs_force_and_keeps_its_mode(closer, two, tmp_path, someone_elses_file):
    assert_refused(closer("export", "kmn234", "-o", str(someone_elses_file)), str(someone_elses_file), "--force")
    assert untouched(someone_elses_file)

    ok(closer("export", "kmn234", "-o", str(someone_elses_file), "--force"))
    assert "Sam Rivera" in someone_elses_file.read_text()
    assert mode(someone_elses_file) == 0o644


def test_export_dash_o_dash_writes_to_standard_output(closer, two, tmp_path):
    assert ok(closer("export", "kmn234", "-o", "-")) == ok(closer("export", "kmn234"))
    assert not (tmp_path / "-").exists()


def test_export_to_dev_stdout_is_refused_clearly(closer, two):
    assert_refused(closer("export", "kmn234", "-o", "/dev/stdout"), "/dev/stdout", "-o - writes to standard output")


# --- the data folder ---------------------------------------------------------------


def test_a_symlinked_lock_is_refused_and_its_target_not_emptied(closer, two, db, someone_elses_file):
    (db / ".lock").unlink()
    (db / ".lock").symlink_to(someone_elses_file)
    assert_refused(closer("log", "kmn234", "a meeting"), str(db / ".lock"), "symbolic link")
    assert untouched(someone_elses_file)


def test_a_symlinked_partnerships_folder_is_refused_and_its_target_left_alone(closer, two, db, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (db / "partnerships").rename(elsewhere)
    os.chmod(elsewhere, 0o755)
    (elsewhere / ".left-by-someone.tmp").write_text("keep me")
    (db / "partnerships").symlink_to(elsewhere)

    assert_refused(closer("log", "kmn234", "a meeting"), "partnerships", "symbolic link")
    assert_refused(closer("list"), "partnerships", "symbolic link")
    assert mode(elsewhere) == 0o755
    assert (elsewhere / ".left-by-someone.tmp").read_text() == "keep me"


def test_a_shared_sticky_folder_as_db_keeps_its_mode_and_sticky_bit(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    result = run_closer(tmp_path, "--db", str(shared), "new", "--mentor", "Dana", "--mentee", "Sam")
    assert_refused(result, str(shared), "open to other users", str(shared / "closer"))
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert list(shared.iterdir()) == []

    ok(run_closer(tmp_path, "--db", str(shared / "closer"), "new", "--mentor", "Dana", "--mentee", "Sam"))
    assert mode(shared / "closer") == 0o700
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777


# --- backup and restore ---------------------------------------------------------------


def test_a_backup_restores_every_partnership_with_private_notes_into_an_empty_folder(closer, two, tmp_path):
    backup = tmp_path / "backup.json"
    out = ok(closer("backup", "-o", str(backup), umask=0o000))
    assert "backed up 2 partnerships" in out
    assert mode(backup) == 0o600
    assert PRIVATE_NOTE in backup.read_text()

    restored = tmp_path / "restored"
    ok(run_closer(tmp_path, "--db", str(restored), "import", str(backup)))
    again = tmp_path / "again.json"
    ok(run_closer(tmp_path, "--db", str(restored), "backup", "-o", str(again)))
    assert json.loads(again.read_text())["partnerships"] == json.loads(backup.read_text())["partnerships"]


def test_a_backup_never_overwrites_without_force(closer, two, someone_elses_file):
    assert_refused(closer("backup", "-o", str(someone_elses_file)), "--force")
    assert untouched(someone_elses_file)
    ok(closer("backup", "-o", str(someone_elses_file), "--force"))
    assert mode(someone_elses_file) == 0o600  # private notes inside: private whatever was there


def test_a_backup_without_o_goes_to_a_new_dated_file_in_the_exports_folder(closer, two, tmp_path):
    first = Path(ok(closer("backup")).strip().rsplit(" to ", 1)[1])
    second = Path(ok(closer("backup")).strip().rsplit(" to ", 1)[1])
    assert first.parent == second.parent == tmp_path / "Documents" / "closer-exports"
    assert first.name.startswith("closer-backup-") and second.name == first.name.replace(".json", "-2.json")
    for path in (first, second):
        assert mode(path) == 0o600 and PRIVATE_NOTE in path.read_text(encoding="utf-8")


def test_a_backup_to_standard_output(closer, two):
    document = json.loads(ok(closer("backup", "-o", "-")))
    assert {p["id"] for p in document["partnerships"]} == {"kmn234", "pqr567"}

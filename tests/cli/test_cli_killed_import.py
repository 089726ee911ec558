"""A killed import leaves nothing of itself (issue 11, item 5), with a real `closer import` process.

The process runs closer's own `main` with one change: after the first partnership file is
written, it says so on stdout and waits on stdin. The test kills it right then (no sleeps):
with SIGKILL the next closer to open the data undoes the import, and lists never show the
half of it meanwhile; with SIGTERM, SIGHUP or ctrl-c the import undoes itself at once.
"""

from __future__ import annotations

import json
import signal
import subprocess

import pytest

from closer_tui.export import dumps
from closer_tui.model import Goal, Partnership

from stopped_closer import closer_stopped_at, killed
from test_cli import closer, db, ok  # noqa: F401  (fixtures)

IDS = ["kmn234", "pqr567", "stv892"]


@pytest.fixture
def three_partnerships(tmp_path):
    partnerships = []
    for pid, mentee in zip(IDS, ["Sam Rivera", "Tomás Ngata", "Kim Lee"]):
        p = Partnership.create("Dana Okafor", mentee, start_date="2026-01-12", goals=[Goal("A first goal")])
        p.id = pid
        partnerships.append(p)
    path = tmp_path / "three.json"
    path.write_text(dumps(partnerships), encoding="utf-8")
    return path


def start_import(tmp_path, db, file) -> subprocess.Popen:
    process = closer_stopped_at(tmp_path, "closer_tui.store.store:Store._write_record", "--db", str(db), "import", str(file))
    assert (db / "partnerships" / f"{IDS[0]}.json").exists()
    return process


def record_files(db) -> list[str]:
    return sorted(p.name for p in (db / "partnerships").glob("*.json"))


def test_an_import_killed_after_its_first_record_is_undone_and_can_be_run_again(closer, db, tmp_path, three_partnerships):
    ok(closer("list"))  # the data folder exists, empty
    process = start_import(tmp_path, db, three_partnerships)
    assert killed(process) == -signal.SIGKILL

    assert json.loads(ok(closer("list", "--json"))) == []  # a reader does not show the half import
    again = closer("import", str(three_partnerships))
    assert "imported 3 partnerships" in ok(again)
    assert "an import stopped part-way was undone" in again.stderr and IDS[0] in again.stderr
    assert sorted(row["id"] for row in json.loads(ok(closer("list", "--json")))) == IDS


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["SIGTERM", "SIGHUP", "ctrl-c"])
def test_an_import_stopped_by_a_signal_undoes_itself_at_once(closer, db, tmp_path, three_partnerships, stop):
    ok(closer("list"))
    process = start_import(tmp_path, db, three_partnerships)
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode in (128 + stop, 130), stderr
    assert "Traceback" not in stderr and stderr.lstrip("\n").startswith("closer: error: "), stderr
    assert record_files(db) == []
    assert not (db / ".import-journal").exists()
    assert json.loads(ok(closer("list", "--json"))) == []
    assert "imported 3 partnerships" in ok(closer("import", str(three_partnerships)))

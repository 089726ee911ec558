"""The index is a cache of the partnership files, never the truth.

Opening a store lists the record files (names, inodes, sizes, mtimes: no record is read) and
compares them with what the index was made from; a record that was added, restored, replaced
or removed behind closer's back is read again, and one that cannot be read is named in
``store.problems``, never silently dropped.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from closer_tui.desk import Desk
from closer_tui.store import Store

from records import closed_partnership, partnership


def record_file(db: Path, pid: str) -> Path:
    return db / "partnerships" / f"{pid}.json"


def store_with(db: Path, *partnerships) -> list[str]:
    with Store.open_writer(db) as store:
        return [store.add(p) for p in partnerships]


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The ids of the records read from their files (every read goes through Store._get)."""
    seen: list[str] = []
    real_get = Store._get

    def counting_get(self, pid):
        seen.append(pid)
        return real_get(self, pid)

    monkeypatch.setattr(Store, "_get", counting_get)
    return seen


def test_a_record_restored_after_the_index_was_rebuilt_without_it_is_listed_again(tmp_path):
    """Issue 11, item 4: empty a record, delete the index, run a writer, put the record back."""
    db = tmp_path / "db"
    kept, restored = closed_partnership("Ana Lima", "Tomás Ngata"), closed_partnership("Lee", "Kim")
    store_with(db, kept, restored)
    backup = tmp_path / "backup.json"
    shutil.copy2(record_file(db, restored.id), backup)
    record_file(db, restored.id).write_bytes(b"")
    (db / "index.json").unlink()

    with Store.open_writer(db) as store:
        assert store.ids() == [kept.id]
        assert any(str(record_file(db, restored.id)) in problem for problem in store.problems)
        assert restored.id in store.unreadable
    with Store.open_reader(db) as store:  # still named on every open while it cannot be read
        assert any(str(record_file(db, restored.id)) in problem for problem in store.problems)

    shutil.copy2(backup, record_file(db, restored.id))  # as the error message advises
    with Store.open_reader(db) as store:
        assert sorted(store.ids()) == sorted([kept.id, restored.id])
        assert store.problems == []
    with Desk.for_writing(db) as desk:
        assert sorted(s["id"] for s in desk.summaries()) == sorted([kept.id, restored.id])
        assert desk.report()["partnerships"]["closed"] == 2


def test_a_record_copied_in_behind_closers_back_is_listed(tmp_path):
    db, other = tmp_path / "db", tmp_path / "other"
    (mine,) = store_with(db, partnership("Dana", "Sam"))
    (theirs,) = store_with(other, partnership("Lee", "Kim"))
    with Store.open_reader(db) as store:
        store.ids()  # the index is in memory; the copy comes after
    shutil.copy(record_file(other, theirs), record_file(db, theirs))
    with Store.open_reader(db) as store:
        assert sorted(store.ids()) == sorted([mine, theirs])
    with Store.open_writer(db) as store:
        assert sorted(store.ids()) == sorted([mine, theirs])


def test_a_record_replaced_by_an_older_copy_shows_the_older_summary(tmp_path):
    db = tmp_path / "db"
    p = partnership("Dana", "Sam")
    store_with(db, p)
    older = tmp_path / "older.json"
    shutil.copy(record_file(db, p.id), older)
    with Store.open_writer(db) as store:
        changed = store.get(p.id)
        changed.mentee = "Samantha"
        store.save(changed)
    shutil.copy(older, record_file(db, p.id))
    with Store.open_reader(db) as store:
        assert store.summaries()[0]["mentee"] == "Sam"


def test_a_record_removed_behind_closers_back_leaves_the_list(tmp_path):
    db = tmp_path / "db"
    kept, removed = store_with(db, partnership("Dana", "Sam"), partnership("Lee", "Kim"))
    record_file(db, removed).unlink()
    with Store.open_reader(db) as store:
        assert store.ids() == [kept]
    with Store.open_writer(db) as store:
        assert store.ids() == [kept]


def test_opening_an_unchanged_store_reads_no_record(tmp_path, reads):
    db = tmp_path / "db"
    store_with(db, *(partnership(f"Mentor {n}", f"Mentee {n}") for n in range(5)))
    reads.clear()
    with Store.open_reader(db) as store:
        assert len(store.ids()) == 5
    with Store.open_writer(db) as store:
        assert len(store.ids()) == 5
    assert reads == []


def test_after_a_note_is_saved_only_that_record_is_read_again_and_only_once(tmp_path, reads):
    db = tmp_path / "db"
    first, _ = store_with(db, partnership("Dana", "Sam"), partnership("Lee", "Kim"))
    with Store.open_writer(db) as store:
        noted = store.get(first)
        noted.close.stage_notes["evaluate"] = "A note: the index is not rewritten for it"
        store.save(noted)
    reads.clear()
    with Store.open_reader(db) as store:
        store.ids()
    assert reads == [first]  # a reader cannot write the index, so it checks that one file
    reads.clear()
    with Store.open_writer(db) as store:
        store.ids()
    assert reads == [first]  # the writer records the file's new fingerprint...
    reads.clear()
    with Store.open_reader(db) as store:
        store.ids()
    assert reads == []  # ...so the next open reads nothing


def test_an_index_row_of_the_wrong_shape_is_read_again_from_its_file(tmp_path):
    """A tampered index cannot put a number where a name goes: that row is rebuilt from the record."""
    import json

    db = tmp_path / "db"
    (pid,) = store_with(db, partnership("Dana", "Sam"))
    index = db / "index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    (row,) = data["partnerships"].values()
    row["mentor"] = 42
    index.write_text(json.dumps(data), encoding="utf-8")
    with Store.open_reader(db) as store:
        assert store.summaries()[0]["mentor"] == "Dana"


@pytest.mark.parametrize(
    ("field", "tampered"),
    [("mentee", "Sa\ud800m"), ("goals_met", True), ("start_date", 20250101), ("extra", "x")],
    ids=["lone surrogate", "true for a count", "number for a date", "an unknown field"],
)
def test_an_index_row_closer_did_not_write_is_read_again_from_its_file(tmp_path, reads, field, tampered):
    """The quick check of 10,000 rows still refuses each way a row can be wrong; the other rows are trusted."""
    import json

    db = tmp_path / "db"
    pids = store_with(db, partnership("Dana", "Sam"), partnership("Ann", "Bo"))
    index = db / "index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    index_row(data, pids[0])[field] = tampered
    index.write_text(json.dumps(data), encoding="utf-8")  # ensure_ascii: the surrogate is written as \ud800
    with Store.open_reader(db) as store:
        rows = {row["id"]: row for row in store.summaries()}
    assert reads == [pids[0]]
    assert rows[pids[0]]["mentee"] == "Sam" and rows[pids[0]]["goals_met"] == 0 and "extra" not in rows[pids[0]]


def test_an_index_row_with_its_fields_in_another_order_is_trusted(tmp_path, reads):
    import json

    db = tmp_path / "db"
    (pid,) = store_with(db, partnership("Dana", "Sam"))
    index = db / "index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    (doc_id,) = data["partnerships"]
    data["partnerships"][doc_id] = dict(reversed(list(data["partnerships"][doc_id].items())))
    index.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with Store.open_reader(db) as store:
        assert store.summaries()[0]["mentee"] == "Sam"
    assert reads == []


def index_row(tables: dict, pid: str) -> dict:
    """A partnership's row in the index's tables as read from its file (rows are TinyDB documents)."""
    (row,) = [row for row in tables["partnerships"].values() if row.get("id") == pid]
    return row


# --- the list's first screen from the start of the index ---------------------------------


def test_the_index_holds_its_rows_in_the_lists_order_so_the_first_screen_is_its_first_bytes(tmp_path, reads, monkeypatch):
    db = tmp_path / "db"
    zed, amy, closed_bea = partnership("Mo", "Zed Ward"), partnership("Mo", "Amy Lo"), closed_partnership("Mo", "Bea Hart")
    store_with(db, zed, closed_bea, amy)
    index = json.loads((db / "index.json").read_text(encoding="utf-8"))
    assert list(index) == ["_closer", "listing", "partnerships", "files"]
    assert [row["mentee"] for row in index["partnerships"].values()] == ["Amy Lo", "Zed Ward", "Bea Hart"]
    assert index["listing"]["1"] == {"order": "status, mentee, id", "rows": 3, "open": 2}

    def whole_index_read(*args):
        raise AssertionError("the whole index was read")

    monkeypatch.setattr("closer_tui.store.store.read_index_file", whole_index_read)
    with Store.open_reader(db, load_index=False) as store:
        head = store.first_rows(2)
    assert head is not None and (head.total, head.open) == (3, 2)
    assert [row["id"] for row in head.rows] == [amy.id, zed.id]
    assert reads == []  # no record read either
    monkeypatch.undo()
    with Desk.for_reading(db) as desk:
        assert head.rows == desk.summaries()[:2]  # the same rows the whole read gives


def rewrite_index(db: Path, change) -> None:
    path = db / "index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    change(index)
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")  # a lone surrogate as \ud800


def first_row(index: dict) -> dict:
    return next(iter(index["partnerships"].values()))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda index: index.pop("listing"), id="an older closer's index, not in the list's order"),
        pytest.param(lambda index: first_row(index).update(goals_total="3"), id="a count as text"),
        pytest.param(lambda index: first_row(index).update(goals_met=float("nan")), id="NaN"),
        pytest.param(lambda index: first_row(index).update(goals_met=10**40), id="a huge number"),
        pytest.param(lambda index: first_row(index).update(mentee="\ud800"), id="a lone surrogate"),
        pytest.param(lambda index: first_row(index).pop("status"), id="a field missing"),
        pytest.param(lambda index: index["partnerships"].update({"9": first_row(index)}), id="an id listed twice"),
        pytest.param(lambda index: index["listing"]["1"].update(rows=1), id="counts that do not add up"),
        pytest.param(lambda index: index["_closer"]["1"].update(schema=2), id="an older data version"),
    ],
)
def test_an_index_whose_start_closer_did_not_write_so_is_read_whole_instead(tmp_path, change):
    db = tmp_path / "db"
    store_with(db, partnership("Mo", "Amy Lo"), partnership("Mo", "Zed Ward"))
    rewrite_index(db, change)
    with Store.open_reader(db, load_index=False) as store:
        assert store.first_rows(10) is None


def test_a_first_row_nested_deeper_than_closer_reads_is_left_to_the_whole_read(tmp_path):
    db = tmp_path / "db"
    store_with(db, partnership("Mo", "Amy Lo"))
    index = db / "index.json"
    deep = "[" * 5_000 + "]" * 5_000  # within the bytes read at the start, deeper than Python recurses
    index.write_text(index.read_text(encoding="utf-8").replace('"mentee":"Amy Lo"', f'"mentee":{deep}'), encoding="utf-8")
    with Store.open_reader(db, load_index=False) as store:
        assert store.first_rows(10) is None


def test_an_index_that_may_lag_a_file_is_read_whole_instead(tmp_path):
    db = tmp_path / "db"
    store_with(db, partnership("Mo", "Amy Lo"))
    (db / ".index-stale").write_text("", encoding="utf-8")
    with Store.open_reader(db, load_index=False) as store:
        assert store.first_rows(10) is None


def test_first_rows_that_do_not_fit_in_the_bytes_read_are_read_whole_instead(tmp_path, monkeypatch):
    db = tmp_path / "db"
    store_with(db, partnership("Mo", "Amy Lo"), partnership("Mo", "Zed Ward"))
    start = (db / "index.json").read_bytes()
    second_row = start.index(b'"2":{')
    monkeypatch.setattr("closer_tui.store.datafile.HEAD_BYTES", second_row + 20)  # ends inside the second row
    with Store.open_reader(db, load_index=False) as store:
        assert store.first_rows(2) is None
        one = store.first_rows(1)
    assert one is not None and [row["mentee"] for row in one.rows] == ["Amy Lo"] and one.total == 2

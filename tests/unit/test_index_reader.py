"""The index read a chunk and a document at a time (store/index_reader.py).

An index as closer writes it gives exactly what the whole read gives, however the chunks
fall; any other file is left to the whole read, which gives the same rows or names the problem.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from closer_tui.store import Store, index_reader
from closer_tui.store.datafile import read_index_file
from closer_tui.store.fingerprints import Packed, is_unchanged, packed, unpacked
from closer_tui.store.store import index_prints
from closer_tui.store.summary_rows import SummaryRow

from records import closed_partnership, partnership


def store_with(db: Path, *partnerships) -> list[str]:
    with Store.open_writer(db) as store:
        return [store.add(p) for p in partnerships]


def folder_prints(db: Path) -> dict[str, Packed]:
    with Store.open_reader(db, load_index=False) as store:
        return store._scan_records()


def whole_read(db: Path, on_disk: dict) -> tuple[list, set[str]]:
    tables, _ = read_index_file(db / "index.json")
    prints = index_prints(tables)
    return list(tables["partnerships"].values()), {pid for pid, known in prints.items() if is_unchanged(known, on_disk.get(pid))}


@pytest.fixture
def db(tmp_path) -> Path:
    db = tmp_path / "db"
    people = [partnership("Mentor", name) for name in ("Zoë Ngata", "Amy Lo", "李小龍", "محمد", "Bea 🎉 Hart")]
    store_with(db, *people, closed_partnership("Ana Lima", "Tomás Ngata"))
    return db


@pytest.mark.parametrize("chunk_bytes", [1, 2, 3, 7, 64, 256 * 1024])
def test_an_index_closer_wrote_is_read_as_the_whole_read_reads_it_however_the_chunks_fall(db, monkeypatch, chunk_bytes):
    """Small chunks cut field names, numbers, a document id and multi-byte characters."""
    monkeypatch.setattr(index_reader, "CHUNK_BYTES", chunk_bytes)
    on_disk = folder_prints(db)
    found = index_reader.read_index_by_document(db / "index.json", on_disk)
    assert found is not None
    rows, matching = whole_read(db, on_disk)
    assert found.rows == rows and len(rows) == 6
    assert found.matching == matching == set(on_disk)
    assert found.check_text is False


def test_rows_as_closer_writes_them_are_compact_and_share_the_text_they_repeat(db):
    found = index_reader.read_index_by_document(db / "index.json", folder_prints(db))
    assert all(type(row) is SummaryRow for row in found.rows)
    first, second = found.rows[:2]
    assert first["mentor"] == second["mentor"] == "Mentor" and first["mentor"] is second["mentor"]
    assert first["status"] is second["status"]
    assert first["mentee"] != second["mentee"]


def test_rows_not_as_closer_writes_them_stay_dicts_and_share_their_field_names(db):
    """A row with its fields in another order is checked field by field later (store.py); its field
    names are one copy for all rows, as one whole parse gives."""
    path = db / "index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    index["partnerships"] = {number: dict(reversed(row.items())) for number, row in index["partnerships"].items()}
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    found = index_reader.read_index_by_document(path, folder_prints(db))
    assert all(type(row) is dict for row in found.rows)
    first, second = (list(row) for row in found.rows[:2])
    assert first == second and all(a is b for a, b in zip(first, second))
    with Store.open_reader(db) as store:
        assert sorted(row["mentee"] for row in store.summaries()) == sorted(row["mentee"] for row in found.rows)
        assert all(type(row) is SummaryRow for row in store.summaries())


def test_a_fingerprint_that_changed_is_not_matching_and_the_last_listed_for_an_id_counts(db):
    on_disk = folder_prints(db)
    changed, *_ = sorted(on_disk)
    on_disk[changed] = packed(1, 2, 3)
    found = index_reader.read_index_by_document(db / "index.json", on_disk)
    assert found.matching == set(on_disk) - {changed}

    path = db / "index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    files = index["files"]
    again = {"id": changed, "file": unpacked(on_disk[changed])}
    files[str(len(files) + 1)] = again  # the same id again, now matching: the last one counts
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    assert changed in index_reader.read_index_by_document(path, on_disk).matching


def test_an_escape_that_can_make_a_lone_surrogate_asks_for_the_text_to_be_checked(db, monkeypatch):
    path = db / "index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    next(iter(index["partnerships"].values()))["mentee"] = "Lone \ud800"
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")  # written as \ud800
    monkeypatch.setattr(index_reader, "CHUNK_BYTES", 3)  # the escape crosses chunks
    found = index_reader.read_index_by_document(path, folder_prints(db))
    assert found is not None and found.check_text is True


def rewritten(db: Path, change) -> Path:
    path = db / "index.json"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(change(text))
    return path


def as_bytes(text: str) -> bytes:
    return text.encode("utf-8")


NOT_AS_CLOSER_WRITES = {
    "pretty-printed": lambda text: as_bytes(json.dumps(json.loads(text), indent=2)),
    "an older version": lambda text: as_bytes(text.replace('"schema":3', '"schema":2', 1)),
    "a version that is not a whole number": lambda text: as_bytes(text.replace('"schema":3', '"schema":3.0', 1)),
    "document ids out of order": lambda text: as_bytes(text.replace('"partnerships":{"1":', '"partnerships":{"7":', 1)),
    "a document id twice": lambda text: as_bytes(text.replace('"2":{"id"', '"1":{"id"', 1)),
    "a table twice": lambda text: as_bytes(text[:-1] + ',"files":{}}'),
    "a row that is not an object": lambda text: as_bytes(text.replace('"partnerships":{"1":', '"partnerships":{"1":[1],"0":', 1)),
    "something after the end": lambda text: as_bytes(text + " x"),
    "cut short": lambda text: as_bytes(text[: len(text) // 2]),
    "a number longer than closer writes": lambda text: as_bytes(text.replace('"goals_total":', '"goals_total":' + "9" * 40 + ",\"x\":", 1)),
    "not UTF-8": lambda text: as_bytes(text).replace("Zoë".encode(), b"Zo\xff", 1),
    "nested deeper than Python recurses": lambda text: as_bytes(
        text.replace('"partnerships":{"1":{', '"partnerships":{"1":{"deep":' + "[" * 100_000 + "]" * 100_000 + ",", 1)
    ),
}


@pytest.mark.parametrize("change", NOT_AS_CLOSER_WRITES.values(), ids=NOT_AS_CLOSER_WRITES.keys())
@pytest.mark.parametrize("chunk_bytes", [5, 256 * 1024])
def test_a_file_closer_did_not_write_so_is_left_to_the_whole_read(db, monkeypatch, change, chunk_bytes):
    path = rewritten(db, change)
    monkeypatch.setattr(index_reader, "CHUNK_BYTES", chunk_bytes)
    assert index_reader.read_index_by_document(path, folder_prints(db)) is None


def test_a_store_whose_index_another_tool_rewrote_lists_the_same_rows_and_reads_no_record(db, monkeypatch):
    with Store.open_reader(db) as store:
        before = sorted(store.summaries(), key=lambda row: row["id"])
    rewritten(db, NOT_AS_CLOSER_WRITES["pretty-printed"])
    read_again: list[str] = []
    real_get = Store._get
    monkeypatch.setattr(Store, "_get", lambda self, pid: read_again.append(pid) or real_get(self, pid))
    with Store.open_reader(db) as store:
        assert sorted(store.summaries(), key=lambda row: row["id"]) == before
        assert store.problems == []
    assert read_again == []  # the whole read trusted the same rows: their fingerprints match


def test_the_store_reads_an_index_it_wrote_a_document_at_a_time_and_never_whole(db, monkeypatch):
    def whole_index_read(*args):
        raise AssertionError("the whole index was read")

    monkeypatch.setattr("closer_tui.store.store.read_index_file", whole_index_read)
    with Store.open_reader(db) as store:
        assert len(store.summaries()) == 6
    with Store.open_writer(db) as store:
        assert len(store.summaries()) == 6

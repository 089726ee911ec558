"""Bad-structure sweep over the data files themselves (issue 11): a partnership's file or index.json,
changed behind closer's back.

Hypothesis takes a good data folder (two partnerships) and changes the structure of one file,
as test_bad_structure_sweep does to the import format: a value anywhere (the ``_closer`` stamp,
a table, a document id, a field) replaced by one of another type (null, true, a huge or negative
number, NaN, Infinity, a list, an object, deep nesting), a key taken out, a key added; or the
whole file replaced. Then, through the store, the CLI (`list`, `show`, `report`, `check`) and the
app (the list screen, review, outcomes):

- the other partnership is always listed and opens;
- the changed one is listed and opens (a change closer accepts), or it is named, with its file,
  as unreadable, in one line, and its file is never written over;
- a changed index is only a cache: both partnerships are listed, from their files if need be,
  and a writer sets a damaged index aside (renamed, its bytes kept) and rebuilds it; one from a
  newer closer is refused with a message saying so;
- never another exception, an exit code other than 0 or 1, "unexpected", or a traceback.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from closer_tui.tui.widgets.partnership_table import PartnershipTable

from closer_tui.cli import main
from closer_tui.method import default_guide
from closer_tui.store import NewerSchemaError, Store, StoreError
from closer_tui.store.store import _is_summary_row
from closer_tui.store.summary_rows import SummaryRow
from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.partnerships import PartnershipsScreen
from tinydb import TinyDB

from records import closed_partnership, every_file, partnership
from test_bad_structure_sweep import as_text, hostile_values, mutate, paths

TARGET, BYSTANDER = "kmn234", "pqr567"
RECORD = f"partnerships/{TARGET}.json"
INDEX = "index.json"


def good_files() -> dict[str, dict]:
    with tempfile.TemporaryDirectory(prefix="closer-data-sweep-") as folder:
        db = Path(folder) / "db"
        target = closed_partnership(id=TARGET)
        target.guide = default_guide()  # the whole guide, so its structure is swept too
        with Store.open_writer(db) as store:
            store.import_partnerships([target, partnership(id=BYSTANDER)])
        names = [RECORD, f"partnerships/{BYSTANDER}.json", INDEX]
        return {name: json.loads((db / name).read_text(encoding="utf-8")) for name in names}


GOOD = good_files()
PATHS = {name: paths(GOOD[name])[1:] for name in (RECORD, INDEX)}
WHOLE_FILES = [None, [], {}, 0, "x", [GOOD[RECORD]], {"_closer": {"1": {"schema": 2, "kind": "partnership"}}}]


@st.composite
def changes(draw) -> tuple[str, list | Any]:
    """(the file changed, its mutation steps as test_bad_structure_sweep takes them, or a whole new file)."""
    name = draw(st.sampled_from([RECORD, INDEX]))
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        return name, ("whole", draw(st.sampled_from(WHOLE_FILES)))
    steps = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(st.sampled_from(["replace", "remove", "add"]))
        steps.append((kind, draw(st.sampled_from(PATHS[name])), draw(hostile_values)))
    return name, steps


def write_private(path: Path, text: str) -> None:
    """Written beside, then renamed: a new inode, as any program that saves safely would leave."""
    temp = path.with_name(f".{path.name}.sweep")
    temp.write_text(text, encoding="utf-8")
    os.chmod(temp, 0o600)
    os.replace(temp, path)


def plant(db: Path, change: tuple[str, Any]) -> None:
    """A data folder of the two good partnerships, its index matching their files, then one file changed."""
    name, steps = change
    (db / "partnerships").mkdir(parents=True, mode=0o700)
    os.chmod(db, 0o700)
    for record in (RECORD, f"partnerships/{BYSTANDER}.json"):
        write_private(db / record, json.dumps(GOOD[record], ensure_ascii=False))
    index = copy.deepcopy(GOOD[INDEX])
    for document in index["files"].values():  # the index was made from these very files
        info = os.stat(db / "partnerships" / f"{document['id']}.json")
        document["file"] = [info.st_ino, info.st_size, info.st_mtime_ns]
    if name == RECORD:  # changed behind the index's back: its fingerprint no longer matches
        write_private(db / RECORD, as_text(changed(GOOD[RECORD], steps)))
    write_private(db / INDEX, as_text(changed(index, steps) if name == INDEX else index))


def changed(document: Any, steps: Any) -> Any:
    return steps[1] if isinstance(steps, tuple) else mutate(document, steps)


def assert_one_line_naming(message: str, path: Path) -> None:
    assert "\n" not in message and str(path) in message, message


def check_store(db: Path, changed: str) -> None:
    record_path, index_path = db / RECORD, db / INDEX
    for open_store in (Store.open_reader, Store.open_writer):
        before = every_file(db)
        try:
            store = open_store(db)
        except NewerSchemaError as error:  # only an index stamped with a higher version
            assert changed == INDEX and "newer closer" in str(error)
            assert_one_line_naming(str(error), index_path)
            assert every_file(db) == before
            return
        with store:
            ids = set(store.ids())
            assert BYSTANDER in ids and ids <= {TARGET, BYSTANDER}
            assert (TARGET in ids) != (TARGET in store.unreadable)
            for summary in store.summaries():
                assert type(summary) is SummaryRow and _is_summary_row(summary["id"], summary.as_dict()), summary
            for pid in ids:
                assert store.get(pid).id == pid
            if TARGET in store.unreadable:
                assert changed == RECORD
                assert any(str(record_path) in problem for problem in store.problems), store.problems
                try:
                    store.get(TARGET)
                except StoreError as error:
                    assert_one_line_naming(str(error), record_path)
                else:
                    raise AssertionError("an unreadable record was opened")
            for problem in store.problems:
                assert "\n" not in problem, problem
        after = every_file(db)
        if not store.writable:
            assert after == before, "a reader wrote"
            continue
        if TARGET in store.unreadable:
            assert after[RECORD] == before[RECORD], "an unreadable record was written over"
        if store.set_aside is not None:
            assert after[str(store.set_aside.relative_to(db))] == before[INDEX]
        index = TinyDB(index_path, access_mode="r", encoding="utf-8")
        try:
            assert {row["id"] for row in index.table("partnerships").all()} == ids
        finally:
            index.close()


SWEEP = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SWEEP
@given(change=changes())
@example(change=(RECORD, [("replace", ("partnership", "1", "timer", "used", "evaluate"), float("nan"))]))
@example(change=(RECORD, [("replace", ("partnership", "1", "close", "extension", "extra_meetings"), 10**40)]))
@example(change=(RECORD, [("replace", ("_closer", "1", "schema"), 1)]))  # "version 1": upgraded, read as it is
@example(change=(RECORD, [("replace", ("partnership", "1", "id"), BYSTANDER)]))
@example(change=(RECORD, [("add", ("partnership", "1"), {"id": TARGET})]))  # a second document
@example(change=(RECORD, ("whole", [])))
# An older version's header and nothing else: not a partnership, so never upgraded (written over).
@example(change=(RECORD, ("whole", {"_closer": {"1": {"schema": 2, "kind": "partnership"}}})))
@example(change=(INDEX, [("replace", ("partnerships", "1", "mentor"), 42)]))
@example(change=(INDEX, [("replace", ("partnerships", "2", "id"), TARGET)]))  # two rows claim one id
@example(change=(INDEX, [("replace", ("files", "1", "file"), [float("nan"), 1e309, -1])]))
@example(change=(INDEX, [("replace", ("_closer", "1", "schema"), 3)]))
@example(change=(INDEX, [("remove", ("partnerships",), None)]))
def test_a_data_file_of_any_structure_is_read_or_named_never_a_crash(change):
    with tempfile.TemporaryDirectory(prefix="closer-data-sweep-") as folder:
        db = Path(folder) / "db"
        plant(db, change)
        try:
            check_store(db, change[0])
        except RecursionError:
            raise AssertionError("deep nesting reached Python's recursion limit") from None


def run_cli(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    try:
        main(["--db", str(db), *args])
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    assert code in (0, 1), (args, code, err)
    assert "Traceback" not in out + err and "unexpected" not in err, err
    assert all(line.startswith(("closer: warning: ", "closer: error: ")) for line in err.splitlines()), err
    return code, out, err


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(change=changes())
@example(change=(RECORD, [("replace", ("partnership", "1", "goals", 0, "status"), ["achieved"])]))
@example(change=(INDEX, ("whole", {})))
@example(change=(INDEX, [("replace", ("_closer", "1", "schema"), 10**12)]))
def test_list_show_report_and_check_on_a_changed_data_file_exit_0_or_1_with_one_line(capsys, change):
    with tempfile.TemporaryDirectory(prefix="closer-data-sweep-") as folder:
        db = Path(folder) / "db"
        plant(db, change)
        capsys.readouterr()
        code, out, err = run_cli(capsys, db, "list", "--json")
        if code == 1:  # only an index from a newer closer stops a reader
            (line,) = err.splitlines()
            assert "newer closer" in line and str(db / INDEX) in line
            return
        with Store.open_reader(db) as probe:  # what the store makes of it (check_store proves that right)
            unreadable = TARGET in probe.unreadable
        listed = {row["id"] for row in json.loads(out)}
        assert BYSTANDER in listed and (TARGET in listed) != unreadable
        assert (str(db / RECORD) in err) == unreadable
        code, out, err = run_cli(capsys, db, "show", TARGET)
        assert code == unreadable
        if unreadable:
            (line,) = err.splitlines()
            assert str(db / RECORD) in line
        assert run_cli(capsys, db, "show", BYSTANDER)[0] == 0
        code, out, err = run_cli(capsys, db, "report")
        assert code == 0 and ("Could not be read, not counted: 1" in out) == unreadable
        code, out, err = run_cli(capsys, db, "check")
        assert code == unreadable and (str(db / RECORD) in out) == unreadable


async def walk_the_app(db: Path) -> None:
    app = CloserApp(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        if app.startup_error is not None:  # an index from a newer closer: said, and the app ends
            assert "newer closer" in app.startup_error and str(db / INDEX) in app.startup_error
            return
        assert isinstance(app.screen, PartnershipsScreen)
        listed = set(app.screen.query_one(PartnershipTable).row_ids())
        unreadable = TARGET in app.desk.store.unreadable
        assert BYSTANDER in listed and (TARGET in listed) != unreadable
        named = [str(n.message) for n in app._notifications if str(db / RECORD) in str(n.message)]
        assert bool(named) == unreadable, [str(n.message) for n in app._notifications]
        for key in ("v", "p"):  # review (every row) and outcomes (every closed record)
            await pilot.press(key)
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, PartnershipsScreen)
        await pilot.press("ctrl+q")


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(change=changes())
@example(change=(RECORD, [("replace", ("partnership", "1", "mentor"), ["Ana"])]))
@example(change=(INDEX, [("replace", ("partnerships", "1", "mentor"), 42)]))
@example(change=(INDEX, [("replace", ("_closer", "1", "schema"), 99)]))
def test_the_app_opens_its_list_on_a_changed_data_file_and_names_what_it_cannot_read(change):
    with tempfile.TemporaryDirectory(prefix="closer-data-sweep-") as folder:
        db = Path(folder) / "db"
        plant(db, change)
        asyncio.run(walk_the_app(db))

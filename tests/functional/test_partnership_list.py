"""The first screen: the list of partnerships, and the new-partnership form."""

from __future__ import annotations

import shutil

import pytest

from textual.widgets import Input, Markdown, Static

from closer_tui.tui.app import FIRST_ROWS_AT_LEAST, CloserApp
from closer_tui.tui.screens.new_partnership import NewPartnershipScreen
from closer_tui.tui.screens.partnerships import PartnershipsScreen, counted
from closer_tui.tui.screens.summary import SummaryScreen
from closer_tui.store import Store
from closer_tui.tui.widgets.partnership_table import PartnershipTable

from records import partnership


def row_ids(app: CloserApp) -> list[str]:
    return app.screen.query_one(PartnershipTable).row_ids()


async def test_list_shows_active_partnerships_first(filled_db, partnerships):
    app = CloserApp(filled_db)
    async with app.run_test() as pilot:
        await pilot.pause()
        table = app.screen.query_one(PartnershipTable)
        statuses = [table.shown_cells(index)[0] for index in range(table.row_count)]
        assert [s.split()[-1] for s in statuses] == ["active", "closing", "closed"]
        first = [cell.rstrip() for cell in table.shown_cells(0)]
        assert first[1] == "李明" and first[2] == "Zoë Martin" and first[3] == "0 of 2"


async def test_arrow_keys_and_enter_open_the_highlighted_partnership(filled_db, partnerships):
    app = CloserApp(filled_db)
    async with app.run_test() as pilot:
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        markdown = app.screen.query_one(Markdown)
        assert "Bob Roe" in markdown.source
        await pilot.press("escape")
        assert not isinstance(app.screen, SummaryScreen)


async def test_new_partnership_form_refuses_a_blank_mentee(db):
    app = CloserApp(db)
    async with app.run_test() as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NewPartnershipScreen)
        await pilot.press(*"Ana Silva")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = app.screen.query_one("#mentee-error", Static)  # beside the field
        assert "blank" in str(error.render())
        assert app.screen.focused is app.screen.query_one("#mentee", Input)
    with Store.open_reader(db) as store:
        assert len(store) == 0


async def test_new_partnership_form_saves_and_shows_the_new_row(db):
    app = CloserApp(db)
    async with app.run_test() as pilot:
        await pilot.press("n")
        await pilot.press(*"Ana Silva")
        await pilot.press("tab")
        await pilot.press(*"Ben Okafor")
        app.screen.query_one("#mentee-goals").text = "Give a conference talk\nFind a new role"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, NewPartnershipScreen)
        assert len(row_ids(app)) == 1
    with Store.open_reader(db) as store:
        (summary,) = store.summaries()
        assert (summary["mentor"], summary["mentee"], summary["goals_total"]) == ("Ana Silva", "Ben Okafor", 2)


async def test_empty_store_explains_how_to_start(db):
    app = CloserApp(db)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.screen.query_one("#empty-message").display
        assert not app.screen.query_one(PartnershipTable).display


async def test_second_window_on_the_same_data_is_read_only(filled_db):
    with Store.open_writer(filled_db):
        app = CloserApp(filled_db)
        async with app.run_test() as pilot:
            await pilot.pause()
            assert app.read_only_reason and "in use" in app.read_only_reason
            assert len(row_ids(app)) == 3
            await pilot.press("n")
            assert not isinstance(app.screen, NewPartnershipScreen)


async def test_ctrl_q_quits(filled_db):
    app = CloserApp(filled_db)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_read_only_data_folder_opens_for_reading_with_a_clear_message(filled_db, monkeypatch):
    import errno
    import os

    real_open = os.open

    def read_only_filesystem(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr("closer_tui.store.lock.os.open", read_only_filesystem)
    app = CloserApp(filled_db)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.read_only_reason and "read-only" in app.read_only_reason
        assert len(row_ids(app)) == 3
        await pilot.press("n")
        assert not isinstance(app.screen, NewPartnershipScreen)


async def test_the_first_rows_come_from_the_index_and_a_file_changed_behind_closers_back_corrects_them(tmp_path, monkeypatch):
    """The list's first frame is drawn from the start of the index; the whole index is then read and
    checked against the files, which corrects a row whose file changed, adds one copied in, and names
    one that cannot be read."""

    db, other = tmp_path / "db", tmp_path / "other"
    with Store.open_writer(db) as store:
        sam, broken = store.add(partnership("Dana", "Sam")), store.add(partnership("Kit", "Ola"))
    with Store.open_writer(other) as store:
        copied = store.add(partnership("Lee", "Kim"))
    older = tmp_path / "older.json"
    shutil.copy(db / "partnerships" / f"{sam}.json", older)
    with Store.open_writer(db) as store:
        renamed = store.get(sam)
        renamed.mentee = "Samantha"
        store.save(renamed)
    shutil.copy(older, db / "partnerships" / f"{sam}.json")  # the index still says Samantha
    shutil.copy(other / "partnerships" / f"{copied}.json", db / "partnerships" / f"{copied}.json")
    (db / "partnerships" / f"{broken}.json").write_bytes(b"{ not json")

    shown: list[list[str]] = []  # the rows of each reload of the list, in order
    real_reload = PartnershipsScreen.reload

    def reload(screen, rows, *args, **kwargs):
        shown.append([row["id"] for row in rows])
        real_reload(screen, rows, *args, **kwargs)

    monkeypatch.setattr(PartnershipsScreen, "reload", reload)
    app = CloserApp(db)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sorted(row_ids(app)) == sorted([sam, copied])
        table = app.screen.query_one(PartnershipTable)
        mentees = {table.shown_cells(index)[1].rstrip() for index in range(table.row_count)}
        assert mentees == {"Sam", "Kim"}
        heading = str(app.screen.query_one("#list-heading", Static).render())
        assert heading.startswith("2 partnerships, 2 open.")
        assert any(f"{broken}.json" in str(n.message) for n in app._notifications)
    assert sorted(shown[0]) == sorted([sam, broken])  # the first frame: as the index had them


@pytest.mark.parametrize(("height", "first_read"), [(30, FIRST_ROWS_AT_LEAST), (90, 90)])
async def test_the_first_frame_reads_a_windows_worth_of_rows_and_then_the_whole_index(db, monkeypatch, height, first_read):
    with Store.open_writer(db) as store:
        store.import_partnerships([partnership(f"Mentor {n}", f"Mentee {n:03}") for n in range(120)])
    shown: list[int] = []  # how many rows each reload of the list had
    real_reload = PartnershipsScreen.reload

    def reload(screen, rows, *args, **kwargs):
        shown.append(len(rows))
        real_reload(screen, rows, *args, **kwargs)

    monkeypatch.setattr(PartnershipsScreen, "reload", reload)
    app = CloserApp(db)
    async with app.run_test(size=(100, height)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(row_ids(app)) == 120
    assert shown[0] == first_read and shown[-1] == 120, shown


async def test_the_heading_counts_in_words_that_read_right_on_one_line_at_the_smallest_size(db):
    with Store.open_writer(db) as store:
        store.add(partnership("Dana", "Sam"))
    app = CloserApp(db)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        heading = app.screen.query_one("#list-heading", Static)
        assert str(heading.render()).startswith("1 partnership, 1 open.")
        assert heading.region.height == 1  # the keys' hint is cut with …, the table keeps its row
    assert counted(10_000, "partnership") == "10,000 partnerships"

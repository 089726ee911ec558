"""Reviewing past partnerships in the app: filter, sort, summary, export, copy, report."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, Markdown

from closer_tui.tui.app import CloserApp
from closer_tui.assets import sample_data_file
from closer_tui.export import loads
from closer_tui.tui.screens.dashboard import DashboardScreen
from closer_tui.tui.screens.report import ReportScreen
from closer_tui.tui.screens.review import ReviewScreen
from closer_tui.tui.screens.summary import SummaryScreen
from closer_tui.store import Store
from closer_tui.tui.widgets.review_table import ReviewTable


@pytest.fixture
def sample_db(db):
    with Store.open_writer(db) as store:
        store.import_partnerships(loads(sample_data_file().read_text(encoding="utf-8")))
    return db


def shown_mentees(app) -> list[str]:
    return [row.summary["mentee"] for row in app.screen.query_one(ReviewTable).rows]


async def filter_review(app, text: str) -> None:
    """Type a filter, as a paste would, and let the search finish."""
    app.screen.query_one(Input).value = text
    await app.workers.wait_for_complete()


async def open_review(pilot, app):
    await pilot.press("v")
    assert isinstance(app.screen, ReviewScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_review_lists_every_partnership_with_its_outcome(sample_db):
    app = CloserApp(sample_db)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_review(pilot, app)
        rows = {row.summary["mentee"]: row.cells for row in app.screen.query_one(ReviewTable).rows}
        assert len(rows) == 6
        assert rows["Amara Okafor"][3:] == ("closed", "2026-07-27", "objectives reached", "4 of 4", "18:44 / 20:00")


async def test_filter_as_you_type_finds_words_in_names_goals_and_notes(sample_db):
    app = CloserApp(sample_db)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_review(pilot, app)
        await pilot.press(*"zoë")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown_mentees(app) == ["Zoë Whitfield"]
        await filter_review(app, "bridge deck")  # only in a goal's outcome
        await pilot.pause()
        assert shown_mentees(app) == ["Amara Okafor"]
        assert "1 of 7 partnerships" in str(app.screen.query_one("#review-count").render())  # the sample's seven


async def test_private_notes_are_not_searchable(sample_db):
    with Store.open_reader(sample_db) as store:
        secret = store.get("c9tw2e").close.private_notes.split()[0:3]
    app = CloserApp(sample_db)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_review(pilot, app)
        await filter_review(app, " ".join(secret) + " zzz-only-private")
        await pilot.pause()
        assert shown_mentees(app) == []


async def test_sort_by_any_column_and_again_to_reverse(sample_db):
    app = CloserApp(sample_db)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_review(pilot, app)
        await pilot.press("down", "s")  # column 0: mentee
        await app.workers.wait_for_complete()
        await pilot.pause()
        names = shown_mentees(app)
        assert names == sorted(names, key=str.casefold)
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown_mentees(app) == names[::-1]
        await pilot.press(*["right"] * 6, "s")  # goals met
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown_mentees(app)[-1] == "Amara Okafor"  # 4 of 4


async def test_enter_opens_the_summary_and_a_key_reopens_it_on_the_dashboard(sample_db):
    app = CloserApp(sample_db)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_review(pilot, app)
        await filter_review(app, "Amara")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Amara Okafor" in app.screen.query_one(Markdown).source
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.session.partnership.status == "closing"


async def test_export_from_the_summary_writes_the_file_and_says_where(sample_db, private_home):
    app = CloserApp(sample_db)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_review(pilot, app)
        await filter_review(app, "Amara")
        await pilot.press("down", "enter", "x")
        await pilot.press("down", "enter")  # the second format: HTML
        await pilot.pause()
        (written,) = list(private_home.rglob("closer-amara-okafor-x8fj5a.html"))
        assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert oct(written.stat().st_mode & 0o777) == "0o600"
        assert any(str(written) in str(n.message) for n in app._notifications)


async def test_copy_puts_the_markdown_record_on_the_clipboard(sample_db):
    app = CloserApp(sample_db)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_review(pilot, app)
        await filter_review(app, "Zoë")
        await pilot.press("down", "enter", "c")
        assert app.clipboard.startswith("# Zoë Whitfield and Dr Anaïs Lefebvre")
        with Store.open_reader(sample_db) as store:
            assert store.get("c9tw2e").close.private_notes not in app.clipboard


async def test_outcomes_report_screen_shows_the_programme_figures(sample_db):
    app = CloserApp(sample_db)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        source = app.screen.query_one(Markdown).source
        # still open: r4hn8v, c9tw2e and the follow-on j7tn4e, where m3pq7d's open action was done later
        assert "Partnerships closed: 4 (still open: 3)" in source and "44%" in source
        assert "5 done (36%, 1 of them in a follow-on)" in source
        await pilot.press("c")
        assert app.clipboard == source

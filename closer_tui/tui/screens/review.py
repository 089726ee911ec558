"""Review past partnerships: a table of all of them, filtered as you type, sorted by any column."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from ...pacing import FILTER_BUDGET, keep_out_of_collections, release_to_collections
from ...review import ReviewRow, RowFilter, sort_rows
from ..messages import SummaryRequested
from ..widgets.title_bar import TitleBar
from ..widgets.key_footer import KeyFooter
from ..widgets.key_names import key_name
from ..widgets.review_table import ReviewTable
from .shared_cover import CoveredWhenShared

LOAD_BATCH = 250


class ReviewScreen(CoveredWhenShared, Screen):
    """Opens from the index at once; the words of every record become searchable in the background.

    ``rows`` come from the index; ``search_text_of(id)`` reads one record's searchable
    words (None if it cannot be read) and is called from a worker thread.
    """

    BINDINGS = [
        Binding("escape", "app.back_to_list", "Back", id="review.back", tooltip="Back to the partnership list"),
        Binding("slash", "focus_filter", "Filter", id="review.filter", tooltip="Type to filter by names, programme, goals and notes"),
        Binding("down", "focus_table", "Table", show=False),
    ]

    def __init__(self, rows: list[ReviewRow], search_text_of: Callable[[str], str | None]) -> None:
        super().__init__()
        self.index_rows = rows  # in the store's order
        self.search_text_of = search_text_of
        self.all_rows: list[ReviewRow] = []  # in the table's order
        self.finder = RowFilter([])
        self.shown: list[ReviewRow] = []
        self.sort: tuple[str, bool] = ("closed_on", True)
        self.loaded = 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        back = key_name(self, "review.filter")
        yield Input(placeholder=f"Filter: names, programme, goals, notes…  (↓ to the table, {back} back here)", id="review-filter")
        yield Static("", id="review-count")
        yield ReviewTable(id="review-table")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Review past partnerships"
        self.all_rows = sort_rows(self.index_rows, self.sort[0], reverse=self.sort[1])
        self.finder.set_rows(self.all_rows)
        self.apply(self.all_rows)
        self.query_one(Input).focus()
        self.load_search_text()

    def on_unmount(self) -> None:
        release_to_collections()  # see _loaded_more

    # --- filtering ------------------------------------------------------------

    @on(Input.Changed, "#review-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.refilter()

    def refilter(self) -> None:
        """Filter at once if it takes at most a frame, so the rows are drawn with the key; else in a worker.

        Rows found in a worker arrive after the frame that shows the key, and wait
        for the next one: 17-33 ms more.
        """
        query = self.query_one(Input).value
        deadline = time.perf_counter() + FILTER_BUDGET
        found = self.finder.find(query, lambda: time.perf_counter() > deadline)
        if found is None:
            self.filter_rows(query)
        else:
            self.workers.cancel_group(self, "review-filter")
            self.apply(found)

    @work(thread=True, exclusive=True, group="review-filter")
    def filter_rows(self, query: str) -> None:
        worker = get_current_worker()
        found = self.finder.find(query, lambda: worker.is_cancelled)
        if found is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._apply_if_current, query, found)

    def _apply_if_current(self, query: str, rows: list[ReviewRow]) -> None:
        if self.query_one(Input).value == query:  # a later key may have been answered already
            self.apply(rows)

    def apply(self, rows: list[ReviewRow]) -> None:
        self.shown = rows
        table = self.query_one(ReviewTable)
        table.sorted_by = self.sort
        table.set_rows(rows)
        self.show_count()

    def show_count(self) -> None:
        total = len(self.all_rows)
        line = f"{len(self.shown):,} of {total:,} partnerships"
        if self.loaded < total:
            line += f" · reading notes for the filter: {self.loaded:,} of {total:,}"
        self.query_one("#review-count", Static).update(line)

    @work(thread=True, group="review-load")
    def load_search_text(self) -> None:
        """Read each record once, so the filter also finds words in goals and notes."""
        worker = get_current_worker()
        rows = list(self.all_rows)
        for start in range(0, len(rows), LOAD_BATCH):
            if worker.is_cancelled:
                return
            for row in rows[start : start + LOAD_BATCH]:
                text = self.search_text_of(row.id)
                if text is not None:
                    row.haystack = text
            self.loaded = min(len(rows), start + LOAD_BATCH)
            self.app.call_from_thread(self._loaded_more)

    def _loaded_more(self) -> None:
        self.finder.changed()
        self.show_count()
        if self.query_one(Input).value.strip():
            self.refilter()
        if self.loaded >= len(self.all_rows):
            # Everything long-lived is in memory now: keep it out of full garbage
            # collections, which took 40-140 ms each at 10,000 partnerships and
            # fell on one keystroke in ten. on_unmount unfreezes.
            keep_out_of_collections()

    # --- sorting and opening -----------------------------------------------------

    @on(ReviewTable.SortRequested)
    def _sort_requested(self, event: ReviewTable.SortRequested) -> None:
        column, reverse = self.sort
        self.sort = (event.column, not reverse if column == event.column else False)
        self.all_rows = sort_rows(self.index_rows, self.sort[0], reverse=self.sort[1])
        self.finder.set_rows(self.all_rows)
        self.refilter()

    @on(ReviewTable.Opened)
    def _opened(self, event: ReviewTable.Opened) -> None:
        self.post_message(SummaryRequested(event.partnership_id))

    @on(Input.Submitted, "#review-filter")
    def _submitted(self) -> None:
        self.action_focus_table()

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()

    def action_focus_table(self) -> None:
        self.query_one(ReviewTable).focus()

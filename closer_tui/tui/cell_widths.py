"""Measure text in cells as terminals draw it: a spacing combining mark takes a cell.

Rich (and so Textual, which measures every line with it) counts a spacing
combining mark, Unicode category Mc, such as the Devanagari vowel sign "ा" in
"शर्मा", as zero cells. The C library's wcwidth counts it as one, and so do the
terminals that use it or follow it (tmux, screen, xterm, GNOME's and KDE's
terminals). A name with two such marks then pushed the rest of its line two
cells right on screen: the columns after it no longer lined up, and the end of
the line wrapped onto the next, leaving stray characters behind when the table
was redrawn. Non-spacing marks (Mn: a virama, the accent of "Zoé" typed as e
and U+0301) stay at zero, as they are in both.

``measure_as_terminals_do()`` gives Rich's cell table that one correction,
for the whole process: Textual's layout, cropping and padding then agree with
the terminal. It is called when the app starts (and is idempotent).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from functools import cache

import rich.cells
from rich.cells import CellTable

SPACING_MARK = "Mc"
# Spacing marks belong to scripts, and every script is in Unicode's first two planes; beyond them the
# zero-width ranges are tags and variation selectors (plane 14: 4,096 of the 6,700 zero-width code
# points, the most costly part of the correction to look through one by one at start-up).
LAST_CODE_POINT_OF_SCRIPTS = 0x1FFFF


def spacing_marks_take_a_cell(table: CellTable) -> CellTable:
    """``table`` with every spacing combining mark it counts as zero cells counted as one."""
    widths: list[tuple[int, int, int]] = []
    for start, end, width in table.widths:
        if width != 0 or start > LAST_CODE_POINT_OF_SCRIPTS:
            widths.append((start, end, width))
            continue
        widths.extend(_split_zero_width_range(start, end))
    return CellTable(table.unicode_version, widths, table.narrow_to_wide)


def _split_zero_width_range(start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """The zero-width range start..end as runs: 1 for spacing marks, 0 for the rest."""
    run_start, run_width = start, _width_of(start)
    for codepoint in range(start + 1, end + 1):
        width = _width_of(codepoint)
        if width != run_width:
            yield (run_start, codepoint - 1, run_width)
            run_start, run_width = codepoint, width
    yield (run_start, end, run_width)


def _width_of(codepoint: int) -> int:
    return 1 if unicodedata.category(chr(codepoint)) == SPACING_MARK else 0


def measure_as_terminals_do() -> None:
    """From now on, Rich measures spacing combining marks as one cell (see the module's doc)."""
    load: Callable[..., CellTable] | None = getattr(rich.cells, "load_cell_table", None)
    if load is None or getattr(load, "spacing_marks_take_a_cell", False):
        return  # a Rich without its table loader (pyproject pins the major that has one), or done already

    @cache
    def load_corrected(unicode_version: str = "auto") -> CellTable:
        return spacing_marks_take_a_cell(load(unicode_version))

    load_corrected.spacing_marks_take_a_cell = True  # type: ignore[attr-defined]
    rich.cells.load_cell_table = load_corrected
    # Widths measured before the correction are cached: measure them again.
    rich.cells.get_character_cell_size.cache_clear()
    rich.cells.cached_cell_len.cache_clear()

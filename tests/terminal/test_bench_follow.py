"""A smoke test of tests/bench/follow.py's measuring parts (the benchmark itself never runs in the suite)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import follow  # noqa: E402  (tests/bench/follow.py)
import keystrokes  # noqa: E402

from closer_tui.desk import Desk  # noqa: E402


def test_markers_replace_long_words_and_keep_the_typing_plan():
    plan = keystrokes.typing_plan()
    marked, markers = follow.marked_plan(plan)
    assert [(s.at, s.measured, s.burst) for s in marked] == [(s.at, s.measured, s.burst) for s in plan]
    text = keystrokes.typed_text(marked)
    assert len(markers) >= 20 and all(text.count(marker) == 1 for marker in markers)
    assert all(marked[last].character == "x" and text.index(marker) + len(marker) - 1 == last for marker, last in markers.items())


def test_the_screen_text_finds_a_marker_cut_by_reads_and_escape_sequences():
    screen = follow.ScreenText()
    stream = "\x1b[2;5H\x1b[1;38;5;231mnotes zq0".encode() + b"\x1b[0m\x1b[2;14H" + "12x … done\x1b]0;title\x07".encode()
    shown = [screen.feed(stream[i : i + 7]) for i in range(0, len(stream), 7)]
    assert "zq012x" in shown[-1] and not any("\x1b" in text or "title" in text for text in shown)


def test_the_audience_watcher_sees_a_saved_note_on_the_screen(filled_db, partnerships):
    active = partnerships[0]
    with follow.AudienceProcess(filled_db, active.id, f"{active.mentee} and {active.mentor}", (120, 40)) as view:
        assert view.wait_ready(timeout=30) > 0
        with Desk.for_writing(filled_db) as desk:
            desk.open(active.id).set_notes("evaluate", "We agreed zq07x")
            saved = time.perf_counter()
            desk.save()
        view.wait_shown({"zq07x"}, timeout=30)
        assert view.seen["zq07x"] > saved
        assert view.cpu_seconds() > 0

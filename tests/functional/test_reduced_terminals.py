"""A terminal that says it is dumb, or a user who sets NO_COLOR, gets no colour."""

from __future__ import annotations

import pytest
from textual.filter import Monochrome, NoColor

from closer_tui.tui.app import CloserApp


@pytest.mark.parametrize("env", [{"TERM": "dumb"}, {"NO_COLOR": "1", "TERM": "xterm-256color"}], ids=["dumb", "no_color"])
async def test_a_dumb_terminal_or_no_color_gets_no_colour(db, monkeypatch, env):
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = CloserApp(db)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.no_color
        assert any(isinstance(f, NoColor) for f in app.get_line_filters())
        assert not any(isinstance(f, Monochrome) for f in app.get_line_filters())  # greys are colours too


async def test_a_colour_terminal_keeps_its_colours(db, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    app = CloserApp(db)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not app.no_color

"""A terminal that says it is dumb, or a user who sets NO_COLOR, gets no colour: what reaches the
terminal (the screen's frame, after the app's filters, as escape sequences) has no hue in it."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from closer_tui.tui.app import CloserApp
from closer_tui.tui.screens.dashboard import DashboardScreen

SGR = re.compile(r"\x1b\[([0-9;]*)m")
NAMED_COLOURS = {*range(30, 38), *range(40, 48), *range(90, 98), *range(100, 108)}


def drawn(app: CloserApp) -> str:
    """The whole screen as a truecolor terminal receives it: escape sequences and text."""
    console = Console(
        file=io.StringIO(), force_terminal=True, color_system="truecolor", width=app.size.width, legacy_windows=False
    )
    with console.capture() as capture:
        console.print(app.screen._compositor.render_update(full=True))
    return capture.get()


def colours_with_a_hue(output: str) -> set:
    """Every colour set by the escape sequences that is not a grey: (r, g, b), ("256", n) or ("named", code)."""
    found = set()
    for text in SGR.findall(output):
        params = [int(part) if part else 0 for part in text.split(";")]
        i = 0
        while i < len(params):
            if params[i] in (38, 48) and params[i + 1 : i + 2] == [2]:
                r, g, b = params[i + 2 : i + 5]
                if not r == g == b:
                    found.add((r, g, b))
                i += 5
            elif params[i] in (38, 48) and params[i + 1 : i + 2] == [5]:
                found.add(("256", params[i + 2]))
                i += 3
            else:
                if params[i] in NAMED_COLOURS:
                    found.add(("named", params[i]))
                i += 1
    return found


async def dashboard_as_drawn(filled_db, partnerships) -> str:
    app = CloserApp(filled_db, partnership_id=partnerships[0].id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        output = drawn(app)
    assert "Evaluate" in SGR.sub("", output)  # the frame is the dashboard's
    return output


@pytest.mark.parametrize("env", [{"TERM": "dumb"}, {"NO_COLOR": "1", "TERM": "xterm-256color"}], ids=["dumb", "no_color"])
async def test_a_dumb_terminal_or_no_color_gets_no_colour(filled_db, partnerships, monkeypatch, env):
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    output = await dashboard_as_drawn(filled_db, partnerships)
    assert colours_with_a_hue(output) == set()


async def test_a_colour_terminal_keeps_its_colours(filled_db, partnerships, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    output = await dashboard_as_drawn(filled_db, partnerships)
    assert len(colours_with_a_hue(output)) >= 3

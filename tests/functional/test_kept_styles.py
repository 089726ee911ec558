"""Screens drawn from kept style sheets (tui/style_cache.py) look exactly as when their CSS is parsed."""

from __future__ import annotations

import pytest
from textual.css.stylesheet import Stylesheet

from closer_tui.tui.app import CloserApp
from closer_tui.tui.style_cache import KeptStylesheet, keep_parsed_styles


def frozen_clock() -> float:
    return 1_790_000_000.0


async def screenshot(app: CloserApp, keys: tuple[str, ...]) -> str:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        return app.export_screenshot()


@pytest.mark.parametrize("opened, keys", [(False, ()), (True, ()), (True, ("ctrl+o",))], ids=["list", "dashboard", "shared screen"])
async def test_a_screen_drawn_from_kept_rules_is_the_screen_drawn_from_parsed_css(filled_db, partnerships, monkeypatch, opened, keys):
    parsed: list[str] = []
    parse = Stylesheet._parse_rules
    monkeypatch.setattr(Stylesheet, "_parse_rules", lambda self, css, read_from, *a, **k: parsed.append(read_from) or parse(self, css, read_from, *a, **k))
    opening = partnerships[0].id if opened else None

    first = CloserApp(filled_db, partnership_id=opening, clock=frozen_clock, shared_screen=False)  # ctrl+o is remembered
    assert isinstance(first.stylesheet, KeptStylesheet)
    cold = await screenshot(first, keys)
    assert parsed and keep_parsed_styles(first.stylesheet) > 0

    parsed.clear()
    again = CloserApp(filled_db, partnership_id=opening, clock=frozen_clock, shared_screen=False)
    warm = await screenshot(again, keys)
    assert parsed == []  # every rule read back
    assert warm == cold

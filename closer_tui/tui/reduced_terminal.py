"""Reduced terminals, by the conventions Textual and Rich follow.

``TERM=dumb`` says the terminal can do little: closer draws inline (Textual's
inline driver), with no alternate screen, in the whole window. ``TERM=dumb``
and ``NO_COLOR`` both get no colour at all: every colour is the terminal's
own default, and the cursor and focus show by reverse video and bold
(styles/app.tcss, ``App:nocolor``). Textual alone gives NO_COLOR shades of
grey written as 24-bit colours, which is still colour to a terminal.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from textual.app import App
from textual.filter import Monochrome, NoColor


def dumb_terminal(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("TERM", "").strip().lower() == "dumb"


def without_colour(app: App) -> None:
    """No colour sequences from ``app``: its colours become the terminal's defaults."""
    app.no_color = True  # the App:nocolor styles
    app._filters[:] = [f for f in app._filters if not isinstance(f, (Monochrome, NoColor))] + [NoColor()]

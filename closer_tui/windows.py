"""The commands that open a window: the app (``closer``, ``closer open ID``, ``closer demo``) and the
audience view (``closer present ID``). No click here: ``entry.py`` starts the common ones without it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .method import Guide

AUDIENCE_NICENESS = 10  # the audience view runs beside the facilitator's app, on the same cores


def chosen_guide(guide_file: Path | None) -> Guide | None:
    """--guide, else the config's guide, parsed (a malformed one is refused now); None: closer's own."""
    from .config import load_settings

    chosen = guide_file or load_settings().guide
    if not chosen:
        return None
    from .guide_file import load_guide  # markdown-it: only for a programme's own guide

    return load_guide(chosen)


def run_app(db: Path, guide_file: Path | None, shared_screen: bool, open_id: str | None = None) -> None:
    """The facilitator's app on ``db``, on the list or on the partnership ``open_id``."""
    from .tui.app import CloserApp  # Textual loads only when the app opens

    app = CloserApp(
        db,
        partnership_id=open_id,
        guide=chosen_guide(guide_file),  # None: the app parses closer's own guide if a new partnership needs it
        shared_screen=shared_screen or None,
        editor_after_first_frame=True,  # the first frame shows the notes; their editor comes just after
    )
    app.run()
    if app.startup_error:
        from .store import StoreError

        raise StoreError(app.startup_error)
    if app.return_code:  # ended by SIGTERM or SIGHUP, after saving
        sys.exit(app.return_code)


def open_partnership(db: Path, guide_file: Path | None, shared_screen: bool, partnership_id: str) -> None:
    """``closer open ID``: the id from the files' names, so the index is read once the app is up."""
    from .store import resolve_by_file_name

    run_app(db, guide_file, shared_screen, resolve_by_file_name(db, partnership_id))


def present_in_terminal(db: Path, partnership_id: str, layout: str) -> None:
    """``closer present ID``: the audience view in this terminal."""
    from .store import resolve_by_file_name
    from .tui.audience import AudienceApp  # Textual loads only when the view opens

    app = AudienceApp(db, resolve_by_file_name(db, partnership_id), layout=layout)
    # On the facilitator's own machine: when both want the CPU, their typing comes first.
    os.nice(AUDIENCE_NICENESS)
    app.run()

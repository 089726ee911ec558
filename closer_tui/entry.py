"""The ``closer`` command's entry point.

Opening a window is what people do most: ``closer``, ``closer open ID`` and ``closer present
ID``, with ``--db``, ``--guide`` and ``--shared-screen`` before the command, are read here and
started without click (importing click and building closer's seventeen commands was about a
tenth of closer's own start-up). Every other command line, and anything unusual in these (help,
an option given twice, an option after the command, an option's value that starts with "-"),
goes to click (cli.py) as it is, which reads it as it always has.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

_VALUED_OPTIONS = {"--db": "db", "--guide": "guide"}
_SHARED_SCREEN = "--shared-screen"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    start = window_command(args)
    if start is None:
        from .cli import main as click_main

        click_main(args)
        return
    from .failures import run_command

    run_command(start)


def window_command(args: list[str]) -> Callable[[], None] | None:
    """What ``args`` start, if they are one of the plain window commands; None: click reads them."""
    values: dict[str, str] = {}
    shared_screen = False
    rest = list(args)
    while rest and rest[0].startswith("-"):
        name, equals, value = rest.pop(0).partition("=")
        if name == _SHARED_SCREEN and not equals and not shared_screen:
            shared_screen = True
            continue
        field = _VALUED_OPTIONS.get(name)
        if field is None or field in values:
            return None
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-"):
            return None
        values[field] = value
    from .locations import data_dir
    from .windows import open_partnership, present_in_terminal, run_app

    db = data_dir(Path(values["db"]) if "db" in values else None)
    guide_file = Path(values["guide"]) if "guide" in values else None
    if not rest:
        return partial(run_app, db, guide_file, shared_screen)
    if len(rest) == 2 and rest[1] and not rest[1].startswith("-"):
        command, partnership_id = rest
        if command == "open":
            return partial(open_partnership, db, guide_file, shared_screen, partnership_id)
        if command == "present":
            return partial(present_in_terminal, db, partnership_id, "all")
    return None

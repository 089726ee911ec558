"""How a ``closer`` command ends when something goes wrong: one line on stderr and an exit status,
never a traceback (``CLOSER_DEBUG=1`` shows it). Shared by click's commands (cli.py) and the
window commands started without click (entry.py)."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import NoReturn

from .errors import CloserError
from .terminal_text import safe_for_terminal


class Stopped(BaseException):
    """SIGTERM or SIGHUP during a command that must not stop half-way: raised where the command is,
    like ctrl-c's KeyboardInterrupt, so that what it had begun is undone (an import)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


def fail(message: str, code: int) -> NoReturn:
    print(f"closer: error: {safe_for_terminal(message)}", file=sys.stderr, flush=True)
    sys.exit(code)


def run_command(command: Callable[[], object], explain: Callable[[BaseException], tuple[str, int] | None] = lambda error: None) -> NoReturn:
    """Run ``command`` and exit with its result (an int) or 0; an error it raises ends the process with
    a line saying it, as ``explain`` words it (the command line's own errors) or else as below."""
    try:
        result = command()
    except BaseException as error:  # noqa: BLE001 (SystemExit and the like go on, below)
        said = explain(error) or _said(error)
        if said is None:
            raise
        fail(*said)
    sys.exit(result if isinstance(result, int) else 0)


def _said(error: BaseException) -> tuple[str, int] | None:
    if isinstance(error, CloserError):
        return str(error), 1
    if isinstance(error, KeyboardInterrupt):
        return "interrupted", 130
    if isinstance(error, Stopped):
        return f"stopped by {error}", 128 + error.signum
    if isinstance(error, Exception) and not os.environ.get("CLOSER_DEBUG"):
        return f"unexpected {type(error).__name__}: {error} (run with CLOSER_DEBUG=1 for details)", 70
    return None  # SystemExit; an unexpected error with CLOSER_DEBUG set

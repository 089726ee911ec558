"""Run a desk workflow off the UI thread and hand its result, or its refusal, back to the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.app import App

from ..errors import CloserError

T = TypeVar("T")

#: What a workflow raises when it refuses: shown to the user, never a crash.
WORKFLOW_ERRORS = (CloserError,)
#: The name of every workflow's worker (tests wait for these to settle).
WORKER_NAME = "workflow"


def run_workflow(
    app: App,
    work: Callable[[], T],
    done: Callable[[T], object],
    *,
    failed: Callable[[str], object] | None = None,
    title: str = "Not done",
    group: str = "workflow",
    timeout: float = 15,
) -> None:
    """``work()`` in a thread; then ``done(result)`` on the UI thread, or ``failed(message)``
    (by default a notification titled ``title``) if it raised a closer error."""

    def refused(message: str) -> None:
        app.notify(message, title=title, severity="error", timeout=timeout)

    def in_thread() -> None:
        try:
            result = work()
        except WORKFLOW_ERRORS as error:
            answer, value = failed or refused, str(error)
        else:
            answer, value = done, result
        try:
            app.call_from_thread(answer, value)
        except RuntimeError:  # the app ended while the workflow ran: nobody is left to tell
            pass

    app.run_worker(in_thread, name=WORKER_NAME, thread=True, group=group)

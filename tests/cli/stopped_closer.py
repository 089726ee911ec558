"""A real closer process stopped at a hook: run closer, kill it at hook X.

``closer_stopped_at(home, hook, *args)`` runs closer's own ``main`` with ``args`` and one change:
after the first call of ``hook`` ("module:Name.attribute", a function or a method) returns, it
says so on stdout and waits on stdin. It returns the process right then (no sleeps), for the test
to kill or signal; ``killed(process)`` kills it with SIGKILL and returns its exit status.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from test_cli import child_env

STOPPED = "stopped at the hook\n"

STOPS_AFTER_FIRST_CALL = f"""
import importlib
import sys
from closer_tui.cli import main

module, _, path = sys.argv.pop(1).partition(":")
*owners, name = path.split(".")
owner = importlib.import_module(module)
for attribute in owners:
    owner = getattr(owner, attribute)
real = getattr(owner, name)
calls = []

def first_then_wait(*args, **kwargs):
    result = real(*args, **kwargs)
    calls.append(args)
    if len(calls) == 1:
        print({STOPPED!r}, end="", flush=True)
        sys.stdin.readline()  # the test stops the process here
    return result

setattr(owner, name, first_then_wait)
main(sys.argv[1:])
"""


def closer_stopped_at(home: Path, hook: str, *args: str) -> subprocess.Popen:
    """A closer running ``args``, stopped after the first call of ``hook``."""
    process = subprocess.Popen(
        [sys.executable, "-c", STOPS_AFTER_FIRST_CALL, hook, *args],
        cwd=home,
        env=child_env(home),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout.readline() == STOPPED, f"closer never reached {hook}: {process.stderr.read()}"
    except BaseException:
        killed(process)
        raise
    return process


def killed(process: subprocess.Popen) -> int:
    """Kill the process with SIGKILL, wait for it and close its pipes; its exit status."""
    process.kill()
    status = process.wait(timeout=30)
    process.stdout.close(), process.stderr.close(), process.stdin.close()
    return status

"""Run a command in a pseudo-terminal and keep every byte it writes (tmux's capture-pane would hide escape sequences)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time

DEADLINE = 30.0  # seconds for the program to show what is waited for on a busy machine; no test waits longer than it must


def run_in_pty(args: list[str], until: bytes, then: bytes, env: dict[str, str] | None = None) -> tuple[bytes, int]:
    """Run ``args`` in an 100x30 pty until its output holds ``until``, send ``then``, return all output and the exit code.
    ``env`` adds to (or, with a value of None, takes from) the environment, whose TERM is xterm-256color."""
    leader, follower = pty.openpty()
    os.set_blocking(leader, False)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30", **(env or {})}
    env = {name: value for name, value in env.items() if value is not None}
    process = subprocess.Popen(args, stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True)
    os.close(follower)
    output, sent, started = b"", False, time.monotonic()
    try:
        while process.poll() is None and time.monotonic() - started < DEADLINE:
            ready, _, _ = select.select([leader], [], [], 0.1)
            if ready:
                try:
                    output += os.read(leader, 65536)
                except OSError:
                    break
            if not sent and until in output:
                os.write(leader, then)
                sent = True
        return output, process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)

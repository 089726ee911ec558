"""Run a command in a pseudo-terminal and keep every byte it writes (tmux's capture-pane would hide escape sequences).

Used by the real-terminal tests and by tests/bench/startup.py, which times the
real commands from spawn to the first frame that shows a given text.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time

DEADLINE = 30.0  # seconds for the program to show what is waited for on a busy machine; no test waits longer than it must
SIZE = (100, 30)  # columns, rows
# Colours and weights between the letters of a word (a highlighted character) would hide it from a search.
STYLE_CHANGES = re.compile(rb"\x1b\[[0-9;:]*m")


class PtySession:
    """One process whose standard input, output and error are a pty of a fixed size."""

    def __init__(self, args: list[str], *, env: dict[str, str] | None = None, size: tuple[int, int] = SIZE) -> None:
        columns, rows = size
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        os.set_blocking(leader, False)
        self.leader = leader
        self.output = bytearray()
        self._plain = b""  # the output without style changes, up to _plain_upto
        self._plain_upto = 0
        #: time.perf_counter() just before the process was spawned
        self.started = time.perf_counter()
        self.process = subprocess.Popen(args, stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True)
        os.close(follower)

    @property
    def pid(self) -> int:
        return self.process.pid

    def _read(self, timeout: float) -> bool:
        """Read what the process wrote within ``timeout`` seconds; False when it wrote nothing."""
        ready, _, _ = select.select([self.leader], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.leader, 1 << 16)
        except OSError:  # the process has ended and closed the pty
            return False
        self.output += chunk
        return bool(chunk)

    def plain_output(self) -> bytes:
        """The output so far without style changes. What lies before the last ESC is cleaned once and kept
        (only a sequence starting at the last ESC can be cut short); the rest is cleaned on each call."""
        cut = self.output.rfind(b"\x1b")
        if cut > self._plain_upto:
            self._plain += STYLE_CHANGES.sub(b"", bytes(self.output[self._plain_upto : cut]))
            self._plain_upto = cut
        return self._plain + STYLE_CHANGES.sub(b"", bytes(self.output[self._plain_upto :]))

    def wait_for(self, text: bytes, timeout: float = DEADLINE, since: int = 0) -> float:
        """Read until ``text`` shows in the output written after byte ``since``; the perf_counter time of the read
        that brought it. Raises TimeoutError (the process ended or the deadline passed) with the output's tail."""
        deadline = time.perf_counter() + timeout
        plain_since = len(STYLE_CHANGES.sub(b"", bytes(self.output[:since])))
        while True:
            if text in self.plain_output()[plain_since:]:
                return time.perf_counter()
            if time.perf_counter() > deadline or (not self._read(0.05) and self.process.poll() is not None):
                if text in self.plain_output()[plain_since:]:
                    return time.perf_counter()
                tail = bytes(self.output[-1500:])
                raise TimeoutError(f"{text!r} never showed (exit {self.process.poll()}); the output ended {tail!r}")

    def drain(self, seconds: float) -> None:
        """Keep reading for ``seconds`` (a process whose pty is not read blocks on its next frame)."""
        until = time.perf_counter() + seconds
        while (left := until - time.perf_counter()) > 0:
            self._read(min(left, 0.05))

    def send(self, keys: bytes) -> None:
        os.write(self.leader, keys)

    def wait_exit(self, timeout: float = 10.0) -> int:
        """Read until the process ends (its last frames must be read for it to end); its exit code."""
        deadline = time.perf_counter() + timeout
        while self.process.poll() is None:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"the process did not end within {timeout} s")
            self._read(0.02)
        return self.process.returncode

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.leader)

    def __enter__(self) -> PtySession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_in_pty(args: list[str], until: bytes, then: bytes, env: dict[str, str] | None = None) -> tuple[bytes, int]:
    """Run ``args`` in a 100x30 pty until its output holds ``until``, send ``then``, return all output and the exit code.
    ``env`` adds to (or, with a value of None, takes from) the environment, whose TERM is xterm-256color."""
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30", **(env or {})}
    env = {name: value for name, value in env.items() if value is not None}
    with PtySession(args, env=env) as session:
        try:
            session.wait_for(until)
            session.send(then)
        except TimeoutError:
            pass  # the caller looks at the output and the exit code
        try:
            code = session.wait_exit(timeout=10)
        except TimeoutError:
            session.process.kill()
            code = session.process.wait()
        return bytes(session.output), code

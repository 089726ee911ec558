"""Run a closer command and note, from inside its process, what it had imported and opened
when it wrote the first frame holding a given text (tests/terminal/test_open_command.py).

    python first_frame_probe.py OUT TEXT SCRIPT [ARGS...]
    python first_frame_probe.py OUT TEXT -m MODULE [ARGS...]

SCRIPT (or MODULE) runs as ``python SCRIPT ARGS`` (``python -m MODULE ARGS``) would run it. File access is seen by an audit hook
(``sys.addaudithook``: every ``open`` and ``os.open``), frames by wrapping Textual's driver
``write``. When a frame holding TEXT is written, OUT gets a JSON object: ``modules`` (all of
``sys.modules`` then) and ``opened`` (every path opened until then, in order, each with the
closer functions on the stack that opened it, innermost first). Nothing of this is in closer itself.
"""

from __future__ import annotations

import json
import os
import re
import runpy
import sys

out, text, script, *args = sys.argv[1:]
opened: list[tuple[str, list[str]]] = []


def closer_callers() -> list[str]:
    """The closer functions on the stack, innermost first (e.g. peek_version, outdated_files, ...)."""
    names, frame = [], sys._getframe(2)
    while frame is not None:
        if f"{os.sep}closer_tui{os.sep}" in frame.f_code.co_filename:
            names.append(frame.f_code.co_name)
        frame = frame.f_back
    return names


def audit(event: str, arguments: tuple) -> None:
    if event == "open" and arguments and isinstance(arguments[0], (str, bytes, os.PathLike)):
        opened.append((os.fsdecode(arguments[0]), closer_callers()))


sys.addaudithook(audit)

from textual.drivers.linux_driver import LinuxDriver  # noqa: E402  (after the hook: its reads are seen too)

STYLE_CHANGES = re.compile(r"\x1b\[[0-9;:]*m")
original_write = LinuxDriver.write
seen = False


def write(self: LinuxDriver, data: str) -> None:
    global seen
    if not seen and text in STYLE_CHANGES.sub("", data):
        seen = True
        with open(out, "w", encoding="utf-8") as file:
            json.dump({"modules": sorted(sys.modules), "opened": list(opened)}, file)
    original_write(self, data)


LinuxDriver.write = write
if script == "-m":
    module, *args = args
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
else:
    sys.argv = [script, *args]
    runpy.run_path(script, run_name="__main__")

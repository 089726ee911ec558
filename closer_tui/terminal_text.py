"""Make user text safe to print to a terminal.

A note could hold escape sequences (ESC, CSI, OSC) that retitle the window or
write the clipboard when printed; they are shown as visible symbols instead.
The policy itself lives in :mod:`closer_tui.control_characters`.
"""

from __future__ import annotations

from .control_characters import safe_for_terminal

__all__ = ["safe_for_terminal"]

"""Make user text safe to print to a terminal.

A note could hold escape sequences (ESC, CSI, OSC) that retitle the window or
write the clipboard when printed; they are shown as visible symbols instead.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC
    return "\u2421" if code == 0x7F else f"<U+{code:04X}>"


def safe_for_terminal(text: str) -> str:
    return _CONTROL.sub(_visible, text)

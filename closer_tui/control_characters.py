"""Which control characters closer stores, prints and writes, and what it does with the rest.

One policy, in one place: the character classes below, and for each use (a
note, a name, a terminal, a JSON file) the characters it refuses or replaces.
Pure Python: no Textual, no disk.
"""

from __future__ import annotations

import re
from functools import cache

C0 = frozenset(map(chr, range(0x00, 0x20)))
"""ASCII's control codes (NUL to U+001F). ESC among them starts every terminal escape
sequence: printed raw, a note could retitle the window or write the clipboard."""

C1 = frozenset(map(chr, range(0x7F, 0xA0)))
"""DEL and the C1 controls (U+007F to U+009F). They have no visible form, some terminals
act on them (U+009B is a one-character CSI, like ESC [), and ``json.dumps(ensure_ascii=False)``
writes them raw."""

BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
"""Unicode's explicit text-direction overrides and isolates (U+202A to U+202E, U+2066 to
U+2069). Invisible, and they reorder what follows them on the line: a name could
show as something else than what it is. Right-to-left writing never needs them typed in."""

NOTE_LAYOUT = frozenset("\t\n\r")
"""The control codes a note may hold: tab, newline and carriage return lay text out
(text pasted from Windows ends its lines with CR LF)."""

TERMINAL_LAYOUT = frozenset("\t\n")
"""The control codes a terminal may receive raw: tab and newline. A carriage return
would let the rest of a line print over its start, hiding what came before."""

NOT_IN_NOTES = (C0 | C1 | BIDI_CONTROLS) - NOTE_LAYOUT
"""Never stored in text: a note, a goal, a statement."""

NOT_IN_NAMES = C0 | C1 | BIDI_CONTROLS
"""Never stored in a name (a person, a programme, a duration): a name is one line."""

NOT_FOR_TERMINAL = (C0 | C1 | BIDI_CONTROLS) - TERMINAL_LAYOUT
"""Never printed to a terminal: :func:`safe_for_terminal` shows them as symbols."""


ESCAPED_IN_JSON = C1 | BIDI_CONTROLS
"""Escaped in a JSON file closer writes, on top of the C0 codes ``json.dumps`` escapes itself."""


@cache
def _any_of(characters: frozenset[str]) -> re.Pattern[str]:
    # Compiled on first use, not at import: a class reaching U+2069 takes about 0.7 ms to
    # compile, and a start-up (the list, one partnership) uses one or two of the four.
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(characters)) + "]")


def first_control_character(text: str, *, one_line: bool = False) -> int | None:
    """The index of the first character that text may not hold (a name if ``one_line``), or None."""
    found = _any_of(NOT_IN_NAMES if one_line else NOT_IN_NOTES).search(text)
    return found.start() if found else None


def _picture(code: int) -> str:
    """A C0 control code's symbol from Unicode's Control Pictures block: ␛ for ESC."""
    return chr(0x2400 + code)


def without_control_characters(text: str) -> str:
    """Pasted text made storable: C0 controls become their symbols (␛ for ESC); DEL, C1 and
    direction overrides become �."""
    return _any_of(NOT_IN_NOTES).sub(lambda m: _picture(ord(m.group())) if m.group() in C0 else "\ufffd", text)


def _for_terminal(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return _picture(code)
    return "\u2421" if code == 0x7F else f"<U+{code:04X}>"


def safe_for_terminal(text: str) -> str:
    """Text to print: control characters (escape sequences too) shown as visible symbols, tab and newline kept."""
    return _any_of(NOT_FOR_TERMINAL).sub(_for_terminal, text)


def escape_invisible_in_json(json_text: str) -> str:
    """JSON from ``json.dumps(ensure_ascii=False)`` (which escapes C0 itself) with DEL, C1 and
    direction overrides escaped too: the file stays safe to print, and reads back the same."""
    return _any_of(ESCAPED_IN_JSON).sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)

"""Copying text for the user, and saying honestly where it went.

Two ways, both tried: Textual's request to the terminal (OSC 52), which many
terminals ignore (tmux does with its default ``set-clipboard``) and which
cannot be confirmed; and the system clipboard, through a tool (wl-copy,
xclip, xsel, pbcopy, clip.exe...) that pyperclip finds. "Copied to the system
clipboard" is said only when the tool took the text and gave the same text
back; otherwise the message says the terminal was asked, and where a file
with the text is.

The app holds a ``SystemClipboard``; tests give it a fake, so no test ever
touches the real clipboard.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import NamedTuple, Protocol

#: pyperclip's copy functions, by name, and the tool each one runs.
TOOL_NAMES = {
    "copy_wl": "wl-copy",
    "copy_xclip": "xclip",
    "copy_xsel": "xsel",
    "copy_klipper": "klipper",
    "copy_osx_pbcopy": "pbcopy",
    "copy_osx_pyobjc": "the macOS pasteboard",
    "copy_wsl": "clip.exe",
    "copy_windows": "the Windows clipboard",
    "copy_qt": "Qt",
    "copy_dev_clipboard": "/dev/clipboard",
}
#: What a clipboard tool can raise when it is missing, refuses, or is gone by the time it runs
#: (with pyperclip's own exception, added where pyperclip is loaded: at the first copy, not at start-up).
TOOL_ERRORS = (OSError, subprocess.SubprocessError, UnicodeError, ValueError)


class SystemClipboard(Protocol):
    def copy(self, text: str) -> str | None:
        """Put ``text`` on the system clipboard. The name of the tool that confirmed it, or None
        when there is no tool, it failed, or what it holds afterwards is not ``text``."""


class PyperclipClipboard:
    """The system clipboard through pyperclip, which picks the tool for this system."""

    def copy(self, text: str) -> str | None:
        import pyperclip  # ctypes with it: loaded at the first copy

        try:
            copy, paste = pyperclip.determine_clipboard()
            if not copy:  # pyperclip's stand-in when it found no tool is falsy
                return None
            copy(text)
            held = paste()
        except (pyperclip.PyperclipException, *TOOL_ERRORS):
            return None
        if not isinstance(held, str) or same_text(held) != same_text(text):
            return None
        name = getattr(copy, "__name__", "")
        return TOOL_NAMES.get(name, name.removeprefix("copy_") or "a clipboard tool")


def same_text(text: str) -> str:
    """``text`` as a clipboard tool may hand it back: Windows line endings, no final newline."""
    return text.replace("\r\n", "\n").rstrip("\n")


def default_system_clipboard() -> SystemClipboard:
    return PyperclipClipboard()


class CopyOutcome(NamedTuple):
    """What happened to one copy: the tool that confirmed it, else the file that holds the text."""

    what: str  # "The record (Markdown, private notes left out)"
    tool: str | None = None
    file: Path | None = None
    file_error: str | None = None

    def message(self) -> str:
        if self.tool:
            return f"{self.what}: copied to the system clipboard (with {self.tool})."
        text = f"{self.what}: asked the terminal to copy it (works only where the terminal allows it)."
        if self.file is not None:
            text += f" It is also in a file: {self.file}"
        elif self.file_error:
            text += f" A file with it could not be written: {self.file_error}"
        return text

    @property
    def title(self) -> str:
        return "Copied" if self.tool else "Sent to the terminal"

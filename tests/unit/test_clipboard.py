"""The system clipboard through pyperclip: a tool's copy counts only when the tool gives the same text back."""

from __future__ import annotations

import pyperclip
import pytest

from closer_tui.tui.clipboard import CopyOutcome, PyperclipClipboard


def pyperclip_with(monkeypatch, copy, paste) -> None:
    """pyperclip as it is on a system where ``copy`` and ``paste`` are the functions it chose."""
    monkeypatch.setattr(pyperclip, "determine_clipboard", lambda: (copy, paste))


def xclip_holding(held: list[str]):
    def copy_xclip(text):  # named like pyperclip's own, which is how the tool is told
        held[:] = [text]

    return copy_xclip, lambda: held[0] if held else ""


def test_a_tool_that_gives_the_text_back_confirms_the_copy(monkeypatch):
    pyperclip_with(monkeypatch, *xclip_holding([]))
    assert PyperclipClipboard().copy("Zoë's record\nline two\n") == "xclip"


def test_a_tool_that_gives_other_text_back_does_not_confirm(monkeypatch):
    copy, _ = xclip_holding([])
    pyperclip_with(monkeypatch, copy, lambda: "what was there before")
    assert PyperclipClipboard().copy("the record") is None


def test_windows_line_endings_and_a_dropped_last_newline_still_confirm(monkeypatch):
    def copy_wsl(text):
        pass

    pyperclip_with(monkeypatch, copy_wsl, lambda: "a\r\nb")
    assert PyperclipClipboard().copy("a\nb\n") == "clip.exe"


def test_no_tool_at_all_is_no_copy(monkeypatch):
    copy, paste = pyperclip.init_no_clipboard()  # pyperclip's own stand-in: falsy, raises when called
    pyperclip_with(monkeypatch, copy, paste)
    assert PyperclipClipboard().copy("the record") is None


@pytest.mark.parametrize("error", [pyperclip.PyperclipException("no display"), FileNotFoundError("xclip"), UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad")])
def test_a_tool_that_fails_is_no_copy(monkeypatch, error):
    def copy_xclip(text):
        raise error

    pyperclip_with(monkeypatch, copy_xclip, lambda: "")
    assert PyperclipClipboard().copy("the record") is None


def test_the_message_claims_the_system_clipboard_only_with_a_tool(tmp_path):
    copied = CopyOutcome("The record", tool="wl-copy").message()
    assert copied == "The record: copied to the system clipboard (with wl-copy)."
    asked = CopyOutcome("The record", file=tmp_path / "r.md").message()
    assert "system clipboard" not in asked
    assert "asked the terminal to copy it (works only where the terminal allows it)" in asked and str(tmp_path / "r.md") in asked
    failed = CopyOutcome("The record", file_error="the folder is read-only").message()
    assert "could not be written: the folder is read-only" in failed

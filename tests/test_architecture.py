"""The layout is a map: pure logic never loads Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

PURE_MODULES = [
    "closer_tui.model",
    "closer_tui.method",
    "closer_tui.timer",
    "closer_tui.session",
    "closer_tui.report",
    "closer_tui.review",
    "closer_tui.store",
    "closer_tui.export",
    "closer_tui.locations",
    "closer_tui.listing",
    "closer_tui.terminal_text",
    "closer_tui.pause_gc",
    "closer_tui.cli",
]


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_does_not_import_textual(module):
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"

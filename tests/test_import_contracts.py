"""The import contracts in pyproject.toml ([tool.importlinter]) hold.

CI runs `lint-imports` on its own before the tests; this runs it with the suite,
so a broken boundary shows up locally too, with the import chains that break it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    # The lint-imports of the interpreter running the tests (the project's venv).
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint_imports is None:
        pytest.fail(f"lint-imports is not installed next to {sys.executable}: pip install -e '.[test]'")
    env = dict(os.environ)
    # Check this source tree, whatever else is installed.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    result = subprocess.run(
        [lint_imports, "--no-cache", "--no-logo"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, f"lint-imports exited {result.returncode}:\n{result.stdout}\n{result.stderr}"

"""The built wheel carries the styles and sample data, and works from another folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("closer_tui-*.whl")
    return built


def test_wheel_contains_every_style_and_the_sample_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for style in (ROOT / "styles").glob("*.tcss"):
        assert f"closer_tui/styles/{style.name}" in names
    assert "closer_tui/sample_data/partnerships.json" in names
    assert "closer_tui/guides/end.md" in names
    assert "closer_tui/export/closer-export.schema.json" in names  # the import format, linked from the README
    assert any(name.endswith("entry_points.txt") for name in names)


SMOKE = """
import asyncio, sys
from pathlib import Path
import closer_tui
from closer_tui.tui.app import CloserApp
from closer_tui.assets import sample_data_file

assert Path(closer_tui.__file__).is_relative_to(Path(sys.argv[1])), closer_tui.__file__
assert sample_data_file().is_file()
from closer_tui.method import default_guide
assert default_guide().total_prompts() > 0

async def main():
    app = CloserApp(Path(sys.argv[2]))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.screen.__class__.__name__ == "PartnershipsScreen"
        assert app.stylesheet.rules, "no styles loaded"
asyncio.run(main())
print("ok")
"""


def test_installed_wheel_finds_its_styles_and_sample_data_from_another_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", SMOKE, str(target), str(tmp_path / "data")],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")

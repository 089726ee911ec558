"""Files shipped with closer: styles and sample data.

In a checkout they sit at the top of the repository (``styles/``,
``sample_data/``); an installed wheel carries them inside the package
(see ``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"closer's {name} folder is missing from this installation")


def styles_dir() -> Path:
    return _shipped("styles")


def style_paths(*names: str) -> list[Path]:
    folder = styles_dir()
    return [folder / name for name in names]


def sample_data_file() -> Path:
    return _shipped("sample_data") / "partnerships.json"

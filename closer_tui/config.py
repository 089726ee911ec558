"""The user's preferences: theme, shared-screen mode, a programme's own guide.

A small JSON file in the user's config folder (``~/.config/closer/config.json``
on Linux). A broken file is reported and ignored, never overwritten silently.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import platformdirs

from .store.files import atomic_write, ensure_private_folder

CONFIG_ENV = "CLOSER_CONFIG"


def config_path() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir("closer", appauthor=False)) / "config.json"


@dataclass
class Settings:
    theme: str | None = None
    shared_screen: bool = False
    guide: str | None = None  # path of a programme's own guide file


class ConfigError(ValueError):
    pass


def load_settings(path: Path | None = None) -> Settings:
    path = path or config_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"{path} cannot be read ({error}); fix or delete it") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path} is not a JSON object; fix or delete it")
    known = {f.name for f in fields(Settings)}
    settings = Settings(**{k: v for k, v in data.items() if k in known})
    if settings.theme is not None and not isinstance(settings.theme, str):
        raise ConfigError(f"{path}: theme must be a theme name")
    if not isinstance(settings.shared_screen, bool):
        raise ConfigError(f"{path}: shared_screen must be true or false")
    if settings.guide is not None and not isinstance(settings.guide, str):
        raise ConfigError(f"{path}: guide must be the path of a guide file")
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or config_path()
    ensure_private_folder(path.parent)
    atomic_write(path, (json.dumps(asdict(settings), indent=2) + "\n").encode("utf-8"))

"""Where closer keeps things on this machine (no Textual here)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "closer"
DB_ENV = "CLOSER_DB"
EXPORTS_ENV = "CLOSER_EXPORTS"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def data_dir(option: str | os.PathLike | None = None) -> Path:
    """The data folder: ``--db`` first, then ``$CLOSER_DB``, then the user's data dir."""
    chosen = option or os.environ.get(DB_ENV) or default_data_dir()
    return Path(chosen).expanduser()


def cache_dir() -> Path:
    """What closer can always make again (parsed style sheets): the user's cache dir."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def export_dir() -> Path:
    """Where the app writes exports: ``$CLOSER_EXPORTS``, else a private folder in the user's documents."""
    override = os.environ.get(EXPORTS_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_documents_dir()) / "closer-exports"

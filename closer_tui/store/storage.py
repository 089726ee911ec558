"""A TinyDB ``Storage`` that writes atomically and privately, and checks its schema.

TinyDB's own ``JSONStorage`` truncates and rewrites the file in place (a kill
mid-write leaves broken JSON) and creates it with the umask. This storage
writes through :func:`files.atomic_write`, stamps every file with the data
version, and refuses to read what it does not understand, so that such a file
is never written over.

The files are plain TinyDB files all the same: ``TinyDB(path)`` with TinyDB's
own storage and tables reads every one of them (document ids 1, 2, 3...; the
partnership id is a field). A file from an older closer is upgraded in memory
as it is read (``migrations.py``); a writer upgrades it on disk (``upgrade.py``).
Reading needs no TinyDB and lives in ``datafile.py``: opening a partnership does not load TinyDB.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from .datafile import SCHEMA_VERSION, encode, read_versioned_data_file  # noqa: F401  (the version, read here too)
from .errors import StoreWriteError
from .files import atomic_write


class AtomicJSONStorage(Storage):
    """One JSON file per TinyDB database.

    ``cache=True`` keeps the last read or written data in memory. Only the
    process holding the store's writer lock may use it: nobody else can change
    the file behind its back.
    """

    def __init__(self, path: str | Path, kind: str, cache: bool = False) -> None:
        super().__init__()
        self.path = Path(path)
        self.kind = kind
        self._cache_enabled = cache
        self._cache: dict[str, Any] | None = None
        self.version_read: int | None = None  # the data version of the file last read (before any upgrade)

    def read(self) -> dict[str, Any] | None:
        if self._cache is not None:
            return self._cache
        found = read_versioned_data_file(self.path, self.kind)
        if found is None:
            return None
        self.version_read, data = found
        if self._cache_enabled:
            self._cache = data
        return data

    def write(self, data: dict[str, Any]) -> None:
        try:
            atomic_write(self.path, encode(data, self.kind))
        except OSError as error:
            # TinyDB changed ``data`` in place before calling us: the disk
            # still has the old version, so the cache must not claim otherwise.
            self._cache = None
            raise StoreWriteError(self.path, error) from error
        if self._cache_enabled:
            self._cache = data

    def close(self) -> None:
        self._cache = None


def open_database(path: Path, kind: str, cache: bool = False) -> TinyDB:
    return TinyDB(path, storage=AtomicJSONStorage, kind=kind, cache=cache)



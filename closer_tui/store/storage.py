"""A TinyDB ``Storage`` that writes atomically and privately, and checks its schema.

TinyDB's own ``JSONStorage`` truncates and rewrites the file in place (a kill
mid-write leaves broken JSON) and creates it with the umask. This storage
writes through :func:`files.atomic_write`, stamps every file with the data
version, and refuses to read what it does not understand, so that such a file
is never written over.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from .datafile import META_TABLE, SCHEMA_VERSION, decode, read_data_file  # noqa: F401  (read here too)
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

    def read(self) -> dict[str, Any] | None:
        if self._cache is not None:
            return self._cache
        data = read_data_file(self.path, self.kind)
        if data is None:
            return None
        if self._cache_enabled:
            self._cache = data
        return data

    def write(self, data: dict[str, Any]) -> None:
        payload = {META_TABLE: {"1": {"schema": SCHEMA_VERSION, "kind": self.kind}}}
        payload.update((name, table) for name, table in data.items() if name != META_TABLE)
        encoded = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            atomic_write(self.path, encoded)
        except OSError as error:
            # TinyDB changed ``data`` in place before calling us: the disk
            # still has the old version, so the cache must not claim otherwise.
            self._cache = None
            raise StoreWriteError(self.path, error) from error
        if self._cache_enabled:
            self._cache = data

    def close(self) -> None:
        self._cache = None


class KeyedTable(Table):
    """A TinyDB table whose documents are keyed by closer's string ids."""

    document_id_class = str  # type: ignore[assignment]

    def _get_next_id(self):  # pragma: no cover - every insert names its id
        raise TypeError("closer always inserts documents with an explicit id")


def open_database(path: Path, kind: str, cache: bool = False) -> TinyDB:
    db = TinyDB(path, storage=AtomicJSONStorage, kind=kind, cache=cache)
    db.table_class = KeyedTable
    return db

"""Durable, private storage of partnerships on TinyDB (no Textual here)."""

from .errors import (
    CorruptFileError,
    DuplicateIdError,
    NewerSchemaError,
    NotFoundError,
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreWriteError,
    UnsafePathError,
)
from .store import ListHead, Store, resolve_by_file_name

__all__ = [
    "CorruptFileError",
    "DuplicateIdError",
    "ListHead",
    "NewerSchemaError",
    "NotFoundError",
    "Store",
    "StoreError",
    "StoreLockedError",
    "StoreReadOnlyError",
    "StoreWriteError",
    "UnsafePathError",
    "resolve_by_file_name",
]

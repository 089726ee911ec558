"""What tells the store that a record file changed without reading it, and how it keeps 10,000.

A fingerprint is the file's inode, size and modification time in nanoseconds: every save
makes a new inode. The index holds each as a list of three numbers; in memory the store
keeps each packed into one number (about 50 bytes instead of 180 for a list of three), from
the folder's listing on: at 10,000 partnerships the listing is held while the index is read.
"""

from __future__ import annotations

import os

_MASK = (1 << 64) - 1
_SIGN = 1 << 63

Packed = int | tuple  # a tuple only for numbers no file system gives (past 64 bits)


def fingerprint(info: os.stat_result) -> Packed:
    """A file's fingerprint, packed."""
    return packed(info.st_ino, info.st_size, info.st_mtime_ns)


def from_index(value: object) -> Packed | None:
    """A fingerprint as the index holds it, packed; None for one that is not three whole numbers
    (it matches no file)."""
    if type(value) is list and len(value) == 3 and all(type(number) is int for number in value):
        return packed(*value)
    return None


def is_unchanged(known: object, now: Packed | None) -> bool:
    """Whether a fingerprint in the index (``known``) is the file's (``now``; None: no file)."""
    return now is not None and from_index(known) == now


def packed(inode: int, size: int, mtime: int) -> Packed:
    """One number for a fingerprint: equal exactly when the three numbers are."""
    if 0 <= inode <= _MASK and 0 <= size <= _MASK and -_SIGN <= mtime < _SIGN:
        return (inode << 128) | (size << 64) | (mtime & _MASK)
    return (inode, size, mtime)


def unpacked(fingerprint: Packed) -> list[int]:
    """The three numbers again, as the index holds them."""
    if type(fingerprint) is tuple:
        return list(fingerprint)
    mtime = fingerprint & _MASK
    return [fingerprint >> 128, (fingerprint >> 64) & _MASK, mtime - (1 << 64) if mtime >= _SIGN else mtime]

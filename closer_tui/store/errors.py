"""What can go wrong with the data on disk, each with a message a user can act on."""

from __future__ import annotations

from pathlib import Path

from ..errors import CloserError


class StoreError(CloserError):
    """Base class: the message is one line, fit to show as it is."""


class CorruptFileError(StoreError):
    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"{path} cannot be read ({detail}); closer will not touch it. "
            "Restore it from a backup or move it aside."
        )


class NewerSchemaError(StoreError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        super().__init__(
            f"{path} was written by a newer closer (data version {found}, this one reads up to "
            f"{supported}); upgrade closer to open it. The file was left unchanged."
        )


class StoreLockedError(StoreError):
    def __init__(self, root: Path, holder: str) -> None:
        self.root = root
        super().__init__(
            f"the data in {root} is in use by another closer ({holder}); "
            "close it first. Reading (list, show, export) still works."
        )


class StoreReadOnlyError(StoreError):
    pass


class StoreWriteError(StoreError):
    def __init__(self, path: Path, error: OSError) -> None:
        self.path = path
        self.os_error = error
        reason = error.strerror or str(error)
        super().__init__(f"could not save {path}: {reason}. The previous version is intact.")


class NotFoundError(StoreError):
    pass


class DuplicateIdError(StoreError):
    pass


class UnsafePathError(StoreError):
    """Something closer will not open, write or keep its files in: a link, a device, a FIFO,
    a folder others may use. It was left exactly as it was."""

    def __init__(self, path: Path, problem: str, advice: str | None = None) -> None:
        self.path = path
        self.problem = problem  # "is a symbolic link, and ...": follows the path in a sentence
        advice = advice or "closer left it alone: remove it or move it aside, then try again"
        super().__init__(f"{path} {problem}; {advice}")

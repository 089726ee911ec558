"""The one base of every error closer expects and explains.

Each carries a one-line message a user can act on, fit to show as it is: the
CLI prints it after ``closer: error:``, the app in a notification.
"""

from __future__ import annotations


class CloserError(Exception):
    """Something closer refused or could not do, with a message that says why."""


class ExportTargetError(CloserError):
    """The place an export was asked to go cannot take it (nothing was written)."""


class ExportTargetExists(ExportTargetError):
    """A file is already where an export was asked to go, and replacing it was not asked for."""

    def __init__(self, path: object) -> None:
        self.path = path
        super().__init__(f"{path} already exists; closer replaces a file only when told to (--force)")

"""Ending the app without losing a key: quit, SIGTERM and SIGHUP all save first.

Textual handles neither SIGTERM nor SIGHUP: without this the process dies and
nothing typed since the last save reaches the disk.
"""

from __future__ import annotations

import asyncio
import os
import signal
from typing import TYPE_CHECKING

from .handled_so_far import handled_so_far
from .widgets.key_names import key_name

if TYPE_CHECKING:
    from .app import CloserApp

HANDLED_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class Shutdown:
    def __init__(self, app: CloserApp) -> None:
        self.app = app
        self._quit_warned_after: int | None = None  # saves that had succeeded when quitting was refused
        self._signal_task: asyncio.Future | None = None  # keeps the save-then-exit task alive

    def install(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in HANDLED_SIGNALS:
            try:
                loop.add_signal_handler(sig, self._terminated, sig)
            except (NotImplementedError, RuntimeError, ValueError):
                pass

    def uninstall(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in HANDLED_SIGNALS:
            try:
                loop.remove_signal_handler(sig)
            except (NotImplementedError, RuntimeError, ValueError):
                pass

    def _terminated(self, sig: int) -> None:
        self._signal_task = asyncio.ensure_future(self._save_and_go(sig))

    async def _save_and_go(self, sig: int) -> None:
        await self.settle_typing()
        self.app.flush_save()
        if sig == signal.SIGHUP:
            # The terminal is gone: Textual's output thread has died on EIO and
            # a normal shutdown can block forever writing to it. Everything is saved.
            if self.app.desk is not None:
                self.app.desk.close()
            os._exit(128 + sig)
        self.app.exit(return_code=128 + sig)

    async def settle_typing(self, timeout: float = 1.0) -> None:
        """Let the focused widget handle keys it already received, then have the notes copied into the session.

        A priority key (ctrl+q) or a signal can arrive while earlier keystrokes still
        wait in the editor's queue; their Changed messages would come too late. Keys typed
        before the first dashboard's editor was built go on to it first (keys_wait_for_the_editor.py).
        """
        await self.app.keys_handed_on(timeout)
        if self.app.focused is not None:
            await handled_so_far(self.app.focused, timeout)
        self.app.final_save_signal.publish(None)

    async def may_quit(self) -> bool:
        """Save before quitting; if that fails, warn once and quit only when asked again."""
        await self.settle_typing()
        saver = self.app.saver
        if self.app.flush_save() or saver is None or self._quit_warned_after == saver.successes:
            return True
        self._quit_warned_after = saver.successes
        self.app.notify(
            f"{saver.error} Press {key_name(self.app, 'app.quit')} again to quit anyway: changes since the last save would be lost.",
            title="Not saved",
            severity="error",
            timeout=30,
        )
        return False

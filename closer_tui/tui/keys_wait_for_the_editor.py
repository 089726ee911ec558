"""Keys typed before the notes' editor exists wait for it, in the app, and then go to it in order.

``closer open ID`` draws its first frame with the notes shown but not yet editable: their editor,
Textual's TextArea, is built just after (widgets/notes_preview.py). The app receives every key
before any widget does, so the keys and pastes that come in between are held here and handed on,
one at a time in the order they came, once the editor is in place and focused. (Held in the
preview instead, a key still queued to it when it is replaced would be lost.)
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.widget import Widget

from .handled_so_far import handled_so_far

if TYPE_CHECKING:
    from .screens.dashboard import DashboardScreen


class KeysWaitForTheEditor(App):
    """Mixed into the app before Textual's App."""

    _keys_waiting: list[events.Event] | None = None  # a list while the first dashboard's editor is not built
    _dashboard_waiting: DashboardScreen | None = None
    _keys_handed_on: asyncio.Event | None = None  # set once the keys that waited have all gone on
    _handing_on_one = False  # a key that waited is being handled (it may be the quit key)

    def hold_keys_for_the_editor(self, dashboard: DashboardScreen) -> None:
        """From now on keys wait; once the first frame is drawn (see :meth:`bring_in_waiting_editor`),
        ``dashboard`` gets its notes' editor and the keys go on."""
        self._keys_waiting = []
        self._dashboard_waiting = dashboard
        self._keys_handed_on = asyncio.Event()

    @property
    def keys_wait(self) -> bool:
        return self._keys_waiting is not None

    async def bring_in_waiting_editor(self) -> None:
        """Called after the first refresh: the editor in place, then the keys that waited go on."""
        dashboard, self._dashboard_waiting = self._dashboard_waiting, None
        try:
            if dashboard is not None and dashboard.is_attached:
                await dashboard.bring_in_editors()
        finally:
            self.run_worker(self._hand_on_waiting_keys(), group="keys-waiting", exit_on_error=True)

    async def _hand_on_waiting_keys(self) -> None:
        """Each key that waited, in order, as if it came now. Letters and pastes go straight to the
        editor's queue, in order; a key that is a binding (backspace, ctrl+q) is run once it has
        bubbled up to the app, after letters sent behind it, so before and after such a key all it
        set off is done. Keys that come meanwhile wait behind these."""
        while self._keys_waiting:
            event = self._keys_waiting.pop(0)
            typing = isinstance(event, events.Paste) or (isinstance(event, events.Key) and event.is_printable)
            target = self.focused or self.screen  # where the app sends it, unless it is a priority binding
            if not typing:
                await self._all_done_for(target)
            self._handing_on_one = True
            try:
                await super().on_event(event)
            finally:
                self._handing_on_one = False
            if not typing:
                await self._all_done_for(target)
        self._keys_waiting = None
        if self._keys_handed_on is not None:
            self._keys_handed_on.set()

    async def keys_handed_on(self, timeout: float) -> None:
        """Until the keys that waited have gone on to the editor (for a save before quitting: a signal
        can come while they wait). Not when the quit is one of them: those before it have gone on."""
        if self._keys_waiting is None or self._handing_on_one or self._keys_handed_on is None:
            return
        try:
            await asyncio.wait_for(self._keys_handed_on.wait(), timeout)
        except TimeoutError:
            pass

    async def _all_done_for(self, widget: Widget) -> None:
        """Until ``widget`` and each of its ancestors in turn has handled what it had: a message that
        bubbles is posted to the parent before the widget reads its next."""
        for node in widget.ancestors_with_self:  # the widget, its parent, ..., the app
            await handled_so_far(node)

    async def on_event(self, event: events.Event) -> None:
        if self._keys_waiting is not None and isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            self._keys_waiting.append(event)
            return
        await super().on_event(event)

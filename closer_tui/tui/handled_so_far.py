"""Waiting until a widget has handled the messages it already had.

A message placed at the back of a node's queue (``call_later``) runs once everything before it
has; waiting for it is how a quit or a signal lets keys already typed reach the notes first.
"""

from __future__ import annotations

import asyncio

from textual.message_pump import MessagePump


async def handled_so_far(node: MessagePump, timeout: float | None = None) -> None:
    """Until ``node`` has handled every message it had when this was called; at most ``timeout``
    seconds (None: however long it takes). At once if the node no longer takes messages."""
    done = asyncio.get_running_loop().create_future()
    if not node.call_later(lambda: done.done() or done.set_result(None)):
        return
    try:
        await asyncio.wait_for(done, timeout)
    except TimeoutError:
        pass

"""The audience view in a browser tab: ``closer present ID --browser``.

textual-serve (the optional ``web`` extra, imported only here and only when a tab is
served) runs one audience app per open tab and streams it to the page. On its own it
has no token and checks neither Origin nor Host, so any local process or any web page
open in a local browser could start and read the view. This module puts a guard in
front of all of it:

* it listens on 127.0.0.1 only;
* every route (the page, its static files, the WebSocket) lives under a random secret
  path prefix, ``http://127.0.0.1:PORT/SECRET/``; a request without it is refused;
* a request whose Host is not ``127.0.0.1:PORT`` (DNS rebinding) is refused, and so is
  one whose Origin is another site's; the WebSocket must carry our own Origin;
* refusals are 403 and start no app; the page gets a Content-Security-Policy that lets
  it talk only to this server (which also keeps the page's Google Fonts request offline).

The served command is fixed: the audience view of one partnership, read-only
(``python -m closer_tui --db DB present ID``), never the facilitator's app.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
import shlex
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from .errors import CloserError

HOST = "127.0.0.1"
INSTALL_HINT = "the browser tab needs the web extra: pip install 'closer-tui[web]'"
log = logging.getLogger("closer.web")


def audience_command(db: Path, partnership_id: str, layout: str = "all") -> str:
    """The one command a tab runs (a shell line, as textual-serve wants it): this partnership's audience view."""
    argv = [sys.executable, "-m", "closer_tui", "--db", str(db.resolve()), "present", partnership_id, "--layout", layout]
    return shlex.join(argv)


class Guard:
    """Which requests may reach textual-serve. Plain logic, so it is readable and testable alone."""

    def __init__(self, port: int, secret: str) -> None:
        self.host = f"{HOST}:{port}"
        self.origin = f"http://{self.host}"
        self.prefix = f"/{secret}"
        self.url = f"{self.origin}{self.prefix}/"
        self.websocket_path = f"{self.prefix}/ws"

    def refusal(self, path: str, host: str | None, origin: str | None) -> str | None:
        """Why this request is refused, or None to let it through."""
        if host != self.host:
            return "wrong Host"
        head = path[: len(self.prefix) + 1]
        if not hmac.compare_digest(head.encode(), (self.prefix + "/").encode()):
            return "no secret"
        if origin is None:
            # A browser always sends Origin with a WebSocket; page loads may go without.
            return "no Origin" if path == self.websocket_path else None
        if origin != self.origin:
            return "foreign Origin"
        return None

    def content_security_policy(self) -> str:
        return "; ".join(
            [
                "default-src 'none'",
                # textual-serve's page has an inline script and an onClick handler.
                "script-src 'self' 'unsafe-inline'",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data:",
                "font-src 'self' data:",
                f"connect-src ws://{self.host}",
                "base-uri 'none'",
                "form-action 'none'",
                "frame-ancestors 'none'",
            ]
        )


def listening_socket(port: int | None) -> socket.socket:
    """A socket bound to 127.0.0.1 (a free port unless one is given) and already listening,
    so the URL can be printed before the server runs: early visitors wait in the backlog."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port or 0))
        sock.listen(64)
    except OSError as error:
        sock.close()
        raise CloserError(f"cannot listen on {HOST}:{port or 0}: {error.strerror or error}") from None
    return sock


def serve_audience(db: Path, partnership_id: str, port: int | None, layout: str = "all") -> None:
    """Serve one partnership's audience view on 127.0.0.1 until Ctrl+C (or SIGTERM, SIGHUP).

    ``partnership_id`` must already be resolved (a full id): it is put in the command as it is.
    Prints the URL (with its secret) on stdout.
    """
    try:
        import textual_serve.server  # noqa: F401  (the optional extra; loads aiohttp too)
    except ImportError:
        raise CloserError(INSTALL_HINT) from None
    sock = listening_socket(port)
    guard = Guard(sock.getsockname()[1], secrets.token_urlsafe(24))
    logging.basicConfig(level=logging.WARNING, format="closer: %(message)s")
    print(f"Serving the audience view in a browser tab (read-only) at\n\n  {guard.url}\n", flush=True)
    print("Anyone with this address on this computer can watch it. Ctrl+C stops it.", flush=True)
    run_server(audience_command(db, partnership_id, layout), guard, sock)


def run_server(command: str, guard: Guard, sock: socket.socket) -> None:
    """Run textual-serve for ``command`` behind ``guard`` on ``sock``, until a signal ends it."""
    from aiohttp import web
    from textual_serve.server import Server

    websockets: set[asyncio.Task[Any]] = set()

    @web.middleware
    async def refuse_strangers(request: web.Request, handler: Any) -> web.StreamResponse:
        why = guard.refusal(request.path, request.headers.get("Host"), request.headers.get("Origin"))
        if why:
            if request.path != "/favicon.ico":  # every browser asks for it: not worth a line
                log.warning("refused a request (%s)", why)
            return web.Response(status=403, text="403: Forbidden\n")
        if request.path != guard.websocket_path:
            return await handler(request)
        task = asyncio.current_task()
        assert task is not None
        websockets.add(task)  # each is one running app: stopped when the server stops
        try:
            return await handler(request)
        finally:
            websockets.discard(task)

    async def add_headers(request: web.Request, response: web.StreamResponse) -> None:
        response.headers["Content-Security-Policy"] = guard.content_security_policy()
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"

    async def stop_apps(app: web.Application) -> None:
        # A tab's handler runs until its WebSocket closes; cancelling it makes textual-serve
        # close the socket and tell its app to quit, and waits for it.
        for task in list(websockets):
            task.cancel()
        if websockets:
            await asyncio.wait(list(websockets), timeout=5)

    class AudienceServer(Server):
        async def _make_app(self) -> web.Application:
            root = web.Application(middlewares=[refuse_strangers])
            root.add_subapp(guard.prefix, await super()._make_app())
            root.on_response_prepare.append(add_headers)
            root.on_shutdown.append(stop_apps)
            return root

        async def on_startup(self, app: web.Application) -> None:
            """Say nothing: serve_audience printed the address (textual-serve's would lack the secret)."""

    server = AudienceServer(command, host=HOST, port=sock.getsockname()[1], title="closer: audience view")
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, server.request_exit)
    web.run_app(
        server._make_app(),
        sock=sock,
        handle_signals=False,
        loop=loop,
        access_log=None,
        print=lambda *args: None,
        shutdown_timeout=5,
    )

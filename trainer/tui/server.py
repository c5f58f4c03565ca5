"""The textual-serve side of ``trainer serve``: kept under ``tui`` so only the UI layer knows textual.

textual-serve starts one app process for every websocket that connects, from any page, and keeps
it as long as the socket stays open. A classroom needs more than that: a cap on processes so one
machine is not brought down by a roomful of idle tabs (or a script), sockets only from pages this
server served (a page on another site cannot drive a trainee's session), idle sessions ended so
their process is freed, a page in Chinese that works offline, and URLs built from the address
the browser used, so ``--host 0.0.0.0`` does not hand out ``ws://0.0.0.0`` links.
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp_jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int


TEMPLATES = Path(__file__).resolve().parent / "templates"
TITLE = "银行网点服务情景陪练"
QUIT_GRACE_S = 5
log = logging.getLogger("textual-serve")


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class ClassroomServer(Server):
    def __init__(self, command: str, host: str, port: int, public_url: str | None, *, max_sessions: int,
                 idle_seconds: float, origins: set[str]):
        super().__init__(command, host=host, port=port, title=TITLE, public_url=public_url,
                         templates_path=TEMPLATES)
        self.max_sessions = max_sessions
        self.idle_seconds = idle_seconds
        self.origins = {o.lower() for o in origins} | ({origin_of(public_url)} if public_url else set())
        self.fixed_url = public_url
        self.sessions: dict[AppService, float] = {}
        """Every live app process, with when its browser last sent a key or a click."""
        self._sweeper: asyncio.Task | None = None

    def initialize_logging(self) -> None:
        """Plain lines: textual-serve's handler prints tracebacks with locals, which hold replies."""
        logging.basicConfig(level="DEBUG" if self.debug else "INFO", format="%(asctime)s %(levelname)s %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        self._sweeper = asyncio.create_task(self._end_idle_sessions())

    async def on_shutdown(self, app: web.Application) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
        await asyncio.gather(*(service.stop() for service in list(self.sessions)), return_exceptions=True)

    @property
    def full(self) -> bool:
        return len(self.sessions) >= self.max_sessions

    def _base_url(self, request: web.Request) -> str:
        return self.fixed_url or f"{request.scheme}://{request.host}"

    async def handle_index(self, request: web.Request) -> web.Response:
        if self.full:
            return aiohttp_jinja2.render_template("full.html", request, self._page(request), status=503)
        return aiohttp_jinja2.render_template("app_index.html", request, self._page(request))

    def _page(self, request: web.Request) -> dict[str, Any]:
        base = self._base_url(request)
        scheme = "wss" if base.startswith("https") else "ws"
        return {
            "font_size": max(8, min(48, to_int(request.query.get("fontsize", "16"), 16))),
            "app_websocket_url": f"{scheme}:{base.split(':', 1)[1]}{request.app.router['websocket'].url_for()}",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
            "max_sessions": self.max_sessions,
            "idle_minutes": round(self.idle_seconds / 60),
        }

    def origin_allowed(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin", "").lower()
        return origin in self.origins

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        if not self.origin_allowed(request):
            log.warning("refused a websocket from origin %r", request.headers.get("Origin"))
            raise web.HTTPForbidden(text="只接受本服务器页面的连接。")
        if self.full:
            log.warning("refused a websocket: %d sessions already", len(self.sessions))
            raise web.HTTPServiceUnavailable(text="同时在线人数已满,请稍后再试。")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1 << 20)
        width = max(20, min(400, to_int(request.query.get("width", "80"), 80)))
        height = max(10, min(200, to_int(request.query.get("height", "24"), 24)))
        await websocket.prepare(request)
        service = AppService(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                             close=websocket.close, download_manager=self.download_manager, debug=self.debug)
        self.sessions[service] = time.monotonic()
        try:
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            pass
        except Exception as error:  # noqa: BLE001 - one tab's failure must not take the server down
            log.error("a session failed: %s", type(error).__name__)
        finally:
            self.sessions.pop(service, None)
            await self._stop(service)
            await websocket.close()
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """As textual-serve's, and a key or a click counts as activity (resizes and pings do not)."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                type_, data = message.json()
            except ValueError:
                continue
            if type_ == "stdin" and isinstance(data, str):
                self.sessions[app_service] = time.monotonic()
                await app_service.send_bytes(data.encode("utf-8"))
            elif type_ == "resize" and isinstance(data, dict):
                await app_service.set_terminal_size(max(20, min(400, to_int(str(data.get("width")), 80))),
                                                    max(10, min(200, to_int(str(data.get("height")), 24))))
            elif type_ == "ping":
                await websocket.send_json(["pong", data])
            elif type_ == "blur":
                await app_service.blur()
            elif type_ == "focus":
                await app_service.focus()

    async def _end_idle_sessions(self) -> None:
        while True:
            await asyncio.sleep(max(1.0, min(30.0, self.idle_seconds / 4)))
            now = time.monotonic()
            for service, last in list(self.sessions.items()):
                if now - last > self.idle_seconds:
                    log.info("ending a session idle for %d s", now - last)
                    self.sessions.pop(service, None)
                    asyncio.create_task(self._stop(service))

    @staticmethod
    async def _stop(service: AppService) -> None:
        """Ask the app to quit (it closes its socket on exit); kill it if it does not."""
        try:
            await asyncio.wait_for(service.stop(), QUIT_GRACE_S)
        except (asyncio.TimeoutError, RuntimeError, OSError):
            pass
        process = service._process
        if process is not None and process.returncode is None:
            process.kill()
        await service.remote_close()

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """As textual-serve's, with the file name encoded for HTTP (report names are Chinese)."""
        key = request.match_info["key"]
        try:
            meta = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="下载链接已失效。") from None
        response = web.StreamResponse()
        response.headers["Content-Type"] = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        ascii_name = meta.file_name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
        response.headers["Content-Disposition"] = (
            f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(meta.file_name)}")
        await response.prepare(request)
        async for chunk in self.download_manager.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response


def make_server(command: str, host: str, port: int, public_url: str | None, *, max_sessions: int,
                idle_minutes: float, origins: set[str]) -> ClassroomServer:
    return ClassroomServer(command, host, port, public_url, max_sessions=max_sessions,
                           idle_seconds=idle_minutes * 60, origins=origins)

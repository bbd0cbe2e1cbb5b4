"""A real HTTP server on 127.0.0.1 for tests, answering each path from a script of steps.

    with ScriptedServer() as server:
        server.script("/doc/a.xml", Step(status=500), Step(body=b"<Document/>", etag='"v1"'))
        requests.get(server.url("/doc/a.xml"))
        server.requests  # every request: path, headers, time

Each path answers its steps in order; the last step then repeats. A path without a script
answers 404. No mocking: the code under test talks HTTP over a socket.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from requests.structures import CaseInsensitiveDict

PAGE_NOT_FOUND = "/Pages/PageNotFound.aspx"
PAGE_NOT_FOUND_HTML = (b"<!DOCTYPE html><html><head><title>Page Not Found</title></head>"
                       b"<body><h1>The page you requested could not be found.</h1></body></html>")
MAINTENANCE_HTML = (b"<!DOCTYPE html><html><head><title>United Nations Treaty Collection</title></head><body>"
                    b"<p>The United Nations Treaty Collection website is undergoing urgent maintenance and is "
                    b"currently unavailable. We apologize for any inconvenience.</p></body></html>")


@dataclass
class Step:
    """One scripted answer.

    delay: seconds before the status line (a server that does not answer in time);
    body_delay: seconds after the headers, before the body (a body that stalls);
    reset: announce a Content-Length larger than the body, send half of it, then close;
    etag / last_modified: sent as validators; a request whose If-None-Match / If-Modified-Since
    matches them gets 304 Not Modified with no body.
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    body_delay: float = 0.0
    reset: bool = False
    etag: str | None = None
    last_modified: str | None = None

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Step:
        """A redirect (UNTC sends unknown treaties to its PageNotFound page)."""
        return cls(status=status, headers={"Location": location}, body=b"")

    @classmethod
    def html(cls, body: bytes, status: int = 200) -> Step:
        """An HTML page (maintenance, not found, a changed site)."""
        return cls(status=status, body=body, headers={"Content-Type": "text/html; charset=utf-8"})


@dataclass(frozen=True)
class Request:
    """One request the server received."""

    path: str
    headers: CaseInsensitiveDict
    at: float  # time.monotonic() when the request line was read


class ScriptedServer:
    """Threaded HTTP/1.0 server on 127.0.0.1 with an ephemeral port; use it as a context manager."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self._scripts: dict[str, list[Step]] = {PAGE_NOT_FOUND: [Step.html(PAGE_NOT_FOUND_HTML)]}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="scripted-http", daemon=True)

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        """The full URL of a path on this server."""
        return self.base_url + path

    def script(self, path: str, *steps: Step) -> None:
        """Answer `path` with these steps in order; the last one repeats."""
        if not steps:
            raise ValueError("a script needs at least one step")
        with self._lock:
            self._scripts[path] = list(steps)

    def requests_to(self, path: str) -> list[Request]:
        """The requests received for one path, in order."""
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def start(self) -> ScriptedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake any delayed answer, close the socket."""
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _next_step(self, request: Request) -> Step | None:
        with self._lock:
            self.requests.append(request)
            steps = self._scripts.get(request.path)
            if not steps:
                return None
            return steps.pop(0) if len(steps) > 1 else steps[0]

    def _sleep(self, seconds: float) -> bool:
        """Sleep, unless the server stops first; True if it is still running."""
        return not self._stopping.wait(seconds) if seconds > 0 else True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:
        """Clients that time out or hang up are part of the script: no tracebacks."""


def _handler_for(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # one request per connection: a reset cannot leak into the next

        def log_message(self, format, *args) -> None:  # noqa: A002 (the base class's name)
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            request = Request(self.path, CaseInsensitiveDict(self.headers.items()), time.monotonic())
            step = server._next_step(request)
            if step is None:
                self._answer(404, {"Content-Type": "text/plain"}, b"no script for this path")
                return
            if not server._sleep(step.delay):
                return
            validators = {}
            if step.etag:
                validators["ETag"] = step.etag
            if step.last_modified:
                validators["Last-Modified"] = step.last_modified
            if step.status == 200 and self._not_modified(request, step):
                self._answer(304, validators, b"")
                return
            headers = {"Content-Type": "application/xml"} | validators | step.headers
            self._answer(step.status, headers, step.body, step)

        def _not_modified(self, request: Request, step: Step) -> bool:
            inm, ims = request.headers.get("If-None-Match"), request.headers.get("If-Modified-Since")
            return bool((step.etag and inm == step.etag) or (step.last_modified and ims == step.last_modified))

        def _answer(self, status: int, headers: dict[str, str], body: bytes, step: Step | None = None) -> None:
            self.send_response(status)
            length = len(body) * 2 + 100 if step and step.reset else len(body)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(length))
            self.end_headers()
            self.wfile.flush()
            if step and not server._sleep(step.body_delay):
                return
            if step and step.reset:
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.wfile.write(body)

    return Handler


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]

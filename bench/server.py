"""A local HTTP server standing in for UNTC: serves documents with ETags and answers 304s."""

from __future__ import annotations

import hashlib
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A client that hangs up mid-answer (a refresher stopped while it read) is expected here: no traceback.
        Any other error is still printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class DocumentServer:
    """Serves {path: bytes} on 127.0.0.1; counts requests and body bytes sent."""

    def __init__(self, documents: dict[str, bytes], delay: float = 0.0) -> None:
        self.documents = documents
        self.delay = delay  # seconds before each answer (a slow source, so that a refresh lasts)
        self.requests = 0
        self.body_bytes = 0
        self.statuses: list[int] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as UNTC's server does

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                server.requests += 1
                time.sleep(server.delay)
                body = server.documents.get(unquote(self.path))
                if body is None:
                    self._answer(404, b"")
                    return
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self._answer(304, b"", etag)
                    return
                server.body_bytes += len(body)
                self._answer(200, body, etag)

            def _answer(self, status: int, body: bytes, etag: str | None = None) -> None:
                server.statuses.append(status)
                self.send_response(status)
                if etag:
                    self.send_header("ETag", etag)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = _Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> DocumentServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

"""A real static web server on 127.0.0.1 for tests: a folder served as any static host would serve it.

    with serve_folder(out) as url:
        urllib.request.urlopen(url + "index.html")
        ...

Python's http.server in a thread; every request's path is recorded (server.paths).
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files; records each path; no log lines on stderr."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".atom": "application/atom+xml",
                      ".svg": "image/svg+xml", ".json": "application/json", ".csv": "text/csv; charset=utf-8"}

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        self.server.paths.append(self.path)


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1; yields the base URL ending in '/'."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    server.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()

"""The benchmark's stand-in for UNTC (bench/server.py): a client that hangs up mid-answer prints no traceback."""

from __future__ import annotations

import socket
import struct
import threading
import time
from urllib.parse import urlparse

from bench.server import DocumentServer


def wait_until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_a_client_that_hangs_up_leaves_no_traceback(capsys):
    with DocumentServer({"/big": b"x" * 20_000_000}, delay=0.2) as server:  # answers after the hang-up
        idle = threading.active_count()  # this thread and the server's: each request gets a thread of its own
        address = urlparse(server.url)
        with socket.create_connection((address.hostname, address.port)) as client:
            client.sendall(b"GET /big HTTP/1.1\r\nHost: here\r\n\r\n")
            wait_until(lambda: server.requests == 1)  # the server has read the request
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # hang up: a reset
        wait_until(lambda: threading.active_count() <= idle)  # the answering thread met the hang-up and ended
    assert server.requests == 1 and server.statuses == [200]
    assert "Traceback" not in capsys.readouterr().err

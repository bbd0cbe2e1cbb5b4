"""The benchmark's stand-in for UNTC (bench/server.py): a client that hangs up mid-answer prints no traceback."""

from __future__ import annotations

import socket
import struct
import time
from urllib.parse import urlparse

from bench.server import DocumentServer


def test_a_client_that_hangs_up_leaves_no_traceback(capsys):
    with DocumentServer({"/big": b"x" * 20_000_000}, delay=0.2) as server:  # answers after the hang-up
        address = urlparse(server.url)
        with socket.create_connection((address.hostname, address.port)) as client:
            client.sendall(b"GET /big HTTP/1.1\r\nHost: here\r\n\r\n")
            deadline = time.monotonic() + 10
            while server.requests == 0 and time.monotonic() < deadline:  # the server has read the request
                time.sleep(0.01)
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # hang up: a reset
    # Leaving the server waits for its answering thread: the hang-up has been met by then.
    assert server.requests == 1 and server.statuses == [200]
    assert "Traceback" not in capsys.readouterr().err

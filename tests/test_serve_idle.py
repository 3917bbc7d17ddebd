"""The preview server stays responsive with idle connections open (A56): a connection holds
one of the server's slots only once it has sent something, one that sends nothing is closed
after a short wait, and the cap on connections being served stays."""

from __future__ import annotations

import datetime as dt
import http.client
import socket
import threading
import time
from pathlib import Path

import pytest

from clearprint.serve import admission
from clearprint.serve.http import MAX_CONNECTIONS, make_server
from clearprint.serve.state import Preview

TODAY = dt.date(2026, 11, 26)
IDLE = 50


@pytest.fixture
def server(tmp_path: Path):
    site = tmp_path / "out/test-clinic/site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<html><body>home</body></html>")
    preview = Preview(tmp_path, tmp_path / "out", "test-clinic", TODAY)
    server = make_server(preview, 0, TODAY)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        preview.stop()
        server.shutdown()
        server.server_close()


def get(port: int, path: str = "/index.html", timeout: float = 10) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def served_while_idle(port: int, count: int) -> float:
    """Seconds to GET a page while `count` idle connections are open."""
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
    try:
        time.sleep(0.3)  # every idle connection accepted
        start = time.monotonic()
        status, body = get(port)
        assert status == 200 and b"home" in body
        return time.monotonic() - start
    finally:
        for sock in idle:
            sock.close()


def test_a_page_is_served_at_once_while_50_idle_connections_are_open(server) -> None:
    """Before: 50 idle connections took the 32 slots for 30 s, and a page's request was closed
    at once (a browser's page failed for about 22 s)."""
    took = served_while_idle(server.server_address[1], IDLE)
    assert took < 1.0, f"took {took:.2f} s"


def test_beyond_max_waiting_idle_connections_the_oldest_make_room(server, monkeypatch) -> None:
    monkeypatch.setattr(admission, "MAX_WAITING", 8)
    port = server.server_address[1]
    idle = [socket.create_connection(("127.0.0.1", port), timeout=1) for _ in range(20)]
    try:
        time.sleep(0.3)
        start = time.monotonic()
        assert get(port)[0] == 200
        assert time.monotonic() - start < 1.0
        assert idle[0].recv(10) == b"" and idle[11].recv(10) == b""  # closed to make room, before IDLE_SECONDS
    finally:
        for sock in idle:
            sock.close()


def test_a_connection_that_sends_nothing_is_closed_after_a_short_wait(server) -> None:
    assert admission.IDLE_SECONDS <= 2
    sock = socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=admission.IDLE_SECONDS + 3)
    try:
        start = time.monotonic()
        assert sock.recv(100) == b""  # closed by the server, not by this timeout
        assert time.monotonic() - start < admission.IDLE_SECONDS + 1
    finally:
        sock.close()


def test_connections_beyond_the_cap_of_busy_ones_are_closed_at_once(server) -> None:
    """MAX_CONNECTIONS long polls (each waits for the next build) take every slot: one more
    request is closed at once, not queued; a slot freed serves again."""
    port = server.server_address[1]
    polls = []
    for _ in range(MAX_CONNECTIONS):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(f"GET /__clearprint/version?after=0 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        polls.append(sock)
    try:
        time.sleep(0.5)  # every poll holds its slot
        extra = socket.create_connection(("127.0.0.1", port), timeout=5)
        extra.sendall(f"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        start = time.monotonic()
        assert extra.recv(100) == b""
        assert time.monotonic() - start < 1
        extra.close()
    finally:
        for sock in polls:
            sock.close()

"""Which connections the preview server serves (A56): a connection takes one of its slots only
once it has sent something, so idle connections (a flood of them, or a browser's preconnects)
never lock out a page; one that sends nothing within IDLE_SECONDS is closed, and when
MAX_WAITING wait at once the oldest waiting one is closed to make room. At most `slots` are
served at once; one more that has sent its request is closed at once, never queued."""

from __future__ import annotations

import socket
import threading
from collections import OrderedDict
from http.server import ThreadingHTTPServer

IDLE_SECONDS = 2.0  # a connection that sends nothing for this long is closed (it holds no slot meanwhile)
MAX_WAITING = 128  # connections waiting for their first byte, each a sleeping thread


class AdmittingServer(ThreadingHTTPServer):
    request_queue_size = 64  # a browser opening a page, its stylesheets and images at once

    def __init__(self, *args, slots: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.slots = threading.BoundedSemaphore(slots)
        self._waiting: OrderedDict[socket.socket, None] = OrderedDict()
        self._lock = threading.Lock()

    def process_request(self, request, client_address) -> None:
        with self._lock:
            if len(self._waiting) >= MAX_WAITING:
                oldest, _ = self._waiting.popitem(last=False)
                _hang_up(oldest)  # its thread wakes and closes it
            self._waiting[request] = None
        try:
            super().process_request(request, client_address)  # a thread, which waits in `_has_spoken`
        except BaseException:  # no thread (the machine has none to give): the caller closes it
            with self._lock:
                self._waiting.pop(request, None)
            raise

    def process_request_thread(self, request, client_address) -> None:
        if not self._has_spoken(request):
            self.shutdown_request(request)
            return
        if not self.slots.acquire(blocking=False):  # every slot is serving: closed at once
            _hang_up(request)
            self.shutdown_request(request)
            return
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def _has_spoken(self, request: socket.socket) -> bool:
        """Whether the connection sent a byte within IDLE_SECONDS (and was not closed to make
        room meanwhile), without reading it: the handler reads the request as usual."""
        try:
            request.settimeout(IDLE_SECONDS)
            spoken = bool(request.recv(1, socket.MSG_PEEK))
        except OSError:  # the wait timed out, or the connection was reset or hung up
            spoken = False
        with self._lock:
            waiting = self._waiting.pop(request, False) is None
        return spoken and waiting


def _hang_up(request: socket.socket) -> None:
    try:
        request.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass

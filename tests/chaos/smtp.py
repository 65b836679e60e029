"""Mail servers that misbehave, on loopback, for the chaos tests: one that accepts connections
and never says a word, and a real SMTP server (aiosmtpd) whose answers the test holds back."""

from __future__ import annotations

import asyncio
import contextlib
import email
import socket
import threading
from email import policy


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SilentServer:
    """Accepts every connection and never greets: a hung mail server."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.accepted = threading.Event()
        self.connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)
            self.accepted.set()

    def close(self):
        # The listener first: a client whose connection ends below must find the port closed,
        # not a fresh connection that hangs again.
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes the accept() and refuses new ones
        self.sock.close()
        self._thread.join(5)
        for conn in list(self.connections):
            conn.close()


class HeldSMTP:
    """aiosmtpd that records each accepted message, and can hold back its answer to a chosen
    DATA (the n-th) or to QUIT until the test releases it, so a test can kill the client while
    it waits. A held DATA is answered 451 (not accepted) once released."""

    def __init__(self, *, hold_data_at: int | None = None, hold_quit: bool = False):
        from aiosmtpd.controller import Controller

        self.messages: list[dict] = []  # {"to": [...], "message": EmailMessage}
        self.hold_data_at = hold_data_at
        self.hold_quit = hold_quit
        self.waiting = threading.Event()  # the server holds an answer now
        self.release = threading.Event()
        self.port = free_port()
        self._lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def recipients(self) -> list[str]:
        with self._lock:
            return [r for m in self.messages for r in m["to"]]

    async def _hold(self):
        self.waiting.set()
        while not self.release.is_set():
            await asyncio.sleep(0.02)

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            number = len(self.messages) + 1
        if self.hold_data_at == number:
            self.hold_data_at = None
            await self._hold()
            return "451 4.3.0 Not accepted"
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append({"to": list(envelope.rcpt_tos), "message": message})
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):
        if self.hold_quit:
            await self._hold()
        return "221 Bye"

    def close(self):
        self.release.set()
        self.controller.stop()

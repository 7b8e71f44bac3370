"""A TCP proxy on 127.0.0.1 that a test controls: pass traffic, stall it, or cut every connection."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
from typing import Self


class TcpProxy:
    """Forwards 127.0.0.1:<port> to `target`; `stall()` holds all bytes, `cut()` drops connections."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._flowing = threading.Event()
        self._flowing.set()
        self._refusing = False
        self._closed = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, name="proxy-accept", daemon=True).start()

    def stall(self) -> None:
        """Connections stay open, but nothing passes either way (a network that stopped answering)."""
        self._flowing.clear()

    def resume(self) -> None:
        self._refusing = False
        self._flowing.set()

    def cut(self) -> None:
        """Close every connection and refuse new ones (the database went away)."""
        self._refusing = True
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.close()
            self._sockets.clear()

    def close(self) -> None:
        self._closed = True
        self._flowing.set()
        self.cut()
        self._listener.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self._refusing:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, one: socket.socket, other: socket.socket) -> None:
        peers = {one: other, other: one}
        try:
            while not self._closed:
                self._flowing.wait()
                readable, _, _ = select.select([one, other], [], [], 0.2)
                if not self._flowing.is_set():
                    continue  # stalled meanwhile: leave the bytes where they are
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    peers[sock].sendall(data)
        except (OSError, ValueError):
            return
        finally:
            for sock in (one, other):
                with contextlib.suppress(OSError):
                    sock.close()

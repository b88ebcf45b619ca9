#!/usr/bin/env python3
"""An HTTP proxy on 127.0.0.1 that refuses every tunnel: each CONNECT is answered with STATUS
(403 by default) and the connection closed, so nothing goes further. Each request line it read
is appended to LOG, for a test to count.

    proxy.py LOG [STATUS]

Prints "port N" once listening; SIGTERM or SIGINT end it."""

import signal
import socket
import sys
import threading

log_path = sys.argv[1]
status = int(sys.argv[2]) if len(sys.argv) > 2 else 403
log_lock = threading.Lock()


def serve(client):
    with client:
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = client.recv(4096)
            if not chunk:
                return
            data += chunk
        line = data.split(b"\r\n", 1)[0].decode("latin-1")
        with log_lock, open(log_path, "a", encoding="utf-8") as log:
            log.write(line + "\n")
        client.sendall(b"HTTP/1.1 %d Refused by the proxy\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                       % status)


def accept_loop(server):
    while True:
        client, _ = server.accept()
        threading.Thread(target=serve, args=(client,), daemon=True).start()


server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(16)
stop = {signal.SIGTERM, signal.SIGINT}
signal.pthread_sigmask(signal.SIG_BLOCK, stop)
threading.Thread(target=accept_loop, args=(server,), daemon=True).start()
print("port", server.getsockname()[1], flush=True)
signal.sigwait(stop)

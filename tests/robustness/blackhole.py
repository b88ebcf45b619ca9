#!/usr/bin/env python3
"""A listening socket on 127.0.0.1 that never accepts and whose backlog is full, so that any
further connection attempt hangs in the handshake until the client gives up: a connect timeout
without a foreign address. Prints "port N" once ready; SIGTERM or SIGINT end it."""

import signal
import socket
import time

server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(0)
port = server.getsockname()[1]
fillers = []
for _ in range(4):
    c = socket.socket()
    c.setblocking(False)
    try:
        c.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    fillers.append(c)
time.sleep(0.3)
stop = {signal.SIGTERM, signal.SIGINT}
signal.pthread_sigmask(signal.SIG_BLOCK, stop)
print("port", port, flush=True)
signal.sigwait(stop)

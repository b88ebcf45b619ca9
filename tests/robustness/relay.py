#!/usr/bin/env python3
"""A relay on 127.0.0.1 that forwards every connection to an upstream port on 127.0.0.1 and
keeps a copy of all the bytes the clients sent, so a test can learn what went out on the wire
(signatures, tokens) without the server having to log it.

    relay.py UPSTREAM_PORT CAPTURE_FILE

With --refuse STATUS in place of UPSTREAM_PORT it is a proxy that passes nothing on: it keeps the
head of each connection's first request (a CONNECT, say) and answers it with STATUS.

Prints "port N" once listening; SIGTERM or SIGINT end it."""

import signal
import socket
import sys
import threading

refuse_status = int(sys.argv[2]) if sys.argv[1] == "--refuse" else None
upstream_port = None if refuse_status else int(sys.argv[1])
capture = open(sys.argv[-1], "ab", buffering=0)
capture_lock = threading.Lock()


def pump(src, dst, keep):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if keep:
                with capture_lock:
                    capture.write(data)
            dst.sendall(data)
    except OSError:
        pass
    for s in (dst, src):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def refuse(client):
    with client:
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 65536:
            data = client.recv(4096)
            if not data:
                break
            head += data
        with capture_lock:
            capture.write(head)
        client.sendall(b"HTTP/1.1 %d Refused by the proxy\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                       % refuse_status)


def serve(client):
    if refuse_status:
        threading.Thread(target=refuse, args=(client,), daemon=True).start()
        return
    try:
        server = socket.create_connection(("127.0.0.1", upstream_port))
    except OSError:
        client.close()
        return
    threading.Thread(target=pump, args=(client, server, True), daemon=True).start()
    threading.Thread(target=pump, args=(server, client, False), daemon=True).start()


def accept_loop(listener):
    while True:
        client, _ = listener.accept()
        serve(client)


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(64)
stop = {signal.SIGTERM, signal.SIGINT}
signal.pthread_sigmask(signal.SIG_BLOCK, stop)
threading.Thread(target=accept_loop, args=(listener,), daemon=True).start()
print("port", listener.getsockname()[1], flush=True)
signal.sigwait(stop)

#!/usr/bin/env python3
"""Loopback TCP proxy for scripts/faults.sh (standard library only).

  proxy.py LISTEN_PORT TARGET_PORT     forwards 127.0.0.1:LISTEN_PORT to 127.0.0.1:TARGET_PORT
SIGUSR1 makes every open connection half-open: bytes are no longer forwarded in either direction and nothing is closed
(a path that silently stops answering); connections opened later are forwarded normally.
"""
import signal
import socket
import sys
import threading

listen_port, target_port = int(sys.argv[1]), int(sys.argv[2])
lock = threading.Lock()
open_pairs = []  # [stalled flag holder]


def pump(source, target, state):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            if state["stalled"]:
                continue  # swallowed: the peer waits forever
            target.sendall(data)
    except OSError:
        pass
    if not state["stalled"]:
        for s in (source, target):
            try:
                s.close()
            except OSError:
                pass


def stall(*_):
    with lock:
        for state in open_pairs:
            state["stalled"] = True
        open_pairs.clear()


signal.signal(signal.SIGUSR1, stall)
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", listen_port))
server.listen(128)
while True:
    try:
        client, _ = server.accept()
    except InterruptedError:
        continue
    try:
        upstream = socket.create_connection(("127.0.0.1", target_port))
    except OSError:
        client.close()
        continue
    state = {"stalled": False}
    with lock:
        open_pairs.append(state)
    threading.Thread(target=pump, args=(client, upstream, state), daemon=True).start()
    threading.Thread(target=pump, args=(upstream, client, state), daemon=True).start()

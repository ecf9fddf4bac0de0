#!/usr/bin/env python3
"""Loopback TCP proxy for scripts/faults.sh (standard library only).

  proxy.py LISTEN_PORT TARGET_PORT     forwards 127.0.0.1:LISTEN_PORT to 127.0.0.1:TARGET_PORT
SIGUSR1 makes every open connection half-open: bytes are no longer forwarded in either direction and nothing is closed
(a path that silently stops answering); connections opened later are forwarded normally.
SIGUSR2 arms a stall at the next COMMIT a client sends: that COMMIT is swallowed and every open connection goes half-open
as with SIGUSR1, so the server keeps a session idle in an open transaction, holding the locks it took.
A stalled connection passes no close on either: when the client gives up, the server side stays open, as it would
behind a path that lost the client's FIN.
"""
import signal
import socket
import sys
import threading

listen_port, target_port = int(sys.argv[1]), int(sys.argv[2])
lock = threading.Lock()
open_pairs = []  # the state of every connection not yet stalled
armed = {"commit": False}


def is_commit(data):
    # MySQL protocol: 3-byte length, sequence id, then COM_QUERY (0x03) and the statement text.
    return len(data) >= 11 and data[4] == 0x03 and data[5:].strip(b"; \0").lower() == b"commit"


def pump(source, target, state, from_client):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            if from_client and armed["commit"] and is_commit(data):
                with lock:
                    armed["commit"] = False
                stall()
                print("proxy: stalled at a COMMIT", file=sys.stderr, flush=True)
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


def arm_commit(*_):
    with lock:
        armed["commit"] = True


signal.signal(signal.SIGUSR1, stall)
signal.signal(signal.SIGUSR2, arm_commit)
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
    threading.Thread(target=pump, args=(client, upstream, state, True), daemon=True).start()
    threading.Thread(target=pump, args=(upstream, client, state, False), daemon=True).start()

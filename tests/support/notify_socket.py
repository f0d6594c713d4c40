#!/usr/bin/env python3
"""Stands in for systemd's notification socket in tests.

Binds a unix datagram socket at the path given (what NOTIFY_SOCKET names),
prints "bound" once it can receive, then every datagram sd_notify sends, one
line each (a datagram's own newlines become spaces). Node cannot bind
AF_UNIX datagram sockets, hence Python.
"""
import socket
import sys


def main():
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(sys.argv[1])
    print("bound", flush=True)
    while True:
        data = sock.recv(65536)
        print(data.decode("utf-8", "replace").replace("\n", " ").strip(), flush=True)


if __name__ == "__main__":
    main()

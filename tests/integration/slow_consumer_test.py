#!/usr/bin/python3
"""A socket.io client that stops reading is disconnected, and the close ends.

A real TCP peer with a 4 KB receive buffer connects to /dashboard and then
never reads again, as a frozen tab or a stalled phone does. Mutations pile
events up behind the write that cannot finish; past --max-queued-kib the
server must log "slow consumer", end the socket within its 5 s close grace
although the peer takes neither the data nor the close frame, and drop it
from the connected-sockets gauge, while it keeps serving everyone else.

Python because the client needs SO_RCVBUF set before connect, which Node's
net module cannot do; websocket-client (Debian's python3-websocket) takes
socket options. Run by CTest with DASHBOARD_SERVER_BIN set.
"""
import datetime
import json
import os
import re
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.request

import websocket  # python3-websocket

SERVER_BIN = os.environ.get("DASHBOARD_SERVER_BIN", "build/native/dashboard-server")


def iso_seconds(ts):
    """Seconds since the epoch of a log line's RFC 3339 UTC timestamp."""
    return datetime.datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp()


class Server:
    """dashboard-server on an ephemeral port; its JSON log lines collected."""

    def __init__(self, data_dir, *args):
        self.lines = []
        self.proc = subprocess.Popen(
            [SERVER_BIN, "--port", "0", "--data-dir", data_dir, "--static-dir", data_dir,
             "--threads", "2", *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.reader = threading.Thread(target=self._read_log, daemon=True)
        self.reader.start()
        listening = self.wait_for(lambda l: l.get("msg") == "listening", 15)
        self.base = f"http://127.0.0.1:{listening['port']}"

    def _read_log(self):
        for raw in self.proc.stderr:
            try:
                self.lines.append(json.loads(raw))
            except ValueError:
                pass  # not a log line (e.g. the seed's sign-in hint)

    def wait_for(self, match, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if match(line):
                    return line
            time.sleep(0.05)
        raise AssertionError(f"no matching log line in {timeout} s; last: {self.lines[-5:]}")

    def call(self, method, path, token=None, body=None):
        request = urllib.request.Request(self.base + path, method=method)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, data, timeout=10) as response:
            text = response.read().decode()
            return response.status, text

    def stop(self):
        self.proc.kill()
        self.proc.wait()
        self.reader.join(5)  # reads to the pipe's end
        self.proc.stderr.close()


class SlowConsumer(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="dashboard-slow-consumer-")
        self.server = Server(self.dir.name, "--max-queued-kib", "16")
        _, text = self.server.call("POST", "/api/auth/login",
                                   body={"username": "alice", "password": "alice-bricks"})
        self.token = json.loads(text)["token"]

    def tearDown(self):
        self.server.stop()
        self.dir.cleanup()

    def connected_sockets(self):
        _, text = self.server.call("GET", "/metrics")
        return int(re.search(r"^dashboard_connected_sockets (\d+)", text, re.M).group(1))

    def test_a_client_that_stops_reading_is_dropped_and_its_close_ends(self):
        url = self.server.base.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
        ws = websocket.create_connection(
            url, timeout=10, sockopt=((socket.SOL_SOCKET, socket.SO_RCVBUF, 4096),))
        self.assertTrue(ws.recv().startswith("0{"), "the Engine.IO open packet")
        ws.send("40/dashboard," + json.dumps({"token": self.token}))
        self.assertTrue(ws.recv().startswith("40/dashboard,"), "the namespace CONNECT reply")
        sid = self.server.wait_for(lambda l: l.get("msg") == "socket connected", 5)["sid"]
        self.assertEqual(self.connected_sockets(), 1)

        # From here the client reads nothing. Each PARTIAL_ORDERED MOC sends
        # four events, the Partial Parts table among them, growing each time.
        for i in range(600):
            status, _ = self.server.call("POST", "/api/mocs", self.token, {
                "title": f"Pile-up {i} " + "x" * 100, "theme": "Space",
                "buildStatus": "ADDED", "partsCoverageStatus": "PARTIAL_ORDERED",
                "coveragePercentage": i % 100})
            self.assertEqual(status, 201)
            if any(l.get("msg") == "slow consumer" and l.get("sid") == sid
                   for l in list(self.server.lines)):
                break
        else:
            self.fail("the server never found the client slow")

        closed = self.server.wait_for(
            lambda l: l.get("msg") == "socket closed" and l.get("sid") == sid, 15)
        self.assertIn("slow consumer", closed["reason"])
        # The write in flight cannot finish and the peer never answers the
        # close frame: the server's 5 s close grace ends it, not Beast's 10 s
        # closing-handshake timeout or nothing at all.
        slow = next(l for l in self.server.lines
                    if l.get("msg") == "slow consumer" and l.get("sid") == sid)
        took = iso_seconds(closed["ts"]) - iso_seconds(slow["ts"])
        self.assertLess(took, 7.5, f"the close took {took:.1f} s")
        self.assertEqual(self.connected_sockets(), 0)
        status, _ = self.server.call("GET", "/healthz")
        self.assertEqual(status, 200)
        ws.sock.close()


if __name__ == "__main__":
    unittest.main()

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
# The logs of the servers this test starts, and failures.jsonl for the
# failure summary of scripts/test.sh (tests/support/paths.mjs, testLogDir).
LOG_DIR = os.environ.get("DASHBOARD_LOG_DIR", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "artifacts", "logs", "manual",
    "slow_consumer_test"))


def iso_seconds(ts):
    """Seconds since the epoch of a log line's RFC 3339 UTC timestamp."""
    return datetime.datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp()


class Server:
    """dashboard-server on an ephemeral port; its JSON log lines collected."""

    started = 0

    def __init__(self, data_dir, *args):
        self.lines = []
        command = [SERVER_BIN, "--port", "0", "--data-dir", data_dir, "--static-dir", data_dir,
                   "--threads", "2", "--demo", *args]
        os.makedirs(LOG_DIR, exist_ok=True)
        Server.started += 1
        self.log_path = os.path.join(LOG_DIR, f"dashboard-server-{Server.started}.log")
        self.log = open(self.log_path, "w", encoding="utf-8")
        self.log.write(f"# {' '.join(command)}\n")
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True)
        self.reader = threading.Thread(target=self._read_log, daemon=True)
        self.reader.start()
        listening = self.wait_for(lambda l: l.get("msg") == "listening", 30)
        self.base = f"http://127.0.0.1:{listening['port']}"

    def _read_log(self):
        for raw in self.proc.stderr:
            self.log.write(raw)
            self.log.flush()
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
        raise AssertionError(f"no matching log line in {timeout} s (server log {self.log_path}); "
                             f"last: {self.lines[-5:]}")

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
        self.log.close()


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
        sid = self.server.wait_for(lambda l: l.get("msg") == "socket connected", 15)["sid"]
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
            lambda l: l.get("msg") == "socket closed" and l.get("sid") == sid, 30)
        self.assertIn("slow consumer", closed["reason"])
        # The write in flight cannot finish and the peer never answers the
        # close frame: the server's 5 s close grace ends it, not Beast's 10 s
        # closing-handshake timeout or nothing at all.
        slow = next(l for l in self.server.lines
                    if l.get("msg") == "slow consumer" and l.get("sid") == sid)
        took = iso_seconds(closed["ts"]) - iso_seconds(slow["ts"])
        print(f"slow consumer found after {i + 1} MOCs; socket closed {took:.2f} s later")
        self.assertLess(took, 7.5, f"the close took {took:.1f} s")
        self.assertEqual(self.connected_sockets(), 0)
        status, _ = self.server.call("GET", "/healthz")
        self.assertEqual(status, 200)
        ws.sock.close()


def record_failures(result):
    """One JSON line per failed case in LOG_DIR/failures.jsonl (see
    tests/support/failure_record.mjs): the exception's last line."""
    os.makedirs(LOG_DIR, exist_ok=True)
    with open(os.path.join(LOG_DIR, "failures.jsonl"), "w", encoding="utf-8") as f:
        for case, trace in result.failures + result.errors:
            lines = [l for l in trace.strip().splitlines() if l.strip()]
            f.write(json.dumps({"test": case.id(), "reason": lines[-1] if lines else "failed",
                                "at": "tests/integration/slow_consumer_test.py"}) + "\n")


if __name__ == "__main__":
    program = unittest.main(exit=False)
    record_failures(program.result)
    raise SystemExit(0 if program.result.wasSuccessful() else 1)

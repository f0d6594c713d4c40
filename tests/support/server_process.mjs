// Drives a real dashboard-server process for integration tests: start it on
// an ephemeral port, follow its JSON log lines, talk HTTP to it (node:http
// for exact bytes and headers, raw node:net for hostile requests), and make
// sure no process outlives the test run. Each server's stderr is also
// written, as it arrives, to the test's log folder (paths.mjs testLogDir),
// which the failure summary of scripts/test.sh names.
//
//   const server = await startServer({ site, dataDir, args: ['--flag', 'value'] });
//   const res = await request(server.port, '/healthz');
//   await stopServer(server);
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { processLogPath, serverBin } from './paths.mjs';

const liveServers = new Set();
process.on('exit', () => {
  for (const server of liveServers) server.proc.kill('SIGKILL');
});

// The last `count` lines of a server's stderr, for an error message; the
// whole of it is in server.logPath.
export function tailOf(server, count = 12) {
  const lines = server.stderr.trimEnd().split('\n');
  return `${server.logPath} (last ${Math.min(count, lines.length)} of ${lines.length} lines):\n` +
    lines.slice(-count).join('\n');
}

// Starts dashboard-server on fixture.port (default 0: any free port) with
// the fixture's static and data dirs; resolves once it logs the port it
// bound. The server gets --demo (alice and bob on an empty database, which
// most tests sign in as) unless fixture.demo is false; fixture.env adds to
// its environment. server.logs holds every parsed stderr line; server.waitForLog(predicate)
// waits for one. A fixed port (a restart "on the same port") may still be
// held for a moment, by the previous process or by another test's outgoing
// connection that the kernel gave that port: binding is retried for 10 s.
export async function startServer(fixture) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const server = spawnServer(fixture);
    try {
      await server.listening;
      return server;
    } catch (err) {
      const busy = fixture.port && server.logs.some(
        (e) => e.msg === 'listen failed' && /in use/i.test(e.error ?? ''));
      if (!busy || Date.now() > deadline) throw err;
      await sleep(250);
    }
  }
}

function spawnServer(fixture) {
  const args = ['--port', String(fixture.port ?? 0), '--data-dir', fixture.dataDir,
    '--static-dir', fixture.site, '--threads', '2', ...(fixture.demo === false ? [] : ['--demo']),
    ...(fixture.args ?? [])];
  const env = fixture.env ? { ...process.env, ...fixture.env } : process.env;
  const proc = spawn(serverBin, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const logPath = processLogPath('dashboard-server');
  const logFd = openSync(logPath, 'w');
  // Synchronous writes: what the server said is on disk even if this
  // process is killed (a CTest timeout) right after.
  writeSync(logFd, `# ${new Date().toISOString()} ${serverBin} ${args.join(' ')} (pid ${proc.pid})\n`);
  const server = { proc, logs: [], stderr: '', port: 0, waiters: [], logPath };
  liveServers.add(server);
  server.exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => {
      liveServers.delete(server);
      resolve({ code, signal });
    });
  });
  // After 'exit' the pipe may still hold the last lines: close the log on 'close'.
  proc.on('close', (code, signal) => {
    writeSync(logFd, `# ${new Date().toISOString()} exited (code ${code}, signal ${signal})\n`);
    closeSync(logFd);
  });
  let pending = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (chunk) => {
    writeSync(logFd, chunk);
    server.stderr += chunk;
    pending += chunk;
    let newline;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      let entry;
      try {
        entry = JSON.parse(line);
      } catch {
        entry = { unparsed: line };
      }
      server.logs.push(entry);
      server.waiters = server.waiters.filter((w) => !(w.match(entry) && (w.resolve(entry), true)));
    }
  });
  // Bounds are generous: they only decide how long a broken server takes to
  // fail a test, and a loaded machine (or the sanitizer build) is slow.
  server.waitForLog = (match, timeoutMs = 15000) => {
    const seen = server.logs.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`log line not seen in ${timeoutMs} ms; server log ${tailOf(server)}`)),
        timeoutMs,
      );
      server.waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  };
  server.listening = Promise.race([
    server.waitForLog((e) => e.msg === 'listening', 30000),
    server.exited.then(({ code }) => {
      throw new Error(`dashboard-server exited early (${code}); server log ${tailOf(server)}`);
    }),
  ]).then((listening) => {
    server.port = listening.port;
    return server;
  });
  // A rejection nobody awaits yet must not end the process.
  server.listening.catch(() => {});
  return server;
}

// SIGKILL by default (fast). The sanitizer/coverage build (ctest preset
// native-check) sets DASHBOARD_STOP_SIGNAL=SIGTERM so the server shuts down
// cleanly and writes its coverage counters and leak report; SIGKILL after 10 s.
export async function stopServer(server) {
  if (!server || server.proc.exitCode !== null || server.proc.signalCode !== null) return;
  const signal = process.env.DASHBOARD_STOP_SIGNAL ?? 'SIGKILL';
  server.proc.kill(signal);
  if (signal !== 'SIGKILL') {
    const timer = setTimeout(() => server.proc.kill('SIGKILL'), 10000);
    await server.exited;
    clearTimeout(timer);
    return;
  }
  await server.exited;
}

// node:http without a pooled agent: bytes exactly as sent, no decompression.
export function request(port, target, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: target, method, headers, agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

// Sends bytes verbatim and returns everything the server sends back before
// closing (or before the timeout, for a connection that stays open).
export function rawRequest(port, payload, { timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks = [];
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (err) => {
      // A reset after the response arrived still counts as a response.
      if (chunks.length === 0) reject(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
  });
}

export function statusOf(rawResponse) {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(rawResponse);
  return match ? Number(match[1]) : 0;
}

// Resolves once the server has read everything `socket` (a client socket
// connected to the server on 127.0.0.1) sent it: the kernel's receive
// queue of the server's end, in /proc/net/tcp, is empty. A test that needs
// the server to have seen some bytes (a request under way at shutdown)
// waits on this instead of sleeping.
export async function waitUntilServerRead(socket, timeoutMs = 15000) {
  const hex = (port) => port.toString(16).toUpperCase().padStart(4, '0');
  const local = `:${hex(socket.remotePort)}`;   // the server's end, seen from the server
  const remote = `:${hex(socket.localPort)}`;
  const deadline = Date.now() + timeoutMs;
  let queued = 'no such connection';
  while (Date.now() < deadline) {
    const row = readFileSync('/proc/net/tcp', 'utf8').split('\n').map((l) => l.trim().split(/\s+/))
      .find((f) => f[1]?.endsWith(local) && f[2]?.endsWith(remote));
    if (row) {
      queued = parseInt(row[4].split(':')[1], 16);
      if (queued === 0) return;
    }
    await sleep(20);
  }
  throw new Error(`the server did not read the request in ${timeoutMs} ms (receive queue: ${queued})`);
}

// Drives a real dashboard-server process for integration tests: start it on
// an ephemeral port, follow its JSON log lines, talk HTTP to it (node:http
// for exact bytes and headers, raw node:net for hostile requests), and make
// sure no process outlives the test run.
//
//   const server = await startServer({ site, dataDir, args: ['--flag', 'value'] });
//   const res = await request(server.port, '/healthz');
//   await stopServer(server);
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

import { serverBin } from './paths.mjs';

const liveServers = new Set();
process.on('exit', () => {
  for (const server of liveServers) server.proc.kill('SIGKILL');
});

// Starts dashboard-server on fixture.port (default 0: any free port) with
// the fixture's static and data dirs; resolves once it logs the port it bound. server.logs holds every
// parsed stderr line; server.waitForLog(predicate) waits for one.
export async function startServer(fixture) {
  const proc = spawn(
    serverBin,
    ['--port', String(fixture.port ?? 0), '--data-dir', fixture.dataDir, '--static-dir', fixture.site, '--threads', '2',
     ...(fixture.args ?? [])],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const server = { proc, logs: [], stderr: '', port: 0, waiters: [] };
  liveServers.add(server);
  server.exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => {
      liveServers.delete(server);
      resolve({ code, signal });
    });
  });
  let pending = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (chunk) => {
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
  server.waitForLog = (match, timeoutMs = 5000) => {
    const seen = server.logs.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`log line not seen in ${timeoutMs} ms; stderr:\n${server.stderr}`)),
        timeoutMs,
      );
      server.waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  };
  const listening = await Promise.race([
    server.waitForLog((e) => e.msg === 'listening', 10000),
    server.exited.then(({ code }) => {
      throw new Error(`dashboard-server exited early (${code}); stderr:\n${server.stderr}`);
    }),
  ]);
  server.port = listening.port;
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

// Readiness for systemd (deploy/dashboard-server@.service is Type=notify):
// the server sends READY=1 on NOTIFY_SOCKET once its port answers, and
// STOPPING=1 when SIGTERM starts the graceful stop. The socket is the one
// tests/support/notify_socket.py binds, standing in for systemd.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { repoRoot, siteDir } from '../support/paths.mjs';
import { request, startServer, stopServer, tailOf } from '../support/server_process.mjs';

const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-notify-'));
after(() => rmSync(work, { recursive: true, force: true }));

// The stand-in socket: resolves once bound; `next(match)` waits for a
// datagram that matches (or fails after the timeout).
async function notifySocket(socketPath) {
  const proc = spawn('python3', [path.join(repoRoot, 'tests/support/notify_socket.py'), socketPath],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = [];
  const waiters = [];
  let pending = '';
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (chunk) => {
    pending += chunk;
    let newline;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      lines.push({ line, at: Date.now() });
      for (const w of waiters.splice(0)) if (!w(line)) waiters.push(w);
    }
  });
  const next = (match, timeoutMs = 15000) => new Promise((resolve, reject) => {
    const seen = lines.find((l) => match.test(l.line));
    if (seen) return resolve(seen);
    const timer = setTimeout(() => reject(new Error(`no ${match} in ${timeoutMs} ms: ${
      JSON.stringify(lines)}`)), timeoutMs);
    waiters.push((line) => {
      if (!match.test(line)) return false;
      clearTimeout(timer);
      resolve({ line, at: Date.now() });
      return true;
    });
  });
  await next(/^bound$/);
  return { proc, lines, next };
}

test('READY=1 once the port answers, STOPPING=1 on SIGTERM', async () => {
  const notify = await notifySocket(path.join(work, 'notify.sock'));
  let server;
  try {
    server = await startServer({ site: siteDir, dataDir: path.join(work, 'data'), demo: false,
      env: { NOTIFY_SOCKET: path.join(work, 'notify.sock') } });
    await notify.next(/(^| )READY=1( |$)/);
    const health = await request(server.port, '/healthz');
    assert.equal(health.status, 200, 'the port answers when READY=1 is out');
    assert.ok(!notify.lines.some((l) => /STOPPING=1/.test(l.line)), 'no STOPPING=1 while serving');
    assert.ok(!server.logs.some((e) => e.msg === 'service notification failed'), tailOf(server));

    server.proc.kill('SIGTERM');
    await notify.next(/(^| )STOPPING=1( |$)/);
    const { code } = await server.exited;
    assert.equal(code, 0, tailOf(server));
    assert.equal(notify.lines.filter((l) => /READY=1/.test(l.line)).length, 1, 'READY=1 once');
  } finally {
    await stopServer(server);
    notify.proc.kill();
  }
});

// A supervisor that is not listening (its socket gone) costs a warning,
// not the server.
test('a notification nobody receives is logged; the server serves and stops', async () => {
  const server = await startServer({ site: siteDir, dataDir: path.join(work, 'unheard'),
    demo: false, env: { NOTIFY_SOCKET: path.join(work, 'nobody-listens.sock') } });
  try {
    const failed = await server.waitForLog((e) => e.msg === 'service notification failed');
    assert.equal(failed.state, 'READY=1');
    assert.equal((await request(server.port, '/healthz')).status, 200);
    server.proc.kill('SIGTERM');
    assert.equal((await server.exited).code, 0, tailOf(server));
  } finally {
    await stopServer(server);
  }
});

// dashboard-server's shutdown: SIGTERM exits cleanly, idle keep-alive
// connections do not hold it up, a request in flight completes, and a stuck
// one cannot hold the process past the hard deadline.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { after, afterEach, before, describe, test } from 'node:test';

import {
  request, startServer, statusOf, stopServer, waitUntilServerRead,
} from '../support/server_process.mjs';
import { INDEX_HTML, makeFixture } from '../support/static_fixture.mjs';

// The server's exit, or a failure after `ms` (a server that never exits
// must fail the test, not hang it until CTest's timeout).
function exitWithin(server, ms) {
  let timer;
  return Promise.race([
    server.exited.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no exit within ${ms} ms of SIGTERM`)), ms);
    }),
  ]);
}

describe('dashboard-server shutdown', () => {
  let fixture;
  let server;

  before(() => {
    fixture = makeFixture();
  });

  // Each test starts its own server; one that fails early must not leak it.
  afterEach(async () => {
    await stopServer(server);
  });

  after(() => {
    fs.rmSync(fixture.base, { recursive: true, force: true });
  });

  test('SIGTERM exits 0 and logs shutdown', async () => {
    server = await startServer(fixture);
    assert.equal((await request(server.port, '/healthz')).status, 200);
    server.proc.kill('SIGTERM');
    const { code } = await exitWithin(server, 30000);
    assert.equal(code, 0);
    const shutdown = server.logs.find((e) => e.msg === 'shutdown');
    assert.ok(shutdown, server.stderr);
    assert.equal(shutdown.forced, false);
  });

  test('an idle keep-alive connection does not hold up exit', async () => {
    server = await startServer(fixture);
    const socket = net.connect(server.port, '127.0.0.1');
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.on('error', () => {});
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => socket.once('data', resolve));

    const started = Date.now();
    server.proc.kill('SIGTERM');
    const { code } = await exitWithin(server, 30000);
    assert.equal(code, 0);
    // Inside the 10 s hard deadline (and not forced, below): the idle
    // session was closed, not waited out.
    assert.ok(Date.now() - started < 9000, `exit took ${Date.now() - started} ms`);
    await closed;
    assert.equal(server.logs.find((e) => e.msg === 'shutdown').forced, false);
  });

  test('a request in flight during SIGTERM completes with Connection: close', async () => {
    server = await startServer(fixture);
    const socket = net.connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    let response = '';
    socket.setEncoding('latin1');
    socket.on('data', (c) => (response += c));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    await new Promise((resolve) => socket.on('connect', resolve));
    await new Promise((resolve) => socket.write('GET /dashboard HTTP/1.1\r\nHost: x\r\n', resolve));
    // The server has read the first bytes, so the session counts as mid-request.
    await waitUntilServerRead(socket);

    server.proc.kill('SIGTERM');
    await server.waitForLog((e) => e.msg === 'shutdown requested');
    socket.write('Accept: text/html\r\n\r\n');
    await closed;
    assert.equal(statusOf(response), 200, response);
    assert.match(response, /\r\nConnection: close\r\n/i);
    assert.ok(response.endsWith(INDEX_HTML));
    const { code } = await exitWithin(server, 30000);
    assert.equal(code, 0);
  });

  test('a stuck request cannot hold the process past the hard deadline', async () => {
    server = await startServer(fixture);
    const socket = net.connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    await new Promise((resolve) => socket.on('connect', resolve));
    // Never finished; the server has read what there is of it.
    await new Promise((resolve) => socket.write('GET /dashboard HTTP/1.1\r\nHost: x\r\n', resolve));
    await waitUntilServerRead(socket);

    const started = Date.now();
    server.proc.kill('SIGTERM');
    const { code } = await exitWithin(server, 40000);
    const elapsed = Date.now() - started;
    socket.destroy();
    assert.equal(code, 0, server.stderr);
    // The 10 s deadline, with room for a loaded machine to act on it.
    assert.ok(elapsed >= 9000 && elapsed < 20000, `exit took ${elapsed} ms`);
    assert.ok(server.logs.some((e) => e.msg === 'shutdown deadline exceeded'));
    assert.equal(server.logs.find((e) => e.msg === 'shutdown').forced, true);
  });
});

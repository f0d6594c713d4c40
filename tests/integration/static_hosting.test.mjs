// dashboard-server static hosting, end to end: starts the real binary on an
// ephemeral port against a fixture site built here, and checks routes,
// headers, gzip, ETags, limits, path traversal and graceful shutdown over
// real sockets. node:http is used where headers matter (fetch would
// transparently decompress); raw node:net sockets where the request itself
// must be malformed or hostile.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import zlib from 'node:zlib';

import {
  rawRequest, request, startServer, statusOf, stopServer, waitUntilServerRead,
} from '../support/server_process.mjs';

const WASM_NAME = 'app.0123456789ab.wasm';
const INDEX_HTML = '<!doctype html><title>MOC dashboard</title><canvas id="c"></canvas>\n';
// A wasm header followed by compressible filler, so the .gz is much smaller.
const WASM_BYTES = Buffer.concat([
  Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
  Buffer.alloc(4096, 'wasm-body '),
]);
const WASM_GZ = zlib.gzipSync(WASM_BYTES, { level: 9 });
const SECRET = `TOP-SECRET-${process.pid}-${Date.now()}`;

// [SECTION] fixture

function makeFixture() {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-static-'));
  const site = path.join(base, 'site');
  fs.mkdirSync(path.join(site, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(site, 'index.html'), INDEX_HTML);
  fs.writeFileSync(path.join(site, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(site, 'assets', WASM_NAME), WASM_BYTES);
  fs.writeFileSync(path.join(site, 'assets', `${WASM_NAME}.gz`), WASM_GZ);
  fs.writeFileSync(path.join(site, 'assets', 'style.css'), 'body { margin: 0 }\n');
  fs.writeFileSync(path.join(base, 'secret.txt'), SECRET);
  // A symlink inside the site pointing at the secret must not be followed out.
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(site, 'assets', 'leak.txt'));
  return { base, site, dataDir: path.join(base, 'data', 'nested') };
}

// [SECTION] routes and headers

describe('dashboard-server static hosting', () => {
  let fixture;
  let server;

  before(async () => {
    fixture = makeFixture();
    server = await startServer(fixture);
  });

  after(async () => {
    await stopServer(server);
    fs.rmSync(fixture.base, { recursive: true, force: true });
  });

  test('logs the bound ephemeral port and creates the data dir', () => {
    const line = server.logs.find((e) => e.msg === 'listening');
    assert.equal(line.level, 'info');
    assert.match(line.ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(line.port > 0);
    assert.equal(line.url, `http://127.0.0.1:${line.port}/dashboard`);
    assert.ok(fs.statSync(fixture.dataDir).isDirectory());
  });

  test('GET /dashboard serves index.html with no-cache and security headers', async () => {
    for (const target of ['/dashboard', '/dashboard/', '/dashboard?from=test']) {
      const res = await request(server.port, target);
      assert.equal(res.status, 200, target);
      assert.equal(res.body.toString(), INDEX_HTML);
      assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'no-cache');
      const csp = res.headers['content-security-policy'];
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
      assert.match(csp, /connect-src 'self' ws: wss:/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin');
      assert.equal(res.headers.server, 'dashboard-server');
      assert.ok(res.headers.etag);
      assert.ok(res.headers['last-modified']);
    }
  });

  test('GET / redirects to /dashboard', async () => {
    const res = await request(server.port, '/');
    assert.equal(res.status, 302);
    assert.equal(res.headers.location, '/dashboard');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });

  test('GET /healthz answers JSON', async () => {
    const res = await request(server.port, '/healthz');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^application\/json/);
    const body = JSON.parse(res.body.toString());
    assert.equal(body.status, 'ok');
    // The database as the background probe last saw it (never a query per request).
    assert.equal(body.database.reachable, true);
    assert.equal(typeof body.database.latencyMs, 'number');
    assert.ok(!Number.isNaN(Date.parse(body.database.checkedAt)), body.database.checkedAt);
    assert.match(res.headers['content-security-policy'], /default-src 'self'/);
  });

  test('wasm asset: application/wasm, immutable, raw bytes without gzip', async () => {
    const res = await request(server.port, `/assets/${WASM_NAME}`, {
      headers: { 'accept-encoding': 'identity' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/wasm');
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(res.headers['content-encoding'], undefined);
    assert.equal(res.headers.vary, 'Accept-Encoding');
    assert.ok(res.body.equals(WASM_BYTES));
  });

  test('wasm asset: precompressed .gz when the client accepts gzip', async () => {
    const gz = await request(server.port, `/assets/${WASM_NAME}`, {
      headers: { 'accept-encoding': 'br, gzip;q=0.8' },
    });
    assert.equal(gz.status, 200);
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gz.headers['content-type'], 'application/wasm');
    assert.equal(gz.headers.vary, 'Accept-Encoding');
    assert.equal(Number(gz.headers['content-length']), WASM_GZ.length);
    assert.ok(zlib.gunzipSync(gz.body).equals(WASM_BYTES));

    const refused = await request(server.port, `/assets/${WASM_NAME}`, {
      headers: { 'accept-encoding': 'gzip;q=0, deflate' },
    });
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.ok(refused.body.equals(WASM_BYTES));
    assert.notEqual(refused.headers.etag, gz.headers.etag);
  });

  test('unhashed asset revalidates and has no Vary without a .gz sibling', async () => {
    const res = await request(server.port, '/assets/style.css', {
      headers: { 'accept-encoding': 'gzip' },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/css/);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.equal(res.headers['content-encoding'], undefined);
    assert.equal(res.headers.vary, undefined);
    const svg = await request(server.port, '/favicon.svg');
    assert.equal(svg.headers['content-type'], 'image/svg+xml');
  });

  test('If-None-Match with the ETag gives 304 without a body', async () => {
    const first = await request(server.port, `/assets/${WASM_NAME}`);
    const etag = first.headers.etag;
    assert.match(etag, /^"[^"]+"$/);
    for (const inm of [etag, `"nope", ${etag}`, `W/${etag}`, '*']) {
      const res = await request(server.port, `/assets/${WASM_NAME}`, {
        headers: { 'if-none-match': inm },
      });
      assert.equal(res.status, 304, inm);
      assert.equal(res.body.length, 0);
      assert.equal(res.headers.etag, etag);
    }
    const stale = await request(server.port, `/assets/${WASM_NAME}`, {
      headers: { 'if-none-match': '"something-else"' },
    });
    assert.equal(stale.status, 200);
  });

  test('unknown path gives a JSON 404', async () => {
    const res = await request(server.port, '/x');
    assert.equal(res.status, 404);
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.deepEqual(JSON.parse(res.body.toString()), {
      error: { code: 'NOT_FOUND', message: 'no route for /x' },
    });
    assert.equal(res.headers['x-frame-options'], 'DENY');
  });

  test('path traversal never reaches the secret and never errors', async () => {
    const targets = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/assets/%2e%2e%2f..%2fsecret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/assets/../../secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '//etc/passwd',
      '/assets/..%5c..%5csecret.txt',
      '/assets/leak.txt',
      `/${fixture.base}/secret.txt`,
      '/C:/secret.txt',
      '/index.html%00.png',
    ];
    for (const target of targets) {
      const raw = await rawRequest(
        server.port,
        `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
      );
      const status = statusOf(raw);
      assert.ok(status >= 400 && status < 500, `${target} gave ${status}`);
      assert.ok(!raw.includes(SECRET), `${target} leaked the secret`);
      assert.ok(!raw.includes('root:'), `${target} leaked /etc/passwd`);
    }
  });

  test('oversized request headers get 431 (or 400), not a dropped connection', async () => {
    const raw = await rawRequest(
      server.port,
      `GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(16 * 1024)}\r\n\r\n`,
    );
    assert.ok([400, 431].includes(statusOf(raw)), raw.slice(0, 200));
    assert.match(raw, /\r\nConnection: close\r\n/i);
  });

  test('POST to a static route gives 405 with Allow', async () => {
    const res = await request(server.port, '/dashboard', { method: 'POST' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'GET, HEAD');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });

  test('HEAD returns the headers of GET without a body', async () => {
    const res = await request(server.port, '/dashboard', { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 0);
    assert.equal(Number(res.headers['content-length']), Buffer.byteLength(INDEX_HTML));
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    const raw = await rawRequest(
      server.port,
      `HEAD /assets/${WASM_NAME} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(statusOf(raw), 200);
    assert.ok(raw.endsWith('\r\n\r\n'), 'HEAD response carried a body');
    assert.match(raw, new RegExp(`Content-Length: ${WASM_BYTES.length}\\r\\n`));
  });

  test('every request is logged as one structured line', async () => {
    const res = await request(server.port, '/healthz?probe=log');
    const entry = await server.waitForLog(
      (e) => e.msg === 'request' && e.target === '/healthz?probe=log',
    );
    assert.equal(entry.method, 'GET');
    assert.equal(entry.status, 200);
    assert.equal(entry.bytes, res.body.length);
    assert.equal(typeof entry.duration_ms, 'number');
    assert.match(entry.remote, /^127\.0\.0\.1:\d+$/);
  });
});

// [SECTION] graceful shutdown

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

// dashboard-server static hosting, end to end: starts the real binary on an
// ephemeral port against a fixture site (tests/support/static_fixture.mjs),
// and checks routes, headers, gzip, ETags, limits, path traversal and the
// history fallback over real sockets. node:http is used where headers matter
// (fetch would transparently decompress); raw node:net sockets where the
// request itself must be malformed or hostile.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';

import {
  rawRequest, request, startServer, statusOf, stopServer,
} from '../support/server_process.mjs';
import { WASM_NAME, INDEX_HTML, WASM_BYTES, WASM_GZ, SECRET, makeFixture } from '../support/static_fixture.mjs';

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

  test('unknown file gives a JSON 404', async () => {
    const res = await request(server.port, '/x.js');
    assert.equal(res.status, 404);
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.deepEqual(JSON.parse(res.body.toString()), {
      error: { code: 'NOT_FOUND', message: 'no route for /x.js' },
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

// [SECTION] history fallback: client-side routes get the page shell

describe('dashboard-server history fallback', () => {
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

  const APP_ROUTES = [
    '/dashboard', '/mocs', '/mocs/new', '/mocs/9f1c2a', '/mocs/42/', '/wishlist', '/gallery',
    '/board', '/board/alice', '/messages', '/messages/bob', '/notifications', '/status',
    '/settings', '/signup', '/some/future/page', '/mocs/42?tab=parts',
  ];

  test('every client-side route answers index.html with no-cache', async () => {
    const shell = await request(server.port, '/dashboard');
    for (const target of APP_ROUTES) {
      const res = await request(server.port, target, { headers: { accept: 'text/html' } });
      assert.equal(res.status, 200, target);
      assert.equal(res.body.toString(), INDEX_HTML, target);
      assert.equal(res.headers['content-type'], 'text/html; charset=utf-8', target);
      assert.equal(res.headers['cache-control'], 'no-cache', target);
      assert.equal(res.headers.etag, shell.headers.etag, target);
      assert.match(res.headers['content-security-policy'], /frame-ancestors 'none'/, target);
    }
  });

  test('a reload of a route revalidates like the page: 304 with the ETag, HEAD without body', async () => {
    const first = await request(server.port, '/mocs/7');
    const again = await request(server.port, '/mocs/7', {
      headers: { 'if-none-match': first.headers.etag },
    });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    const head = await request(server.port, '/board/alice', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(Number(head.headers['content-length']), Buffer.byteLength(INDEX_HTML));
    const post = await request(server.port, '/mocs/new', { method: 'POST' });
    assert.equal(post.status, 405);
  });

  test('unknown API paths stay JSON 404s', async () => {
    for (const target of ['/api/nothing-here', '/api/mocs/1/nested/thing', '/api']) {
      const res = await request(server.port, target);
      assert.equal(res.status, 404, target);
      assert.match(res.headers['content-type'], /^application\/json/, target);
      assert.equal(JSON.parse(res.body.toString()).error.code, 'NOT_FOUND', target);
    }
  });

  test('missing assets stay 404 and are never answered with HTML', async () => {
    const targets = [
      '/assets/dashboard.0123456789ab.wasm', // a stale hash after a deploy
      '/assets/app', '/assets/', '/covers/gone.png', '/covers/gone', '/fonts/Inter.woff2',
      '/fonts/x', '/missing.js', '/mocs/12.json', '/favicon.ico', '/robots.txt',
      '/healthz/extra', '/metrics/x', '/mocs/..', '/mocs/%2e%2e',
    ];
    for (const target of targets) {
      const res = await request(server.port, target);
      assert.equal(res.status, 404, target);
      assert.doesNotMatch(res.headers['content-type'] ?? '', /html/, target);
      assert.ok(!res.body.toString().includes('<!doctype html>'), target);
    }
  });

  test('socket.io paths get Engine.IO answers, not the shell', async () => {
    const res = await request(server.port, '/socket.io/?EIO=4&transport=polling');
    assert.equal(res.status, 400);
    assert.match(res.headers['content-type'], /^application\/json/);
    const other = await request(server.port, '/socket.io/whatever');
    assert.doesNotMatch(other.headers['content-type'] ?? '', /html/);
  });
});

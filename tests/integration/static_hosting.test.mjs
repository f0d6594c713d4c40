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
// Large enough to go out by sendfile() (>= 64 KiB), in both encodings.
const BIG_NAME = 'big.fedcba9876543210.data';
const BIG_BYTES = Buffer.from(Array.from({ length: 300 * 1024 }, (_, i) => (i * 7919 + (i >> 8)) & 0xff));
const BIG_GZ = zlib.gzipSync(Buffer.concat([BIG_BYTES, Buffer.alloc(200 * 1024, 'pad ')]), { level: 1 });
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
  fs.writeFileSync(path.join(site, 'assets', BIG_NAME), BIG_BYTES);
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

// [SECTION] conditional and partial requests, as browsers send them

describe('dashboard-server validators and ranges', () => {
  let fixture;
  let server;
  const wasm = `/assets/${WASM_NAME}`;

  before(async () => {
    fixture = makeFixture();
    server = await startServer(fixture);
  });

  after(async () => {
    await stopServer(server);
    fs.rmSync(fixture.base, { recursive: true, force: true });
  });

  test('If-Modified-Since: 304 when not newer, 200 when the file changed since', async () => {
    const first = await request(server.port, '/dashboard');
    const lastModified = first.headers['last-modified'];
    assert.match(lastModified, /^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
    const same = await request(server.port, '/dashboard', {
      headers: { 'if-modified-since': lastModified },
    });
    assert.equal(same.status, 304);
    assert.equal(same.headers.etag, first.headers.etag);
    const older = await request(server.port, '/dashboard', {
      headers: { 'if-modified-since': 'Thu, 01 Jan 2004 00:00:00 GMT' },
    });
    assert.equal(older.status, 200);
    // If-None-Match decides when both are present (RFC 9110 13.2.2).
    const both = await request(server.port, '/dashboard', {
      headers: { 'if-modified-since': lastModified, 'if-none-match': '"other"' },
    });
    assert.equal(both.status, 200);
    const garbage = await request(server.port, '/dashboard', {
      headers: { 'if-modified-since': 'yesterday' },
    });
    assert.equal(garbage.status, 200);
  });

  test('Range: first-last, open-ended and suffix ranges give 206 with Content-Range', async () => {
    const cases = [
      ['bytes=0-7', 0, 7],
      ['bytes=8-', 8, WASM_BYTES.length - 1],
      ['bytes=-10', WASM_BYTES.length - 10, WASM_BYTES.length - 1],
      ['bytes=100-99999999', 100, WASM_BYTES.length - 1],
    ];
    for (const [range, first, last] of cases) {
      const res = await request(server.port, wasm, {
        headers: { range, 'accept-encoding': 'identity' },
      });
      assert.equal(res.status, 206, range);
      assert.equal(res.headers['content-range'], `bytes ${first}-${last}/${WASM_BYTES.length}`, range);
      assert.equal(Number(res.headers['content-length']), last - first + 1, range);
      assert.ok(res.body.equals(WASM_BYTES.subarray(first, last + 1)), range);
      assert.equal(res.headers['content-type'], 'application/wasm');
      assert.equal(res.headers['accept-ranges'], 'bytes');
    }
  });

  test('Range applies to the encoding that is sent (the .gz for gzip clients)', async () => {
    const res = await request(server.port, wasm, {
      headers: { range: 'bytes=0-1', 'accept-encoding': 'gzip' },
    });
    assert.equal(res.status, 206);
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal(res.headers['content-range'], `bytes 0-1/${WASM_GZ.length}`);
    assert.ok(res.body.equals(WASM_GZ.subarray(0, 2)));
  });

  test('an unsatisfiable Range gets 416 with the size; a malformed or multiple one the whole file', async () => {
    for (const range of [`bytes=${WASM_BYTES.length}-`, 'bytes=-0']) {
      const res = await request(server.port, wasm, {
        headers: { range, 'accept-encoding': 'identity' },
      });
      assert.equal(res.status, 416, range);
      assert.equal(res.headers['content-range'], `bytes */${WASM_BYTES.length}`, range);
      assert.equal(JSON.parse(res.body.toString()).error.code, 'RANGE_NOT_SATISFIABLE');
    }
    for (const range of ['bytes=5-2', 'items=0-1', 'bytes=0-1,4-5', 'bytes=abc']) {
      const res = await request(server.port, wasm, {
        headers: { range, 'accept-encoding': 'identity' },
      });
      assert.equal(res.status, 200, range);
      assert.ok(res.body.equals(WASM_BYTES), range);
    }
  });

  test('If-Range: the range while the ETag holds, the whole file once it changed', async () => {
    const { headers } = await request(server.port, wasm, { headers: { 'accept-encoding': 'identity' } });
    const current = await request(server.port, wasm, {
      headers: { range: 'bytes=0-3', 'if-range': headers.etag, 'accept-encoding': 'identity' },
    });
    assert.equal(current.status, 206);
    const byDate = await request(server.port, wasm, {
      headers: { range: 'bytes=0-3', 'if-range': headers['last-modified'], 'accept-encoding': 'identity' },
    });
    assert.equal(byDate.status, 206);
    for (const ifRange of ['"stale"', `W/${headers.etag}`, 'Thu, 01 Jan 2004 00:00:00 GMT']) {
      const res = await request(server.port, wasm, {
        headers: { range: 'bytes=0-3', 'if-range': ifRange, 'accept-encoding': 'identity' },
      });
      assert.equal(res.status, 200, ifRange);
      assert.ok(res.body.equals(WASM_BYTES), ifRange);
    }
  });

  test('a large file (sent with sendfile) arrives whole, and in ranges', async () => {
    const big = `/assets/${BIG_NAME}`;
    const full = await request(server.port, big, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(full.status, 200);
    assert.equal(full.headers['content-encoding'], undefined, 'no .gz sibling yet');
    assert.equal(Number(full.headers['content-length']), BIG_BYTES.length);
    assert.ok(full.body.equals(BIG_BYTES));
    // A range over the sendfile threshold and one under it.
    for (const [first, last] of [[1000, 199999], [5, 10], [BIG_BYTES.length - 70000, BIG_BYTES.length - 1]]) {
      const part = await request(server.port, big, { headers: { range: `bytes=${first}-${last}` } });
      assert.equal(part.status, 206);
      assert.equal(part.headers['content-range'], `bytes ${first}-${last}/${BIG_BYTES.length}`);
      assert.ok(part.body.equals(BIG_BYTES.subarray(first, last + 1)), `${first}-${last}`);
    }
    const head = await rawRequest(server.port, `HEAD ${big} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.match(head, new RegExp(`Content-Length: ${BIG_BYTES.length}\\r\\n`));
    assert.ok(head.endsWith('\r\n\r\n'));
    // Ten at once over keep-alive connections: none is cut or mixed up.
    const many = await Promise.all(Array.from({ length: 10 }, () => request(server.port, big)));
    for (const res of many) assert.ok(res.body.equals(BIG_BYTES));
  });

  test('HEAD ignores Range and announces the whole file', async () => {
    const raw = await rawRequest(
      server.port,
      `HEAD ${wasm} HTTP/1.1\r\nHost: x\r\nRange: bytes=0-3\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(statusOf(raw), 200);
    assert.match(raw, new RegExp(`Content-Length: ${WASM_BYTES.length}\\r\\n`));
    assert.ok(raw.endsWith('\r\n\r\n'), 'HEAD response carried a body');
  });

  test('HTTP/1.0 keep-alive and pipelined requests get whole responses in order', async () => {
    const raw = await rawRequest(
      server.port,
      `GET /dashboard HTTP/1.0\r\nConnection: keep-alive\r\n\r\n` +
        `GET ${wasm} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\n\r\n` +
        'GET /favicon.svg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    const starts = [...raw.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => [m.index, m[0]]);
    assert.deepEqual(starts.map(([, line]) => line), ['HTTP/1.0 200', 'HTTP/1.1 200', 'HTTP/1.1 200']);
    assert.match(raw, /\r\nConnection: keep-alive\r\n/i);
    assert.ok(raw.includes(INDEX_HTML));
    assert.ok(raw.endsWith('<svg xmlns="http://www.w3.org/2000/svg"/>'));
  });
});

// [SECTION] files change on disk while the server runs

describe('dashboard-server static files in memory', () => {
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

  test('loads the site at start and says so', async () => {
    const line = await server.waitForLog((e) => e.msg === 'static files in memory');
    // index.html, favicon.svg, the wasm and its .gz, style.css, the big file (leak.txt points out)
    assert.equal(line.files, 6);
    const sizes = ['index.html', 'favicon.svg', `assets/${WASM_NAME}`, `assets/${WASM_NAME}.gz`, 'assets/style.css',
      `assets/${BIG_NAME}`]
      .map((name) => fs.statSync(path.join(fixture.site, name)).size);
    assert.equal(line.bytes, sizes.reduce((a, b) => a + b));
  });

  test('a rewritten index.html is served at once, with new validators, gzip sibling too', async () => {
    const before = await request(server.port, '/dashboard', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(before.body.toString(), INDEX_HTML);
    const next = '<!doctype html><title>MOC dashboard v2</title><canvas id="c"></canvas>\n';
    fs.writeFileSync(path.join(fixture.site, 'index.html'), next);
    fs.writeFileSync(path.join(fixture.site, 'index.html.gz'), zlib.gzipSync(next));
    const plain = await request(server.port, '/mocs/3');
    assert.equal(plain.body.toString(), next);
    assert.notEqual(plain.headers.etag, before.headers.etag);
    const stale = await request(server.port, '/dashboard', {
      headers: { 'if-none-match': before.headers.etag },
    });
    assert.equal(stale.status, 200);
    const gz = await request(server.port, '/dashboard', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(zlib.gunzipSync(gz.body).toString(), next);
    await server.waitForLog((e) => e.msg === 'static file reloaded' && e.path.endsWith('index.html'));
  });

  test('a deploy that renames a new index.html over the old one is served at once', async () => {
    const next = '<!doctype html><title>MOC dashboard v3</title>\n';
    const staged = path.join(fixture.site, '.index.html.new');
    fs.writeFileSync(staged, next);
    fs.renameSync(staged, path.join(fixture.site, 'index.html'));
    fs.rmSync(path.join(fixture.site, 'index.html.gz'), { force: true });
    const res = await request(server.port, '/dashboard', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.headers['content-encoding'], undefined);
    assert.equal(res.body.toString(), next);
  });

  test("a new deploy's large asset and its .gz are served from memory", async () => {
    const name = 'next.0123456789abcdef.data';
    fs.writeFileSync(path.join(fixture.site, 'assets', name), BIG_BYTES);
    fs.writeFileSync(path.join(fixture.site, 'assets', `${name}.gz`), BIG_GZ);
    const gz = await request(server.port, `/assets/${name}`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.ok(gz.body.equals(BIG_GZ));
    const plain = await request(server.port, `/assets/${name}`, { headers: { 'accept-encoding': 'identity' } });
    assert.ok(plain.body.equals(BIG_BYTES));
  });

  test("a new deploy's assets are served, and a removed index.html is a 404", async () => {
    const name = 'app.fedcba9876543210.js';
    fs.writeFileSync(path.join(fixture.site, 'assets', name), 'console.log(1)\n');
    const res = await request(server.port, `/assets/${name}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(res.body.toString(), 'console.log(1)\n');

    const saved = fs.readFileSync(path.join(fixture.site, 'index.html'));
    fs.rmSync(path.join(fixture.site, 'index.html'));
    try {
      assert.equal((await request(server.port, '/dashboard')).status, 404);
      assert.equal((await request(server.port, '/mocs/1')).status, 404);
    } finally {
      fs.writeFileSync(path.join(fixture.site, 'index.html'), saved);
    }
    assert.equal((await request(server.port, '/dashboard')).status, 200);
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

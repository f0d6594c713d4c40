// dashboard-server's static files as a browser revalidates and resumes
// them: If-Modified-Since, Range / If-Range (also on the .gz and on files
// sent with sendfile), pipelining, and the site held in memory following a
// deploy on disk.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';

import {
  rawRequest, request, startServer, statusOf, stopServer,
} from '../support/server_process.mjs';
import {
  BIG_BYTES, BIG_GZ, BIG_NAME, INDEX_HTML, makeFixture, WASM_BYTES, WASM_GZ, WASM_NAME,
} from '../support/static_fixture.mjs';

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

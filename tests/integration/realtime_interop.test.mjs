// The realtime endpoint against the real socket.io-client 4.8 (npm): auth,
// events after REST mutations, isolation between users, recovery, ping
// timeouts, Engine.IO errors for other transports, and /metrics.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { io } from 'socket.io-client';

import { apiClient } from '../support/api_client.mjs';
import { siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const EVENT_TYPES = ['dashboard:summaryUpdated', 'dashboard:recentMocAdded',
  'dashboard:partialPartsUpdated', 'dashboard:themeBreakdownUpdated', 'dashboard:recentMocsUpdated',
  'dashboard:mocAdded', 'dashboard:mocUpdated', 'dashboard:mocDeleted',
  'dashboard:wishlistItemAdded', 'dashboard:wishlistItemRemoved',
  'dashboard:resyncRequired', 'dashboard:error'];

// A connected client that records every dashboard event in arrival order.
function connect(port, auth, options = {}) {
  const socket = io(`http://127.0.0.1:${port}/dashboard`, {
    transports: ['websocket'], auth, reconnection: false, forceNew: true, ...options,
  });
  socket.received = [];
  for (const type of EVENT_TYPES) socket.on(type, (envelope) => socket.received.push({ type, envelope }));
  return socket;
}

// Waits are bounded generously: a bound only decides how long a broken
// server takes to fail, and a loaded machine (or the sanitizer build,
// which runs these tests too) is slow.
function once(socket, event, timeoutMs = 15000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

async function until(predicate, timeoutMs = 15000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// A raw WebSocket upgrade that sends a masked text frame "4X" (socket.io
// packet type X does not exist); resolves with the socket and what it got.
async function sendMalformedPacket(port) {
  const raw = await new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  raw.write('GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n' +
            'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
  const received = [];
  raw.on('data', (chunk) => received.push(chunk));
  // A client may send frames only after the 101 (RFC 6455 4.1).
  await until(() => Buffer.concat(received).toString('latin1').includes('\r\n\r\n'));
  const payload = Buffer.from('4X');
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
  raw.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]));
  return { raw, received };
}

async function metrics(port) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const value = (name) =>
    Number(text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm'))?.[1] ?? NaN);
  return { text, value };
}

describe('socket.io interop (socket.io-client 4.8)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-rt-'));
  let server;
  let api;
  let alice;
  let bob;
  const sockets = [];
  const open = (...args) => {
    const s = connect(server.port, ...args);
    sockets.push(s);
    return s;
  };

  before(async () => {
    // A ping every second, 2 s to answer: a silent client is dropped within
    // 3 s, and a loaded machine still answers in time.
    server = await startServer({ site: siteDir, dataDir,
                                 args: ['--ping-interval-ms', '1000', '--ping-timeout-ms', '2000'] });
    api = apiClient(server.port);
    alice = await api.login('alice');
    bob = await api.login('bob');
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a REST mutation reaches the user\'s socket as seq-ordered envelopes', async () => {
    const socket = open({ token: alice });
    await once(socket, 'connect');
    assert.ok(socket.id);
    const v0 = (await api.call('GET', '/api/dashboard', { token: alice })).body.version;
    const created = await api.call('POST', '/api/mocs', { token: alice,
      body: { title: 'Live Rover', theme: 'Space', partsCoverageStatus: 'PARTIAL_ORDERED',
              coveragePercentage: 12 } });
    assert.equal(created.status, 201);
    await until(() => socket.received.length >= 5);
    assert.deepEqual(socket.received.map((e) => e.type), [
      'dashboard:mocAdded', 'dashboard:recentMocAdded', 'dashboard:summaryUpdated',
      'dashboard:themeBreakdownUpdated', 'dashboard:partialPartsUpdated',
    ]);
    socket.received.forEach(({ type, envelope }, i) => {
      assert.equal(envelope.type, type);
      assert.equal(envelope.seq, v0 + 1 + i);
      assert.match(envelope.eventId, UUID_V4);
      assert.ok(!Number.isNaN(Date.parse(envelope.timestamp)));
    });
    assert.deepEqual(socket.received[0].envelope.payload, created.body);
    assert.equal(socket.received[1].envelope.payload.id, created.body.id);
    const view = (await api.call('GET', '/api/dashboard', { token: alice })).body;
    assert.deepEqual(socket.received[2].envelope.payload, view.summary);
  });

  test('a bad or missing token gets connect_error AUTH_FAILED', async () => {
    for (const auth of [{ token: 'garbage' }, {}, { token: `${alice}x` }]) {
      const socket = open(auth);
      const error = await once(socket, 'connect_error');
      assert.equal(error.message, 'AUTH_FAILED');
    }
  });

  test('another namespace gets the protocol\'s invalid namespace error', async () => {
    const socket = io(`http://127.0.0.1:${server.port}/admin`, {
      transports: ['websocket'], auth: { token: alice }, reconnection: false, forceNew: true });
    sockets.push(socket);
    const error = await once(socket, 'connect_error');
    assert.equal(error.message, 'Invalid namespace');
  });

  test('two users each receive only their own events', async () => {
    const a = open({ token: alice });
    const b = open({ token: bob });
    await Promise.all([once(a, 'connect'), once(b, 'connect')]);
    await api.call('POST', '/api/wishlist', { token: alice, body: { name: 'For Alice' } });
    await api.call('POST', '/api/wishlist', { token: bob, body: { name: 'For Bob' } });
    // Each add is the item, then the summary it moved.
    await until(() => a.received.length >= 2 && b.received.length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    const aliceTotals = (await api.call('GET', '/api/dashboard', { token: alice })).body.summary;
    const bobTotals = (await api.call('GET', '/api/dashboard', { token: bob })).body.summary;
    assert.deepEqual(a.received.map((e) => e.envelope.payload.name ?? e.envelope.payload),
      ['For Alice', aliceTotals]);
    assert.deepEqual(b.received.map((e) => e.envelope.payload.name ?? e.envelope.payload),
      ['For Bob', bobTotals]);
  });

  test('reconnecting with lastSeq replays the missed events with no gap or duplicate', async () => {
    const v0 = (await api.call('GET', '/api/dashboard', { token: bob })).body.version;
    for (let i = 0; i < 3; i++) {
      await api.call('POST', '/api/wishlist', { token: bob, body: { name: `Missed ${i}` } });
    }
    const socket = open({ token: bob, lastSeq: v0 });
    await once(socket, 'connect');
    await until(() => socket.received.length >= 6);  // each add: the item and the summary
    await api.call('POST', '/api/wishlist', { token: bob, body: { name: 'Live one' } });
    await until(() => socket.received.length >= 8);
    assert.deepEqual(socket.received.map((e) => e.envelope.seq),
      Array.from({ length: 8 }, (_, i) => v0 + 1 + i));
  });

  test('socket.io connection state recovery: offsets come back as the resume point', async () => {
    const socket = open({ token: bob });
    await once(socket, 'connect');
    await api.call('POST', '/api/wishlist', { token: bob, body: { name: 'Offset probe' } });
    await until(() => socket.received.length >= 2);
    const seq = socket.received[1].envelope.seq;
    assert.equal(socket._lastOffset, String(seq), 'the client tracks our offset');
    const resumed = open({ token: bob, pid: socket._pid, offset: String(seq - 1) });
    await once(resumed, 'connect');
    await until(() => resumed.received.length >= 1);
    assert.equal(resumed.received[0].envelope.seq, seq);
  });

  test('resuming from a seq the outbox cannot serve asks for a resync', async () => {
    const socket = open({ token: alice, lastSeq: 1 });  // the demo history is pruned
    await once(socket, 'connect');
    await until(() => socket.received.some((e) => e.type === 'dashboard:resyncRequired'));
  });

  test('a client that stops answering pings is dropped', async () => {
    const socket = open({ token: alice });
    await once(socket, 'connect');
    const sid = socket.io.engine.id;  // the Engine.IO sid, as the server logs it
    // Silence the client's pong replies, as a frozen tab would.
    socket.io.engine._sendPacket = () => {};
    const reason = await once(socket, 'disconnect');
    assert.match(reason, /transport close|ping timeout/);
    await server.waitForLog((e) => e.msg === 'socket closed' && e.reason === 'ping timeout' &&
      e.sid === sid);
  });

  test('polling, old protocol versions and foreign origins get Engine.IO errors', async () => {
    const polling = await fetch(`http://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=polling`);
    assert.equal(polling.status, 400);
    assert.deepEqual(await polling.json(), { code: 0, message: 'Transport unknown' });
    const v3 = await fetch(`http://127.0.0.1:${server.port}/socket.io/?EIO=3&transport=websocket`);
    assert.deepEqual(await v3.json(), { code: 5, message: 'Unsupported protocol version' });
    const foreign = await new Promise((resolve, reject) => {
      const s = net.connect(server.port, '127.0.0.1', () => {
        s.write('GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
                'Origin: https://evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
                'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
      });
      let text = '';
      s.on('data', (d) => { text += d; });
      s.on('end', () => resolve(text));
      s.on('error', reject);
    });
    assert.match(foreign, /^HTTP\/1\.1 403/);
    assert.match(foreign, /\{"code":4,"message":"Forbidden"\}/);
    const client = io(`http://127.0.0.1:${server.port}/dashboard`, {
      transports: ['polling'], auth: { token: alice }, reconnection: false, forceNew: true });
    sockets.push(client);
    await once(client, 'connect_error');
  });

  test('malformed packets close the socket; the server keeps serving', async () => {
    const logged = server.logs.length;
    const { raw, received } = await sendMalformedPacket(server.port);
    await server.waitForLog((e) => e.msg === 'malformed packet' &&
      server.logs.indexOf(e) >= logged);
    // The server answers with a WebSocket close frame (opcode 0x8).
    await until(() => Buffer.concat(received).includes(Buffer.from([0x88])));
    raw.destroy();
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status, 200);
  });

  test('/metrics reports sockets, events, auth failures and HTTP requests', async () => {
    // What this test does itself, counted against the figures before it.
    const before = await metrics(server.port);
    const refused = open({ token: 'garbage' });
    await once(refused, 'connect_error');
    const socket = open({ token: alice });
    await once(socket, 'connect');
    await api.call('POST', '/api/wishlist', { token: alice, body: { name: 'Metrics probe' } });
    await until(() => socket.received.length >= 1);
    const { raw, received } = await sendMalformedPacket(server.port);
    await until(() => Buffer.concat(received).includes(Buffer.from([0x88])));
    raw.destroy();

    const after = await metrics(server.port);
    const grew = (name, by) => assert.ok(after.value(name) >= before.value(name) + by,
      `${name}: ${before.value(name)} -> ${after.value(name)}`);
    grew('dashboard_events_sent_total', 1);
    grew('dashboard_auth_failures_total', 1);
    grew('dashboard_protocol_errors_total', 1);
    assert.ok(after.value('dashboard_ws_bytes_sent_total') > before.value('dashboard_ws_bytes_sent_total'));
    assert.ok(after.value('dashboard_connected_sockets') >= 1, 'this test\'s socket is open');
    assert.match(after.text, /dashboard_http_requests_total\{code="2xx"\} \d+/);
    assert.match(after.text, /dashboard_http_request_duration_seconds_bucket/);
  });

  test('/metrics: every *_total is a counter; build info, process_* and the delivery lag', async () => {
    const socket = open({ token: alice });
    await once(socket, 'connect');
    const lagCount = (m) => m.value('dashboard_event_delivery_lag_seconds_count');
    const before = await metrics(server.port);
    await api.call('POST', '/api/wishlist', { token: alice, body: { name: 'Lag probe' } });
    await until(() => socket.received.some((e) => JSON.stringify(e.envelope).includes('Lag probe')));
    const { text, value } = await metrics(server.port);

    const types = new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
    const totals = [...types.keys()].filter((name) => name.endsWith('_total'));
    assert.ok(totals.length >= 10, `series named *_total: ${totals}`);
    for (const name of totals) assert.equal(types.get(name), 'counter', name);
    for (const name of ['dashboard_db_pool_waits_total', 'dashboard_db_pool_timeouts_total',
      'process_cpu_seconds_total']) {
      assert.equal(types.get(name), 'counter', name);
    }

    assert.match(text, /^dashboard_build_info\{[^}]*version="\d+\.\d+\.\d+"[^}]*\} 1$/m);
    const now = Date.now() / 1000;
    assert.ok(value('process_start_time_seconds') > now - 3600 &&
      value('process_start_time_seconds') <= now + 1, `start ${value('process_start_time_seconds')}`);
    assert.ok(value('process_cpu_seconds_total') > 0);
    assert.ok(value('process_resident_memory_bytes') > 1e6);
    assert.ok(value('process_virtual_memory_bytes') >= value('process_resident_memory_bytes'));
    assert.ok(value('process_open_fds') >= 3);
    assert.ok(value('process_max_fds') >= value('process_open_fds'));

    assert.equal(types.get('dashboard_event_delivery_lag_seconds'), 'histogram');
    // Observed once per event fanned out (not per socket).
    assert.ok(lagCount({ value }) >= lagCount(before) + 1,
      `lag samples ${lagCount(before)} -> ${lagCount({ value })}`);
    const sum = value('dashboard_event_delivery_lag_seconds_sum');
    assert.ok(sum >= 0 && sum < 60 * lagCount({ value }), `lag sum ${sum}`);
    socket.disconnect();
  });
});

test('SIGTERM closes live sockets with a close frame and exits 0', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-rt-stop-'));
  const server = await startServer({ site: siteDir, dataDir });
  try {
    const token = await apiClient(server.port).login('alice');
    const socket = connect(server.port, { token });
    await once(socket, 'connect');
    const disconnected = once(socket, 'disconnect');
    server.proc.kill('SIGTERM');
    assert.equal(await disconnected, 'transport close');
    assert.equal((await server.exited).code, 0);
    assert.ok(server.logs.some((e) => e.msg === 'socket closed' && e.reason === 'server shutdown'));
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

// System status over the socket, against the real socket.io-client 4.8:
// subscribe:status answers with service:bulk-update (what the user may
// see), then service:status deltas carrying only the fields that changed,
// at most one per second per service even when the service flaps; a
// request:refresh is answered in its ack, refused for a service the user
// may not see; a check that cannot run is an `error` event. Also GET
// /api/status, the page's first paint. The monitored endpoint is a real
// local HTTP server the test slows, breaks and flaps.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { io } from 'socket.io-client';

import { apiClient } from '../support/api_client.mjs';
import { siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const DELTA_FIELDS = new Set(['serviceId', 'timestamp', 'status', 'responseTime', 'details',
  'uptime', 'point']);

async function until(predicate, timeoutMs = 15000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// An endpoint whose behaviour the test sets: ok, slow, fail or flap.
async function startEndpoint() {
  const endpoint = { mode: 'ok', hits: 0 };
  endpoint.server = http.createServer((req, res) => {
    endpoint.hits += 1;
    const mode = endpoint.mode === 'flap' ? (endpoint.hits % 2 ? 'ok' : 'fail') : endpoint.mode;
    if (mode === 'fail') {
      res.writeHead(503).end('down');
    } else if (mode === 'slow') {
      setTimeout(() => res.writeHead(200).end('slow'), 1500);
    } else {
      res.writeHead(200).end('ok');
    }
  });
  await new Promise((resolve) => endpoint.server.listen(0, '127.0.0.1', resolve));
  endpoint.url = `http://127.0.0.1:${endpoint.server.address().port}/health`;
  return endpoint;
}

describe('system status over socket.io (socket.io-client 4.8)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-status-'));
  let server;
  let api;
  let alice;
  let bob;
  let web;
  let flappy;
  const sockets = [];

  // A subscribed client recording every status event in arrival order.
  async function subscribe(token) {
    const socket = io(`http://127.0.0.1:${server.port}/dashboard`, {
      transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true,
    });
    sockets.push(socket);
    socket.bulk = [];
    socket.deltas = [];
    socket.errors = [];
    socket.on('service:bulk-update', (body) => socket.bulk.push(body));
    socket.on('service:status', (delta) => socket.deltas.push({ at: Date.now(), delta }));
    socket.on('error', (error) => socket.errors.push(error));
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    socket.emit('subscribe:status');
    await until(() => socket.bulk.length === 1);
    return socket;
  }
  const deltasOf = (socket, id) => socket.deltas.filter((d) => d.delta.serviceId === id);
  // The bulk update's status, then each delta's when it has one.
  function lastStatus(socket, id) {
    let status = socket.bulk[0].services.find((s) => s.serviceId === id)?.status;
    for (const { delta } of deltasOf(socket, id)) status = delta.status ?? status;
    return status;
  }

  before(async () => {
    web = await startEndpoint();
    flappy = await startEndpoint();
    server = await startServer({ site: siteDir, dataDir, args: [
      '--status-interval-ms', '250', '--monitor-degraded-ms', '700', '--monitor-timeout-ms', '4000',
      '--monitor', `web=${web.url}`, '--monitor', `flappy=${flappy.url}`,
      '--monitor', 'bad=ftp://127.0.0.1/nothing', '--public-status', 'database,web'] });
    api = apiClient(server.port);
    alice = await api.login('alice');
    bob = await api.login('bob');
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await stopServer(server);
    web.server.close();
    flappy.server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('subscribe:status sends every service the user may see, in full', async () => {
    const admin = await subscribe(alice);
    const ids = admin.bulk[0].services.map((s) => s.serviceId);
    assert.deepEqual(ids, ['database', 'instance', 'stream', 'disk', 'web', 'flappy', 'bad']);
    assert.match(admin.bulk[0].overall, /^(operational|degraded|outage)$/);
    await until(() => deltasOf(admin, 'database').length > 0);
    const member = await subscribe(bob);
    assert.deepEqual(member.bulk[0].services.map((s) => s.serviceId), ['database', 'web']);
    const db = member.bulk[0].services[0];
    assert.equal(db.name, 'Database');
    assert.equal(db.status, 'up');
    assert.equal(typeof db.responseTime, 'number');
    assert.ok(!Number.isNaN(Date.parse(db.timestamp)));
    assert.ok(Array.isArray(db.history) && db.history.length >= 1);
    assert.equal(db.uptime, 100);
  });

  test('deltas carry only the fields that changed', async () => {
    const socket = await subscribe(alice);
    web.mode = 'slow';
    await until(() => deltasOf(socket, 'web').some((d) => d.delta.status === 'degraded'));
    web.mode = 'fail';
    await until(() => deltasOf(socket, 'web').some((d) => d.delta.status === 'down'));
    web.mode = 'ok';
    await until(() => deltasOf(socket, 'web').some((d) => d.delta.status === 'up'));
    for (const { delta } of socket.deltas) {
      for (const key of Object.keys(delta)) assert.ok(DELTA_FIELDS.has(key), `unexpected ${key}`);
    }
    const down = deltasOf(socket, 'web').find((d) => d.delta.status === 'down').delta;
    assert.match(down.details, /HTTP 503/);
    // The disk's verdict and details hardly move: most of its deltas say only when it was checked.
    const disk = deltasOf(socket, 'disk').map((d) => d.delta);
    assert.ok(disk.some((d) => !('status' in d) && !('details' in d)),
      JSON.stringify(disk.slice(0, 3)));
    // Members never hear about admin-only services.
    const member = await subscribe(bob);
    await until(() => deltasOf(member, 'web').length >= 2);
    assert.ok(member.deltas.every((d) => ['database', 'web'].includes(d.delta.serviceId)));
  });

  test('a flapping service gets at most one delta a second, and the last state', async () => {
    const socket = await subscribe(alice);
    flappy.mode = 'flap';
    const hitsBefore = flappy.hits;
    // ~4 checks a second, until three deltas came (a count of checks alone
    // raced the scheduler: 12 checks once fitted in under 2 s of deltas).
    await until(() => flappy.hits - hitsBefore >= 12 && deltasOf(socket, 'flappy').length >= 3, 30000);
    flappy.mode = 'fail';
    await until(() => lastStatus(socket, 'flappy') === 'down');
    const times = deltasOf(socket, 'flappy').map((d) => d.at);
    for (let i = 1; i < times.length; i += 1) {
      // One per second at the server; receipt may bunch by a scheduling hiccup.
      assert.ok(times[i] - times[i - 1] >= 800, `deltas ${times[i] - times[i - 1]} ms apart`);
    }
    assert.ok(times.length >= 3, `${times.length} deltas`);
    assert.equal(lastStatus(socket, 'flappy'), 'down');
  });

  test('request:refresh runs the check now and answers in its ack', async () => {
    const socket = await subscribe(alice);
    const answer = await socket.timeout(10000).emitWithAck('request:refresh', { serviceId: 'web' });
    assert.equal(answer.ok, true);
    assert.equal(answer.service.serviceId, 'web');
    assert.ok(Date.now() - Date.parse(answer.service.timestamp) < 5000);
    const plain = await socket.timeout(10000).emitWithAck('request:refresh', 'database');
    assert.equal(plain.ok, true);
  });

  test('a member is refused an admin-only service; unknown ids and floods are refused', async () => {
    const member = await subscribe(bob);
    const refused = await member.timeout(10000).emitWithAck('request:refresh', { serviceId: 'disk' });
    assert.deepEqual(refused.ok, false);
    assert.equal(refused.error.code, 'FORBIDDEN');
    assert.match(refused.error.message, /serviceId/);
    const unknown = await member.timeout(10000).emitWithAck('request:refresh', { serviceId: 'nope' });
    assert.equal(unknown.error.code, 'NOT_FOUND');
    const bad = await member.timeout(10000).emitWithAck('request:refresh', { id: 3 });
    assert.equal(bad.error.code, 'BAD_REQUEST');
    const answers = await Promise.all([1, 2, 3, 4].map(
      () => member.timeout(10000).emitWithAck('request:refresh', { serviceId: 'web' })));
    assert.ok(answers.some((a) => a.error?.code === 'RATE_LIMITED'), JSON.stringify(answers));
  });

  test('a check that cannot run is an error event', async () => {
    const admin = await subscribe(alice);
    await until(() => admin.errors.length > 0);
    assert.equal(admin.errors[0].serviceId, 'bad');
    assert.equal(admin.errors[0].code, 'CHECK_CANNOT_RUN');
    assert.match(admin.errors[0].message, /scheme must be http or https/);
    const member = await subscribe(bob);
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(member.errors, []);
  });

  test('unsubscribe:status stops the deltas', async () => {
    const socket = await subscribe(alice);
    await until(() => socket.deltas.length > 0);
    socket.emit('unsubscribe:status');
    await new Promise((r) => setTimeout(r, 1000));  // what was in flight arrives
    const count = socket.deltas.length;
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(socket.deltas.length, count);
  });

  test('GET /api/status is the same state, filtered by role', async () => {
    const admin = await api.call('GET', '/api/status', { token: alice });
    assert.equal(admin.status, 200);
    assert.equal(admin.body.services.length, 7);
    const member = await api.call('GET', '/api/status', { token: bob });
    assert.deepEqual(member.body.services.map((s) => s.serviceId), ['database', 'web']);
    const anonymous = await api.call('GET', '/api/status', {});
    assert.equal(anonymous.status, 401);
  });
});

// Two dashboard-server instances on one PostgreSQL behind HAProxy, the
// way the product scales out: writes on one instance reach sockets on the
// other (LISTEN/NOTIFY wakes the hub, the outbox carries the events), seqs
// stay gap-free per socket under load from both, and nothing is lost when
// an instance is killed, when PostgreSQL restarts, or when the LISTEN
// connection is cut. Real processes throughout: PostgreSQL 15 and HAProxy
// from Debian, socket.io-client 4.8 as the clients.
import assert from 'node:assert/strict';
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { io } from 'socket.io-client';

import { apiClient } from '../support/api_client.mjs';
import { assertGapFree, liveClient, metric, sleep, until } from '../support/live_client.mjs';
import { startHaproxy } from '../support/haproxy.mjs';
import { siteDir } from '../support/paths.mjs';
import { startPostgres } from '../support/postgres.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const SECRET = 'cluster-test-secret-'.repeat(3);

describe('two instances on PostgreSQL behind HAProxy', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-cluster-'));
  let pg;
  let url;
  const instances = {};
  let lb;
  let api;
  let tokens;
  const clients = [];

  const startInstance = (name) => startServer({
    site: siteDir, dataDir: path.join(work, name), name: `cluster-${name}`,
    args: ['--database', url, '--jwt-secret', SECRET, '--database-pool', '6'],
  });

  before(async () => {
    pg = await startPostgres({ name: 'cluster' });
    url = await pg.createDatabase('dashboard');
    // One instance first, so the demo data is seeded once, then the second.
    instances.a = await startInstance('a');
    instances.b = await startInstance('b');
    lb = await startHaproxy([instances.a.port, instances.b.port]);
    api = {
      a: apiClient(instances.a.port), b: apiClient(instances.b.port), lb: apiClient(lb.port),
    };
    tokens = { alice: await api.a.login('alice'), bob: await api.b.login('bob') };
  });

  after(async () => {
    for (const c of clients) c.socket.disconnect();
    await lb?.stop();
    await stopServer(instances.a);
    await stopServer(instances.b);
    await pg?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const open = (port, token, options) => {
    const c = liveClient(port, token, options);
    clients.push(c);
    return c;
  };
  const version = async (token, via = api.a) =>
    (await via.call('GET', '/api/dashboard', { token })).body.version;

  test('one signing secret and one database: a token from A works on B, through the balancer too', async () => {
    for (const client of [api.a, api.b, api.lb]) {
      const res = await client.call('GET', '/api/dashboard', { token: tokens.alice });
      assert.equal(res.status, 200, res.text);
    }
    const health = await (await fetch(`http://127.0.0.1:${instances.b.port}/healthz`)).json();
    assert.equal(health.database.reachable, true);
  });

  test('TLS terminates at HAProxy: HTTPS and WSS through to the instances, HTTP redirected', async () => {
    const tls = await startHaproxy([instances.a.port, instances.b.port], { tls: true });
    const insecure = new https.Agent({ rejectUnauthorized: false });
    try {
      const plain = await fetch(`http://127.0.0.1:${tls.port}/dashboard`, { redirect: 'manual' });
      assert.equal(plain.status, 301);
      assert.match(plain.headers.get('location'), /^https:\/\//);
      const body = await new Promise((resolve, reject) => {
        https.get({ host: '127.0.0.1', port: tls.tlsPort, path: '/healthz', agent: insecure },
          (res) => {
            let text = '';
            res.on('data', (c) => { text += c; });
            res.on('end', () => resolve({ status: res.statusCode, text,
              hsts: res.headers['strict-transport-security'] }));
          }).on('error', reject);
      });
      assert.equal(body.status, 200);
      assert.match(body.hsts, /max-age=/);
      const socket = io(`https://127.0.0.1:${tls.tlsPort}/dashboard`, {
        transports: ['websocket'], forceNew: true, reconnection: false,
        auth: { token: tokens.alice }, rejectUnauthorized: false,
      });
      await new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      socket.disconnect();
    } finally {
      await tls.stop();
    }
  });

  test('a mutation through instance A reaches a socket on instance B', async () => {
    const onB = open(instances.b.port, tokens.alice);
    await onB.connected();
    const created = await api.a.call('POST', '/api/mocs', { token: tokens.alice,
      body: { title: 'Written on A', theme: 'Space' } });
    assert.equal(created.status, 201, created.text);
    await until(() => onB.seqs.length >= 4, 'the events on B');
    const v = await version(tokens.alice);
    assert.equal(onB.lastSeq, v);
    assert.ok(await metric(instances.b.port, 'dashboard_notifications_received_total') >= 1);
  });

  test('2 instances x 500 sockets, writes through both: every socket gap-free and current', async () => {
    const users = ['alice', 'bob'];
    const sockets = [];
    for (let i = 0; i < 1000; i++) {
      const port = i % 2 === 0 ? instances.a.port : instances.b.port;
      const user = users[Math.floor(i / 2) % 2];
      sockets.push({ user, client: open(port, tokens[user]) });
    }
    await Promise.all(sockets.map((s) => s.client.connected()));
    // Writers on both instances, for both users, interleaved.
    const writes = [];
    for (let i = 0; i < 40; i++) {
      const via = i % 2 === 0 ? api.a : api.b;
      const user = users[i % 4 < 2 ? 0 : 1];
      writes.push(via.call('POST', '/api/wishlist', { token: tokens[user],
        body: { name: `Load ${i}` } }));
    }
    for (const res of await Promise.all(writes)) assert.equal(res.status, 201, res.text);
    const versions = { alice: await version(tokens.alice), bob: await version(tokens.bob) };
    await until(() => sockets.every((s) => s.client.lastSeq === versions[s.user]),
      'every socket caught up', 30000);
    for (const [i, s] of sockets.entries()) {
      assertGapFree(s.client.seqs, `socket ${i} (${s.user})`);
      assert.ok(s.client.seqs.length >= 40, `socket ${i} got ${s.client.seqs.length}`);
    }
    for (const s of sockets) s.client.socket.disconnect();
  });

  test('the LISTEN connections are cut: no event is lost', async () => {
    const onB = open(instances.b.port, tokens.bob);
    await onB.connected();
    const before = await metric(instances.b.port, 'dashboard_catch_up_reads_total');
    const killed = pg.query(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity " +
      "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()");
    assert.equal(killed.length, 2, 'one LISTEN connection per instance');
    // Written on A while B is not listening: B must still deliver it.
    const res = await api.a.call('POST', '/api/wishlist', { token: tokens.bob,
      body: { name: 'While nobody listened' } });
    assert.equal(res.status, 201);
    const v = await version(tokens.bob);
    await until(() => onB.lastSeq === v, 'the event on B after the LISTEN connection came back');
    assertGapFree(onB.seqs, 'bob on B');
    await until(async () => await metric(instances.b.port, 'dashboard_listen_connected') === 1,
      'B listening again');
    assert.ok(await metric(instances.b.port, 'dashboard_catch_up_reads_total') > before);
  });

  test('kill -9 one instance mid-stream: its clients resume through HAProxy on the other', async () => {
    const viaLb = [];
    for (let i = 0; i < 40; i++) viaLb.push(open(lb.port, tokens.alice, { reconnect: true }));
    await Promise.all(viaLb.map((c) => c.connected()));
    await until(async () => await metric(instances.a.port, 'dashboard_connected_sockets') >= 5 &&
      await metric(instances.b.port, 'dashboard_connected_sockets') >= 5, 'sockets on both');

    let stop = false;
    const acknowledged = [];
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const res = await api.b.call('POST', '/api/wishlist', { token: tokens.alice,
          body: { name: `Stream ${i}` } }).catch(() => null);
        if (res?.status === 201) acknowledged.push(res.body.id);
        await sleep(20);
      }
    })();
    await sleep(500);
    instances.a.proc.kill('SIGKILL');
    try {
      await instances.a.exited;
      await sleep(1500);
      stop = true;
      await writer;

      const v = await version(tokens.alice, api.b);
      await until(() => viaLb.every((c) => c.socket.connected && c.lastSeq === v),
        'every client back and current', 30000);
      for (const [i, c] of viaLb.entries()) assertGapFree(c.seqs, `client ${i}`);
      assert.ok(viaLb.some((c) => c.connects > 1), 'clients of the killed instance reconnected');
      const view = (await api.b.call('GET', '/api/dashboard', { token: tokens.alice })).body;
      for (const c of viaLb) assert.deepEqual(c.summary, view.summary);
      const items = (await api.b.call('GET', '/api/wishlist', { token: tokens.alice })).body.items;
      const stored = new Set(items.map((item) => item.id));
      for (const id of acknowledged) assert.ok(stored.has(id), `acknowledged item ${id} stored`);
    } finally {
      stop = true;
      await writer;
      // Back to two instances for whatever runs next.
      for (const c of viaLb) c.socket.disconnect();
      instances.a = await startInstance('a');
      await lb.stop();
      lb = await startHaproxy([instances.a.port, instances.b.port]);
      api.a = apiClient(instances.a.port);
      api.lb = apiClient(lb.port);
    }
  });

  test('PostgreSQL restarts mid-stream: 503 while down, no acknowledged write lost, no hole', async () => {
    const socket = open(instances.a.port, tokens.bob);
    await socket.connected();
    const v0 = await version(tokens.bob);
    let stop = false;
    const acknowledged = [];
    const statuses = new Map();
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const via = i % 2 === 0 ? api.a : api.b;
        const res = await via.call('POST', '/api/wishlist', { token: tokens.bob,
          body: { name: `Across the restart ${i}` } });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 201) acknowledged.push(res.body.id);
        if (res.status === 503) assert.ok(res.headers.get('retry-after'));
        await sleep(25);
      }
    })();
    await sleep(400);
    await pg.down();
    await sleep(1500);
    await pg.up();
    await sleep(1500);
    stop = true;
    await writer;

    assert.ok((statuses.get(503) ?? 0) > 0, `503 while down: ${JSON.stringify([...statuses])}`);
    assert.equal(statuses.get(500) ?? 0, 0, 'never a 500');
    assert.ok(acknowledged.length > 0);
    const items = (await api.a.call('GET', '/api/wishlist', { token: tokens.bob })).body.items;
    const stored = new Set(items.map((item) => item.id));
    for (const id of acknowledged) assert.ok(stored.has(id), `acknowledged item ${id} stored`);
    const { status, events } = await api.a.eventsSince(tokens.bob, v0);
    assert.equal(status, 200);
    const v = await version(tokens.bob);
    assert.deepEqual(events.map((e) => e.seq),
      Array.from({ length: v - v0 }, (_, i) => v0 + 1 + i), 'no holes in the outbox');
    // The socket stayed open through it and caught up.
    await until(() => socket.lastSeq === v, 'the socket caught up');
    assert.equal(socket.connects, 1, 'the socket stayed open');
    assertGapFree(socket.seqs, 'bob on A');
  });
});

// Presence across two dashboard-server instances on one PostgreSQL: alice
// on instance A and bob on instance B both have board:alice open and both
// see both names (each instance writes its viewers to topic_presence, a
// 'p <topic>' NOTIFY wakes the others to re-read); bob leaving, by
// unsubscribe or disconnect, reaches alice at once; and when an instance is
// killed (SIGKILL, no goodbye) its viewers vanish for the others within
// 30 s, once its heartbeat is stale; a stopped one's (SIGTERM) at once.
// socket.io-client 4.8 as the client.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { io } from 'socket.io-client';

import { apiClient } from '../support/api_client.mjs';
import { siteDir } from '../support/paths.mjs';
import { startPostgres } from '../support/postgres.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const SECRET = 'presence-cluster-secret-'.repeat(3);
const TOPIC = 'board:alice';  // the demo shares it with bob

async function until(predicate, what, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function connect(port, token) {
  const socket = io(`http://127.0.0.1:${port}/dashboard`, {
    transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true,
  });
  socket.presence = [];
  socket.on('presence', (arg) => socket.presence.push(arg));
  // The names this socket was last shown for TOPIC (its ack, then presence events).
  socket.shown = () => socket.presence.filter((p) => p.topic === TOPIC).at(-1)?.users ?? socket.acked;
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function subscribe(socket) {
  const ack = await socket.timeout(20000).emitWithAck('subscribe', { topic: TOPIC });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  socket.acked = ack.users;
  return ack;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

describe('presence across two instances on PostgreSQL', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-presence-cluster-'));
  let pg;
  const instances = {};
  let alice;
  let bob;
  const sockets = [];

  const startInstance = (name, url) => startServer({
    site: siteDir, dataDir: path.join(work, name), name: `presence-${name}`,
    args: ['--database', url, '--jwt-secret', SECRET, '--database-pool', '4'],
  });

  before(async () => {
    pg = await startPostgres({ name: 'presence-cluster' });
    const url = await pg.createDatabase('dashboard');
    instances.url = url;
    instances.a = await startInstance('a', url);  // seeds the demo data once
    instances.b = await startInstance('b', url);
    alice = await apiClient(instances.a.port).login('alice');
    bob = await apiClient(instances.b.port).login('bob');
  });

  after(async () => {
    for (const s of sockets) s.disconnect();
    await stopServer(instances.a);
    await stopServer(instances.b);
    await stopServer(instances.c);
    await pg?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const open = async (instance, token) => {
    const s = await connect(instances[instance].port, token);
    sockets.push(s);
    return s;
  };

  test('viewers on both instances see both names; one leaving reaches the other', async () => {
    const onA = await open('a', alice);
    assert.deepEqual((await subscribe(onA)).users, ['alice']);
    const onB = await open('b', bob);
    // B's ack already names alice, whose socket is on A.
    assert.deepEqual((await subscribe(onB)).users, ['alice', 'bob']);
    await until(() => same(onA.shown(), ['alice', 'bob']), 'alice (A) sees bob (B)');

    let start = Date.now();
    const left = await onB.timeout(20000).emitWithAck('unsubscribe', { topic: TOPIC });
    assert.equal(left.ok, true);
    await until(() => same(onA.shown(), ['alice']), 'alice sees bob unsubscribe');
    console.log(`# bob's unsubscribe on B reached alice on A in ${Date.now() - start} ms`);

    await subscribe(onB);
    await until(() => same(onA.shown(), ['alice', 'bob']), 'bob back');
    start = Date.now();
    onB.disconnect();
    await until(() => same(onA.shown(), ['alice']), 'alice sees bob disconnect');
    console.log(`# bob's disconnect from B reached alice on A in ${Date.now() - start} ms`);
    onA.disconnect();
  });

  test('a killed instance\'s viewers vanish from the others within 30 s', async () => {
    const onA = await open('a', alice);
    await subscribe(onA);
    const onB = await open('b', bob);
    assert.deepEqual((await subscribe(onB)).users, ['alice', 'bob']);
    await until(() => same(onA.shown(), ['alice', 'bob']), 'alice sees bob');

    const start = Date.now();
    instances.b.proc.kill('SIGKILL');
    await instances.b.exited;
    await until(() => same(onA.shown(), ['alice']), 'bob gone after B was killed', 30000);
    const took = Date.now() - start;
    console.log(`# bob (on killed B) vanished for alice on A after ${took} ms`);
    assert.ok(took <= 30000, `${took} ms`);
    // And a newcomer on A is not shown the dead instance's viewer.
    const again = await open('a', bob);
    assert.deepEqual((await subscribe(again)).users, ['alice', 'bob']);  // bob now on A
    again.disconnect();
    await until(() => same(onA.shown(), ['alice']), 'bob (A) leaves');
  });

  test('a stopped instance\'s viewers leave at once', async () => {
    instances.c = await startInstance('c', instances.url);
    const onA = await open('a', alice);
    await subscribe(onA);
    const onC = await open('c', bob);
    assert.deepEqual((await subscribe(onC)).users, ['alice', 'bob']);
    await until(() => same(onA.shown(), ['alice', 'bob']), 'alice sees bob on C');
    const start = Date.now();
    // SIGTERM (stopServer sends SIGKILL): its sockets close, its rows are withdrawn.
    instances.c.proc.kill('SIGTERM');
    await instances.c.exited;
    await until(() => same(onA.shown(), ['alice']), 'bob gone after C stopped', 5000);
    console.log(`# bob (on stopped C) left alice's view after ${Date.now() - start} ms`);
  });
});

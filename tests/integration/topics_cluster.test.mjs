// Topic subscriptions across two dashboard-server instances on one
// PostgreSQL: a write on A reaches a topic subscriber on B (the 't <seq>
// <topic>' NOTIFY wakes B's topic hub, the topic stream carries the event),
// a resume on B replays what was written on A, and a share revoked on A
// ends the grantee's subscription on B. socket.io-client 4.8 as the client.
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

const SECRET = 'topics-cluster-secret-'.repeat(3);

async function until(predicate, what, timeoutMs = 20000) {
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
  socket.frames = [];
  socket.onAny((name, arg) => {
    if (name === 'topic:event' || name === 'unsubscribed') socket.frames.push({ name, arg });
  });
  socket.events = () => socket.frames.filter((f) => f.name === 'topic:event').map((f) => f.arg);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const subscribe = (socket, arg) => socket.timeout(20000).emitWithAck('subscribe', arg);

describe('topics across two instances on PostgreSQL', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-topics-cluster-'));
  let pg;
  const instances = {};
  let api;
  let alice;
  let bob;
  const sockets = [];

  const startInstance = (name, url) => startServer({
    site: siteDir, dataDir: path.join(work, name), name: `topics-${name}`,
    args: ['--database', url, '--jwt-secret', SECRET, '--database-pool', '4'],
  });

  before(async () => {
    pg = await startPostgres({ name: 'topics-cluster' });
    const url = await pg.createDatabase('dashboard');
    instances.a = await startInstance('a', url);  // seeds the demo data once
    instances.b = await startInstance('b', url);
    api = { a: apiClient(instances.a.port), b: apiClient(instances.b.port) };
    alice = await api.a.login('alice');
    bob = await api.b.login('bob');
  });

  after(async () => {
    for (const s of sockets) s.disconnect();
    await stopServer(instances.a);
    await stopServer(instances.b);
    await pg?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const open = async (instance, token) => {
    const s = await connect(instances[instance].port, token);
    sockets.push(s);
    return s;
  };

  test('a write on A reaches a subscriber on B; a resume on B replays writes made on A', async () => {
    const onB = await open('b', bob);
    const ack = await subscribe(onB, { topic: 'board:alice' });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    const created = await api.a.call('POST', '/api/mocs', {
      token: alice, headers: { 'x-request-id': 'cluster-add-1' },
      body: { title: 'Cluster Keep', theme: 'Castle', buildStatus: 'ADDED' },
    });
    assert.equal(created.status, 201, created.text);
    await until(() => onB.events().length === 1, 'the event on B');
    const [event] = onB.events();
    assert.equal(event.seq, ack.seq + 1);
    assert.equal(event.payload.trace_id, 'cluster-add-1');
    assert.equal(event.payload.data.entity_id, created.body.id);

    onB.disconnect();
    const moved = await api.a.call('PATCH', `/api/mocs/${created.body.id}`, {
      token: alice, headers: { 'if-match': `"${created.body.version}"`, 'x-request-id': 'cluster-move-2' },
      body: { buildStatus: 'BUILT' },
    });
    assert.equal(moved.status, 200, moved.text);
    const again = await open('b', bob);
    const resumed = await subscribe(again, { topic: 'board:alice', lastSeq: event.seq });
    assert.equal(resumed.ok, true);
    assert.equal(resumed.seq, event.seq + 1);
    assert.deepEqual(again.events().map((e) => e.payload.trace_id), ['cluster-move-2']);
  });

  test('a share revoked on A ends the grantee\'s subscription on B', async () => {
    const onB = await open('b', bob);
    assert.equal((await subscribe(onB, { topic: 'board:alice' })).ok, true);
    const shares = await api.a.call('GET', '/api/shares', { token: alice });
    const toBob = shares.body.owned.find((s) => s.grantee === 'bob');
    try {
      const revoked = await api.a.call('DELETE', `/api/shares/${toBob.id}`, { token: alice });
      assert.equal(revoked.status, 204, revoked.text);
      await until(() => onB.frames.some((f) => f.name === 'unsubscribed'), 'unsubscribed on B');
      assert.deepEqual(onB.frames.find((f) => f.name === 'unsubscribed').arg,
        { topic: 'board:alice', reason: 'ACCESS_REVOKED' });
    } finally {
      await api.a.call('POST', '/api/shares', { token: alice, body: { username: 'bob', role: 'editor' } });
    }
  });
});

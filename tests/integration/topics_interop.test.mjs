// Topic subscriptions on the /dashboard namespace against the real
// socket.io-client 4.8 (npm): subscribe / unsubscribe answered in the ack
// with the topic's seq and who is here, FORBIDDEN for a board that is not
// shared (and none of its events ever arrives), the requirements' event
// shape with the author and the REST request's X-Request-Id as trace_id,
// per-topic resume after a reconnect (replay, then live, no gap, no
// duplicate), resyncRequired, revocation ending the subscription with
// `unsubscribed`, presence, and the limits (topics per socket, subscribe
// rate). The demo shares alice's board with bob as an editor.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';

import { io } from 'socket.io-client';

import { apiClient } from '../support/api_client.mjs';
import { siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const MAX_TOPICS = 3;

// A connected client that records every topic frame in arrival order.
function connect(port, token) {
  const socket = io(`http://127.0.0.1:${port}/dashboard`, {
    transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true,
  });
  socket.frames = [];
  for (const name of ['topic:event', 'unsubscribed', 'presence', 'topic:resyncRequired']) {
    socket.on(name, (arg) => socket.frames.push({ name, arg }));
  }
  socket.topicEvents = (topic) =>
    socket.frames.filter((f) => f.name === 'topic:event' && f.arg.payload.topic === topic)
      .map((f) => f.arg);
  return socket;
}

async function until(predicate, what = 'condition', timeoutMs = 15000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what} not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function connected(socket) {
  return new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
}

const subscribe = (socket, arg) => socket.timeout(15000).emitWithAck('subscribe', arg);
const unsubscribe = (socket, arg) => socket.timeout(15000).emitWithAck('unsubscribe', arg);

describe('topic subscriptions (socket.io-client 4.8)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-topics-'));
  let server;
  let api;
  let alice;
  let bob;
  const sockets = [];
  const open = async (token) => {
    const s = connect(server.port, token);
    sockets.push(s);
    await connected(s);
    return s;
  };

  before(async () => {
    server = await startServer({ site: siteDir, dataDir,
                                 args: ['--max-topics-per-socket', String(MAX_TOPICS)] });
    api = apiClient(server.port);
    alice = await api.login('alice');
    bob = await api.login('bob');
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  after(async () => {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const newMoc = async (title) => {
    const res = await api.call('POST', '/api/mocs', {
      token: alice, body: { title, theme: 'Castle', buildStatus: 'ADDED' },
    });
    assert.equal(res.status, 201, res.text);
    return res.body;
  };
  const move = async (moc, token, requestId, buildStatus = 'BUILT') => {
    const res = await api.call('PATCH', `/api/mocs/${moc.id}`, {
      token, headers: { 'if-match': `"${moc.version}"`, 'x-request-id': requestId },
      body: { buildStatus },
    });
    assert.equal(res.status, 200, res.text);
    return res.body;
  };
  const boardSeq = async () => (await api.call('GET', '/api/board/alice', { token: alice })).body.seq;

  test('subscribe is acknowledged with the seq and who is here; events have the requirements\' shape', async () => {
    const seq = await boardSeq();
    const socket = await open(bob);
    const ack = await subscribe(socket, { topic: 'board:alice' });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    assert.equal(ack.seq, seq);
    assert.deepEqual(ack.users, ['bob']);

    const moc = await newMoc('Topic Keep');
    await move(moc, bob, 'trace-from-bob-1');
    await until(() => socket.topicEvents('board:alice').length >= 2, 'two board events');
    const [added, moved] = socket.topicEvents('board:alice');
    assert.equal(added.type, 'topic:event');
    assert.equal(added.seq, seq + 1);
    assert.equal(moved.seq, seq + 2);
    assert.equal(added.payload.event, 'ADDED');
    assert.equal(moved.payload.topic, 'board:alice');
    assert.equal(moved.payload.event, 'STATUS_CHANGED');
    assert.equal(moved.payload.data.entity_id, moc.id);
    assert.equal(moved.payload.data.payload.buildStatus, 'BUILT');
    assert.equal(typeof moved.payload.data.user_id, 'number');
    assert.equal(moved.payload.data.user_name, 'bob');
    assert.notEqual(moved.payload.data.user_id, added.payload.data.user_id);  // bob, then alice
    assert.match(moved.payload.data.timestamp, /^\d{4}-\d\d-\d\dT/);
    assert.equal(moved.payload.trace_id, 'trace-from-bob-1');
    // The same event as the REST stream has it.
    const page = await api.call('GET', `/api/topics/board:alice/events?since=${seq}`, { token: bob });
    assert.deepEqual(page.body.events, [added, moved]);

    const left = await unsubscribe(socket, { topic: 'board:alice' });
    assert.deepEqual(left, { ok: true });
    await move(await newMoc('After Leaving'), alice, 'after-leaving');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(socket.topicEvents('board:alice').length, 2);
  });

  test('an unshared board is FORBIDDEN and none of its events ever arrives', async () => {
    const socket = await open(alice);
    const refused = await subscribe(socket, { topic: 'board:bob' });
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, 'FORBIDDEN');
    assert.match(refused.error.message, /board:bob/);
    // bob's MOC topic follows bob's board.
    const bobsMoc = await api.call('POST', '/api/mocs', {
      token: bob, body: { title: 'Private', theme: 'Space', buildStatus: 'ADDED' },
    });
    assert.equal(bobsMoc.status, 201, bobsMoc.text);
    const refusedMoc = await subscribe(socket, { topic: `moc:${bobsMoc.body.id}` });
    assert.equal(refusedMoc.error.code, 'FORBIDDEN');
    // Bad arguments name the field.
    const bad = await subscribe(socket, { topic: 'nonsense' });
    assert.equal(bad.error.code, 'BAD_REQUEST');
    assert.match(bad.error.message, /^topic:/);
    const badSeq = await subscribe(socket, { topic: 'board:alice', lastSeq: -1 });
    assert.equal(badSeq.error.code, 'BAD_REQUEST');
    assert.match(badSeq.error.message, /^lastSeq:/);
    // The owner's own board is fine; bob's writes never reach alice's socket.
    assert.equal((await subscribe(socket, { topic: 'board:alice' })).ok, true);
    await api.call('PATCH', `/api/mocs/${bobsMoc.body.id}`, {
      token: bob, headers: { 'if-match': `"${bobsMoc.body.version}"` }, body: { buildStatus: 'BUILT' },
    });
    const marker = await newMoc('Marker');  // alice's own: arrives after bob's would have
    await until(() => socket.topicEvents('board:alice').some((e) => e.payload.data.entity_id === marker.id),
      'alice\'s marker');
    assert.deepEqual(socket.frames.filter((f) => f.name === 'topic:event' && f.arg.payload.topic !== 'board:alice'), []);
  });

  test('resume after a reconnect: lastSeq replays what was missed, then live, no gap, no duplicate', async () => {
    const moc = await newMoc('Resume Tower');
    const first = await open(bob);
    const ack = await subscribe(first, { topic: 'board:alice' });
    assert.equal(ack.ok, true);
    let current = await move(moc, alice, 'r1', 'IN_PROGRESS');
    await until(() => first.topicEvents('board:alice').length === 1, 'the first event');
    const lastSeen = first.topicEvents('board:alice').at(-1).seq;
    first.disconnect();
    // Missed while away.
    current = await move(current, alice, 'r2', 'BUILT');
    current = await move(current, alice, 'r3', 'ADDED');
    const second = await open(bob);
    const resumed = await subscribe(second, { topic: 'board:alice', lastSeq: lastSeen });
    assert.equal(resumed.ok, true);
    assert.equal(resumed.resyncRequired, undefined);
    assert.equal(resumed.seq, lastSeen + 2);
    // The replay came before the ack.
    assert.deepEqual(second.topicEvents('board:alice').map((e) => e.payload.trace_id), ['r2', 'r3']);
    await move(current, alice, 'r4', 'IN_PROGRESS');
    await until(() => second.topicEvents('board:alice').length === 3, 'the live event');
    const seqs = second.topicEvents('board:alice').map((e) => e.seq);
    assert.deepEqual(seqs, [lastSeen + 1, lastSeen + 2, lastSeen + 3]);
  });

  test('a resume point the stream never reached answers resyncRequired', async () => {
    const socket = await open(bob);
    const seq = await boardSeq();
    const ack = await subscribe(socket, { topic: 'board:alice', lastSeq: seq + 1000 });
    assert.equal(ack.ok, true);
    assert.equal(ack.resyncRequired, true);
    assert.equal(ack.seq, seq);
  });

  test('presence: subscribers see who is on the topic, and who left', async () => {
    const topic = `moc:${(await newMoc('Presence Hall')).id}`;  // nobody else's
    const a = await open(alice);
    const b = await open(bob);
    assert.deepEqual((await subscribe(a, { topic })).users, ['alice']);
    assert.deepEqual((await subscribe(b, { topic })).users, ['alice', 'bob']);
    await until(() => a.frames.some((f) => f.name === 'presence' && f.arg.users.length === 2), 'bob arrives');
    assert.deepEqual(a.frames.find((f) => f.name === 'presence').arg, { topic, users: ['alice', 'bob'] });
    b.disconnect();
    await until(() => {
      const last = a.frames.filter((f) => f.name === 'presence').at(-1);
      return last && last.arg.users.length === 1;
    }, 'bob leaves');
    assert.deepEqual(a.frames.filter((f) => f.name === 'presence').at(-1).arg, { topic, users: ['alice'] });
  });

  test('revoking the share ends the grantee\'s subscriptions at once; nothing later reaches him', async () => {
    const moc = await newMoc('Revoked Gate');
    const b = await open(bob);
    assert.equal((await subscribe(b, { topic: 'board:alice' })).ok, true);
    assert.equal((await subscribe(b, { topic: `moc:${moc.id}` })).ok, true);
    const owner = await open(alice);
    assert.equal((await subscribe(owner, { topic: 'board:alice' })).ok, true);

    const shares = await api.call('GET', '/api/shares', { token: alice });
    const toBob = shares.body.owned.find((s) => s.grantee === 'bob');
    try {
      const revoked = await api.call('DELETE', `/api/shares/${toBob.id}`, { token: alice });
      assert.equal(revoked.status, 204, revoked.text);
      await until(() => b.frames.filter((f) => f.name === 'unsubscribed').length === 2, 'two unsubscribed');
      const ended = b.frames.filter((f) => f.name === 'unsubscribed').map((f) => f.arg);
      assert.deepEqual(ended.map((e) => e.topic).sort(), ['board:alice', `moc:${moc.id}`].sort());
      assert.ok(ended.every((e) => e.reason === 'ACCESS_REVOKED'));
      const eventsBefore = b.frames.filter((f) => f.name === 'topic:event').length;
      await move(moc, alice, 'after-revoke');
      await until(() => owner.topicEvents('board:alice').some((e) => e.payload.trace_id === 'after-revoke'),
        'the owner sees the move');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(b.frames.filter((f) => f.name === 'topic:event').length, eventsBefore);
      // And a new subscribe is refused.
      assert.equal((await subscribe(b, { topic: 'board:alice' })).error.code, 'FORBIDDEN');
      // The owner saw bob go.
      assert.deepEqual(owner.frames.filter((f) => f.name === 'presence').at(-1).arg.users, ['alice']);
    } finally {
      const again = await api.call('POST', '/api/shares', { token: alice, body: { username: 'bob', role: 'editor' } });
      assert.ok(again.status === 201 || again.status === 200, again.text);
    }
  });

  test('limits: topics per socket and the subscribe rate are refused in the ack', async () => {
    const socket = await open(alice);
    const mocs = [];
    for (let i = 0; i < MAX_TOPICS; ++i) mocs.push(await newMoc(`Limit ${i}`));
    for (const moc of mocs) assert.equal((await subscribe(socket, { topic: `moc:${moc.id}` })).ok, true);
    const over = await subscribe(socket, { topic: 'board:alice' });
    assert.equal(over.ok, false);
    assert.equal(over.error.code, 'TOO_MANY_TOPICS');
    // Subscribing again to one it holds is not a new topic.
    assert.equal((await subscribe(socket, { topic: `moc:${mocs[0].id}` })).ok, true);
    // Leaving one makes room.
    await unsubscribe(socket, { topic: `moc:${mocs[1].id}` });
    assert.equal((await subscribe(socket, { topic: 'board:alice' })).ok, true);

    // A burst of subscribes past the bucket (20) on a fresh socket.
    const burst = await open(alice);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => subscribe(burst, { topic: 'board:alice' })));
    const limited = answers.filter((a) => a.ok === false);
    assert.ok(limited.length > 0, 'some subscribes are rate limited');
    assert.ok(limited.every((a) => a.error.code === 'RATE_LIMITED'), JSON.stringify(limited[0]));
    assert.ok(answers.some((a) => a.ok === true));
    assert.equal(burst.connected, true);  // refused, not disconnected
  });
});

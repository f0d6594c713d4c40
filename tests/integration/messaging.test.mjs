// Messages and notifications over the JSON API and the live stream, with
// the real socket.io-client 4.8 as the peer: message:new and
// notification:* arrive in the envelope {eventId, type, timestamp, seq,
// payload} under the user's one seq; nobody gets another user's messages;
// paging, validation, read sync, preferences, announcements (API for
// admins, and `dashboard-server announce`).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { io } from 'socket.io-client';

import { apiClient, assertApiError } from '../support/api_client.mjs';
import { serverBin, siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// A socket that records every event (any name) with its envelope.
function connect(port, token) {
  const socket = io(`http://127.0.0.1:${port}/dashboard`, {
    transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true,
  });
  socket.received = [];
  socket.onAny((type, envelope) => socket.received.push({ type, envelope }));
  return socket;
}

async function until(predicate, what, timeoutMs = 15000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const connected = (socket) => new Promise((resolve, reject) => {
  socket.once('connect', resolve);
  socket.once('connect_error', reject);
});

describe('messages and notifications (API + socket.io-client 4.8)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-msg-'));
  let server;
  let api;
  let alice;
  let bob;
  let carol;
  const sockets = [];
  const open = async (token) => {
    const s = connect(server.port, token);
    sockets.push(s);
    await connected(s);
    return s;
  };

  before(async () => {
    server = await startServer({ site: siteDir, dataDir });
    api = apiClient(server.port);
    alice = await api.login('alice');
    bob = await api.login('bob');
    // A third person, written straight into the database the way another
    // service would, and a token from the server's own CLI.
    execFileSync('sqlite3', [path.join(dataDir, 'dashboard.db'),
      "INSERT INTO users (username, password_hash, created_at, role) " +
      "VALUES ('carol', 'x', '2026-01-01T00:00:00Z', 'member')"]);
    carol = execFileSync(serverBin, ['token', '--user', 'carol', '--data-dir', dataDir])
      .toString().trim().split('\n').at(-1);
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a message reaches both participants live in the envelope, and nobody else', async () => {
    const [aliceSocket, bobSocket, carolSocket] = [await open(alice), await open(bob), await open(carol)];
    const bobV0 = (await api.call('GET', '/api/dashboard', { token: bob })).body.version;
    const sent = await api.call('POST', '/api/conversations/bob/messages', { token: alice,
      body: { text: 'Shall we build the rover?\nSaturday 🧱', clientId: 'tab1-1' } });
    assert.equal(sent.status, 201, sent.text);
    assert.equal(sent.body.from, 'alice');
    assert.equal(sent.body.to, 'bob');
    assert.equal(sent.body.clientId, 'tab1-1');
    assert.equal(sent.body.seq, 1);

    await until(() => bobSocket.received.length >= 2, 'bob\'s events');
    assert.deepEqual(bobSocket.received.map((e) => e.type), ['message:new', 'notification:message']);
    bobSocket.received.forEach(({ type, envelope }, i) => {
      assert.equal(envelope.type, type);
      assert.equal(envelope.seq, bobV0 + 1 + i);
      assert.match(envelope.eventId, UUID_V4);
      assert.ok(!Number.isNaN(Date.parse(envelope.timestamp)));
    });
    const live = bobSocket.received[0].envelope.payload;
    assert.deepEqual(live.message, sent.body);
    assert.equal(live.with, 'alice');
    assert.equal(live.unread, 1);
    assert.equal(live.unreadTotal, 1);
    const note = bobSocket.received[1].envelope.payload;
    assert.equal(note.notification.kind, 'message');
    assert.equal(note.notification.actor, 'alice');
    assert.equal(note.notification.link, '/messages/alice');

    // The sender's other tabs get it too (with the clientId that confirms it).
    await until(() => aliceSocket.received.some((e) => e.type === 'message:new'), 'alice\'s copy');
    assert.equal(aliceSocket.received.find((e) => e.type === 'message:new').envelope.payload.message.clientId,
      'tab1-1');
    // Carol, connected all along, got nothing of it; her own message arrives.
    const carolSent = await api.call('POST', '/api/conversations/alice/messages',
      { token: carol, body: { text: 'hello from carol' } });
    assert.equal(carolSent.status, 201);
    await until(() => carolSocket.received.length >= 1, 'carol\'s copy');
    assert.deepEqual(carolSocket.received.map((e) => e.type), ['message:new']);
    assert.equal(carolSocket.received[0].envelope.payload.message.text, 'hello from carol');
    await until(() => aliceSocket.received.filter((e) => e.type === 'message:new').length >= 2, 'alice gets carol\'s');
    assert.ok(!bobSocket.received.some((e) => JSON.stringify(e.envelope).includes('hello from carol')));
    // And carol cannot read alice and bob's conversation: hers with alice is another.
    const carolView = await api.call('GET', '/api/conversations/alice/messages', { token: carol });
    assert.deepEqual(carolView.body.items.map((m) => m.text), ['hello from carol']);
    // The live events are the outbox: gap repair returns the same envelopes.
    const repaired = await api.eventsSince(bob, bobV0);
    assert.deepEqual(repaired.events.slice(0, 2).map((e) => e.type), ['message:new', 'notification:message']);
    assert.deepEqual(repaired.events[0].payload, live);
  });

  test('reading a conversation clears its unread count in every tab of the reader', async () => {
    const tab1 = await open(bob);
    const tab2 = await open(bob);
    const before = await api.call('GET', '/api/conversations', { token: bob });
    assert.equal(before.status, 200);
    assert.equal(before.body.items[0].with, 'alice');
    assert.ok(before.body.unreadTotal >= 1);
    const read = await api.call('POST', '/api/conversations/alice/read', { token: bob });
    assert.equal(read.status, 200, read.text);
    assert.equal(read.body.unreadTotal, 0);
    for (const tab of [tab1, tab2]) {
      await until(() => tab.received.some((e) => e.type === 'message:read'), 'message:read');
      assert.equal(tab.received.find((e) => e.type === 'message:read').envelope.payload.unreadTotal, 0);
      await until(() => tab.received.some((e) => e.type === 'notifications:read'), 'notifications:read');
    }
    const after = await api.call('GET', '/api/conversations', { token: bob });
    assert.equal(after.body.items.find((c) => c.with === 'alice').unread, 0);
  });

  test('messages page newest last with an opaque cursor', async () => {
    for (let i = 1; i <= 5; i++) {
      const r = await api.call('POST', '/api/conversations/alice/messages',
        { token: bob, body: { text: `page ${i}` } });
      assert.equal(r.status, 201);
    }
    const last = await api.call('GET', '/api/conversations/alice/messages?limit=2', { token: bob });
    assert.deepEqual(last.body.items.map((m) => m.text), ['page 4', 'page 5']);
    assert.equal(typeof last.body.nextCursor, 'string');
    const older = await api.call('GET',
      `/api/conversations/alice/messages?limit=2&cursor=${last.body.nextCursor}`, { token: bob });
    assert.deepEqual(older.body.items.map((m) => m.text), ['page 2', 'page 3']);
    assertApiError(await api.call('GET', '/api/conversations/alice/messages?limit=0', { token: bob }),
      400, 'VALIDATION_FAILED', /limit/);
    assertApiError(await api.call('GET', '/api/conversations/alice/messages?cursor=x', { token: bob }),
      400, 'VALIDATION_FAILED', /cursor/);
  });

  test('bad sends are refused with the field named, and nothing is stored', async () => {
    assertApiError(await api.call('POST', '/api/conversations/nobody/messages',
      { token: alice, body: { text: 'hi' } }), 404, 'NOT_FOUND', /nobody/);
    assertApiError(await api.call('GET', '/api/conversations/nobody/messages', { token: alice }),
      404, 'NOT_FOUND', /nobody/);
    assertApiError(await api.call('POST', '/api/conversations/alice/messages',
      { token: alice, body: { text: 'me' } }), 400, 'VALIDATION_FAILED', /yourself/);
    assertApiError(await api.call('POST', '/api/conversations/bob/messages',
      { token: alice, body: { text: '   \n' } }), 400, 'VALIDATION_FAILED', /text/);
    assertApiError(await api.call('POST', '/api/conversations/bob/messages',
      { token: alice, body: { text: 'é'.repeat(2001) } }), 400, 'VALIDATION_FAILED', /text: .*2000/);
    assertApiError(await api.call('POST', '/api/conversations/bob/messages',
      { token: alice, body: {} }), 400, 'VALIDATION_FAILED', /text/);
    assertApiError(await api.call('POST', '/api/conversations/bob/messages',
      { token: alice, rawBody: 'text=hi', contentType: 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    assertApiError(await api.call('GET', '/api/conversations'), 401, 'UNAUTHORIZED');
    // 2000 characters is the limit, not past it.
    const max = await api.call('POST', '/api/conversations/bob/messages',
      { token: alice, body: { text: 'é'.repeat(2000) } });
    assert.equal(max.status, 201);
  });

  test('notifications: list, mark one and all read (live), preferences synced', async () => {
    const tab = await open(bob);
    const list = await api.call('GET', '/api/notifications?limit=50', { token: bob });
    assert.equal(list.status, 200);
    assert.ok(list.body.items.length >= 1);
    const newest = list.body.items[0];
    const one = await api.call('POST', `/api/notifications/${newest.id}/read`, { token: bob });
    assert.equal(one.status, 200, one.text);
    assertApiError(await api.call('POST', `/api/notifications/${newest.id}/read`, { token: alice }),
      404, 'NOT_FOUND');
    const all = await api.call('POST', '/api/notifications/read', { token: bob, body: { through: newest.id } });
    assert.equal(all.body.unread, 0);

    const prefs = await api.call('GET', '/api/notifications/preferences', { token: bob });
    assert.deepEqual(prefs.body.preferences.message, { toast: true, sound: false, browser: false });
    const put = await api.call('PUT', '/api/notifications/preferences', { token: bob,
      body: { preferences: { message: { toast: false, sound: true } } } });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.body.preferences.message, { toast: false, sound: true, browser: false });
    await until(() => tab.received.some((e) => e.type === 'notifications:preferences'), 'preferences event');
    assert.deepEqual(tab.received.find((e) => e.type === 'notifications:preferences').envelope.payload,
      put.body);
    assertApiError(await api.call('PUT', '/api/notifications/preferences', { token: bob,
      body: { preferences: { message: { sound: 'yes' } } } }), 400, 'VALIDATION_FAILED',
    /preferences\.message\.sound/);
    assertApiError(await api.call('PUT', '/api/notifications/preferences', { token: bob,
      body: { preferences: { weather: {} } } }), 400, 'VALIDATION_FAILED', /preferences\.weather/);
  });

  test('announcements: admins only over the API, and the CLI', async () => {
    const tab = await open(bob);
    assertApiError(await api.call('POST', '/api/announcements', { token: bob, body: { text: 'no' } }),
      403, 'FORBIDDEN');
    const posted = await api.call('POST', '/api/announcements', { token: alice,
      body: { text: 'Maintenance tonight at 22:00' } });
    assert.equal(posted.status, 201, posted.text);
    assert.equal(posted.body.notified, 3);
    await until(() => tab.received.some((e) => e.type === 'notification:announcement'), 'announcement');
    const live = tab.received.find((e) => e.type === 'notification:announcement').envelope;
    assert.equal(live.payload.notification.text, 'Maintenance tonight at 22:00');
    assert.equal(live.payload.notification.kind, 'announcement');

    const out = execFileSync(serverBin, ['announce', 'Back up again', '--data-dir', dataDir]).toString();
    assert.match(out, /announced to 3 users/);
    const list = await api.call('GET', '/api/notifications', { token: carol });
    assert.equal(list.body.items[0].text, 'Back up again');
  });

  test('a change to a board shared with you is a notification:boardChanged', async () => {
    const tab = await open(bob);
    const share = await api.call('POST', '/api/shares', { token: alice, body: { username: 'bob', role: 'viewer' } });
    assert.equal(share.status, 201, share.text);
    const moc = await api.call('POST', '/api/mocs', { token: alice,
      body: { title: 'Shared Tower', theme: 'City', coveragePercentage: 40, partsCoverageStatus: 'PARTIAL_ORDERED' } });
    assert.equal(moc.status, 201);
    await until(() => tab.received.some((e) => e.type === 'notification:boardChanged'), 'boardChanged');
    const note = tab.received.find((e) => e.type === 'notification:boardChanged').envelope.payload.notification;
    assert.equal(note.link, '/board/alice');
    assert.match(note.text, /Shared Tower/);

    // Full coverage notifies the owner.
    const aliceTab = await open(alice);
    const patched = await api.call('PATCH', `/api/mocs/${moc.body.id}`, { token: alice,
      body: { partsCoverageStatus: 'FULL_INVENTORY', coveragePercentage: 100 } });
    assert.equal(patched.status, 200, patched.text);
    await until(() => aliceTab.received.some((e) => e.type === 'notification:coverageComplete'), 'coverage');
  });
});

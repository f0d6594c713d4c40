// GET /api/events/missed?since=<RFC 3339 timestamp> (issue 15): the events a
// client missed, for one that kept only the time of the last event it saw.
// A socket.io-client 4.8 peer sees a MOC change, goes away for 30 s while
// MOCs change (alice's, bob's moves on her shared board, and, to prove they
// stay out, bob's own), bob writes to her, comes back and
// asks by timestamp: it gets exactly what it missed, in seq order, the same
// as the seq-based GET /api/events. Plus the errors: 400 naming `since`,
// 410 before the retention horizon.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';

import { io } from 'socket.io-client';

import { apiClient, assertApiError } from '../support/api_client.mjs';
import { siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const RETENTION_SECONDS = 3600;

// A socket.io-client on `token`'s stream; resolves once connected, with the
// envelopes it receives from then on.
async function peer(port, token) {
  const socket = io(`http://127.0.0.1:${port}/dashboard`,
    { transports: ['websocket'], auth: { token }, reconnection: false });
  const envelopes = [];
  socket.onAny((name, envelope) => {
    if (envelope && typeof envelope.seq === 'number') envelopes.push(envelope);
  });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, envelopes };
}

async function until(predicate, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('GET /api/events/missed', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-missed-'));
  let server;
  let api;
  let alice;
  let bob;

  before(async () => {
    server = await startServer({ site: siteDir, dataDir,
      args: ['--event-retention-seconds', String(RETENTION_SECONDS)] });
    api = apiClient(server.port);
    alice = await api.login('alice');
    bob = await api.login('bob');
  });

  after(async () => {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a malformed or missing since is a 400 naming since', async () => {
    for (const since of ['yesterday', '2026-02-30T10:00:00Z', '1700000000', '']) {
      const res = await api.call('GET', `/api/events/missed?since=${encodeURIComponent(since)}`,
        { token: alice });
      assertApiError(res, 400, 'VALIDATION_FAILED', /^since: /);
    }
    assertApiError(await api.call('GET', '/api/events/missed', { token: alice }),
      400, 'VALIDATION_FAILED', /^since: is required/);
    const now = new Date().toISOString();
    assertApiError(await api.call('GET', `/api/events/missed?since=${now}&limit=0`, { token: alice }),
      400, 'VALIDATION_FAILED', /^limit: /);
    assert.equal((await api.call('GET', `/api/events/missed?since=${now}`)).status, 401);
    assert.equal((await api.call('POST', `/api/events/missed?since=${now}`,
      { token: alice, body: {} })).status, 405);
  });

  test('an instant before the retention horizon is 410; one inside it is complete', async () => {
    const old = new Date(Date.now() - (RETENTION_SECONDS + 60) * 1000).toISOString();
    assertApiError(await api.call('GET', `/api/events/missed?since=${old}`, { token: alice }),
      410, 'GONE', /^since: events before .* are no longer kept/);
    // Just inside it: everything since, gap-free up to the last seq.
    const recent = new Date(Date.now() - (RETENTION_SECONDS - 60) * 1000).toISOString();
    const moc = (await api.call('GET', '/api/dashboard', { token: alice })).body.recentMocs[0];
    assert.equal((await api.call('PATCH', `/api/mocs/${moc.id}`,
      { token: alice, body: { buildStatus: 'BUILT' } })).status, 200);
    const res = await api.call('GET', `/api/events/missed?since=${recent}&limit=1000`, { token: alice });
    assert.equal(res.status, 200, res.text);
    const seqs = res.body.events.map((e) => e.seq);
    assert.ok(seqs.length > 0);
    assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i));
    assert.equal(seqs.at(-1), res.body.lastSeq);
    for (const e of res.body.events) assert.ok(e.timestamp > recent);
  });

  test('across a 30 s disconnect: exactly the events missed, in seq order', { timeout: 120000 }, async () => {
    const moc = (await api.call('GET', '/api/dashboard', { token: alice })).body.recentMocs[0];
    const bobMoc = (await api.call('GET', '/api/dashboard', { token: bob })).body.recentMocs[0];

    // Connected: one change arrives live; its timestamp is all this client keeps.
    const first = await peer(server.port, alice);
    const patched = await api.call('PATCH', `/api/mocs/${moc.id}`,
      { token: alice, body: { buildStatus: 'IN_PROGRESS' } });
    assert.equal(patched.status, 200, patched.text);
    const lastSeen = (await api.call('GET', '/api/dashboard', { token: alice })).body.version;
    await until(() => first.envelopes.some((e) => e.seq === lastSeen), `seq ${lastSeen} live`);
    const keptTime = first.envelopes.find((e) => e.seq === lastSeen).timestamp;
    first.socket.close();

    // 30 s away, while alice's MOCs change and bob's too; bob, an editor of
    // her shared board, moves one of her cards and writes to her.
    const shared = (await api.call('GET', '/api/dashboard', { token: alice })).body.recentMocs[1];
    const away = Date.now();
    const statuses = ['BUILT', 'ADDED', 'IN_PROGRESS'];
    for (let i = 0; Date.now() - away < 30000; ++i) {
      const res = await api.call('PATCH', `/api/mocs/${moc.id}`,
        { token: alice, body: { buildStatus: statuses[i % statuses.length] } });
      assert.equal(res.status, 200, res.text);
      if (i === 2) {
        const created = await api.call('POST', '/api/mocs', { token: alice, body: {
          title: 'Built While Away', theme: 'Space', buildStatus: 'ADDED', partsCoverageStatus: 'NONE' } });
        assert.equal(created.status, 201, created.text);
      }
      assert.equal((await api.call('PATCH', `/api/mocs/${bobMoc.id}`,
        { token: bob, body: { buildStatus: statuses[i % statuses.length] } })).status, 200);
      const moved = await api.call('PATCH', `/api/mocs/${shared.id}`,
        { token: bob, body: { buildStatus: statuses[(i + 1) % statuses.length] } });
      assert.equal(moved.status, 200, moved.text);
      const sent = await api.call('POST', '/api/conversations/alice/messages',
        { token: bob, body: { text: `While you were away ${i}` } });
      assert.equal(sent.status, 201, sent.text);
      await sleep(5000);
    }

    // Back: a new socket gets live events only; what was missed comes by time.
    const second = await peer(server.port, alice);
    try {
      const res = await api.call('GET', `/api/events/missed?since=${encodeURIComponent(keptTime)}&limit=1000`,
        { token: alice });
      assert.equal(res.status, 200, res.text);
      const missed = res.body.events;
      const bySeq = await api.eventsSince(alice, lastSeen);
      assert.equal(bySeq.status, 200);
      assert.ok(bySeq.events.length >= 12, `${bySeq.events.length} events while away`);
      assert.deepEqual(missed, bySeq.events);
      assert.deepEqual(missed.map((e) => e.seq), missed.map((_, i) => lastSeen + 1 + i));
      assert.equal(res.body.lastSeq, missed.at(-1).seq);
      for (const e of missed) assert.ok(e.timestamp > keptTime, `${e.timestamp} after ${keptTime}`);
      assert.ok(missed.some((e) => e.type === 'dashboard:mocAdded' && e.payload.title === 'Built While Away'));
      // Bob's moves on her board and his messages are hers to catch up on.
      assert.ok(missed.some((e) => e.type === 'dashboard:mocUpdated' && e.payload.id === shared.id),
        JSON.stringify(missed.map((e) => e.type)));
      const texts = missed.filter((e) => e.type === 'message:new').map((e) => e.payload.message.text);
      assert.ok(texts.length >= 6 && texts.every((t, i) => t === `While you were away ${i}`), JSON.stringify(texts));
      assert.ok(missed.some((e) => e.type === 'notification:message'));
      // Bob's changes are bob's: none of his MOC's events are in alice's answer.
      assert.ok(!JSON.stringify(missed).includes(bobMoc.id));

      // The same instant written with an offset (an unencoded '+' included).
      const ms = Date.parse(keptTime);
      const plusOne = new Date(ms + 3600000).toISOString().replace('Z', '+01:00');
      const offset = await api.call('GET', `/api/events/missed?since=${plusOne}&limit=1000`, { token: alice });
      assert.equal(offset.status, 200, offset.text);
      assert.deepEqual(offset.body.events, missed);

      // Paging: a short page, continued by seq.
      const page = await api.call('GET', `/api/events/missed?since=${encodeURIComponent(keptTime)}&limit=3`,
        { token: alice });
      assert.deepEqual(page.body.events, missed.slice(0, 3));
    } finally {
      second.socket.close();
    }
  });
});

// The build board's REST side against a real dashboard-server: a board's
// cards for its owner and for whoever it is shared with (the demo shares
// alice's board with bob as an editor), shares created, listed and revoked
// with the field named in a 400 (and left by a grantee), the per-topic streams (board:<owner>,
// moc:<id>) that every change writes with its author and the request's
// X-Request-Id as trace_id, gap repair of a topic with ?since=, and a
// revoked grantee who is refused from then on.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { apiClient, assertApiError as assertError } from '../support/api_client.mjs';
import { siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

describe('board API', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-board-'));
  let server;
  let api;
  let alice;
  let bob;

  before(async () => {
    server = await startServer({ site: siteDir, dataDir });
    api = apiClient(server.port);
    alice = await api.login('alice');
    bob = await api.login('bob');
  });
  after(async () => {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const topicEvents = (topic, since, token = alice, extra = '') =>
    api.call('GET', `/api/topics/${encodeURIComponent(topic)}/events?since=${since}${extra}`, { token });

  test('the owner and an editor see the same board; its cards carry ranks in order', async () => {
    const own = await api.call('GET', '/api/board/alice', { token: alice });
    assert.equal(own.status, 200, own.text);
    assert.equal(own.body.owner, 'alice');
    assert.equal(own.body.role, 'owner');
    assert.ok(own.body.cards.length > 0);
    assert.ok(own.body.cards.every((c) => typeof c.boardRank === 'string' && c.boardRank.length > 0));
    const shared = await api.call('GET', '/api/board/alice', { token: bob });
    assert.equal(shared.status, 200, shared.text);
    assert.equal(shared.body.role, 'editor');
    assert.deepEqual(shared.body.cards.map((c) => c.id).sort(), own.body.cards.map((c) => c.id).sort());
    assertError(await api.call('GET', '/api/board/nobody', { token: alice }), 404, 'NOT_FOUND', /nobody/);
    assertError(await api.call('POST', '/api/board/alice', { token: alice, body: {} }), 405, 'METHOD_NOT_ALLOWED');
    assertError(await api.call('GET', '/api/board/alice'), 401, 'UNAUTHORIZED');
  });

  test('a move by the editor is one event on the board topic and one on the card, traced', async () => {
    const created = await api.call('POST', '/api/mocs', {
      token: alice, body: { title: 'Board Card', theme: 'Space', buildStatus: 'ADDED' },
    });
    assert.equal(created.status, 201, created.text);
    const card = created.body;
    // A new MOC's own topic starts with its ADDED.
    const ownTopic = await topicEvents(`moc:${card.id}`, 0);
    assert.equal(ownTopic.status, 200, ownTopic.text);
    assert.deepEqual(ownTopic.body.events.map((e) => e.payload.event), ['ADDED']);
    const mocBefore = ownTopic.body.lastSeq;
    const since = (await api.call('GET', '/api/board/alice', { token: alice })).body.seq;
    const moved = await api.call('PATCH', `/api/mocs/${card.id}`, {
      token: bob,
      headers: { 'if-match': `"${card.version}"`, 'x-request-id': 'move-from-bob-1' },
      body: { buildStatus: 'BUILT', boardRank: 'zz' },
    });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.headers.get('x-request-id'), 'move-from-bob-1');
    assert.equal(moved.body.boardRank, 'zz');

    const page = await topicEvents('board:alice', since);
    assert.equal(page.status, 200, page.text);
    assert.equal(page.body.topic, 'board:alice');
    assert.equal(page.body.events.length, 1, page.text);
    const [event] = page.body.events;
    assert.equal(event.type, 'topic:event');
    assert.equal(event.seq, since + 1);
    assert.equal(page.body.lastSeq, since + 1);
    assert.equal(event.payload.topic, 'board:alice');
    assert.equal(event.payload.event, 'STATUS_CHANGED');
    assert.equal(event.payload.trace_id, 'move-from-bob-1');
    assert.equal(event.payload.data.entity_id, card.id);
    assert.equal(event.payload.data.user_name, 'bob');
    assert.equal(event.payload.data.payload.boardRank, 'zz');
    const onCard = await topicEvents(`moc:${card.id}`, mocBefore);
    assert.equal(onCard.body.events.length, 1, onCard.text);
    assert.equal(onCard.body.events[0].payload.trace_id, 'move-from-bob-1');

    // Without a usable X-Request-Id the server makes one up and still echoes it.
    const generated = await api.call('PATCH', `/api/mocs/${card.id}`, {
      token: alice,
      // Not a plain token: replaced by one of the server's, never trusted into the stream.
      headers: { 'if-match': `"${moved.body.version}"`, 'x-request-id': 'not "a" token' },
      body: { title: 'Renamed on the board' },
    });
    assert.equal(generated.status, 200, generated.text);
    const id = generated.headers.get('x-request-id');
    assert.match(id ?? '', /^[0-9a-f-]{16,}$/);
    const renamed = (await topicEvents('board:alice', since + 1)).body.events;
    assert.equal(renamed.at(-1).payload.event, 'UPDATED');
    assert.equal(renamed.at(-1).payload.trace_id, id);
  });

  test('gap repair pages through a topic; bad queries name the parameter', async () => {
    const board = (await api.call('GET', '/api/board/alice', { token: alice })).body;
    const card = board.cards[1];
    let version = card.version;
    for (const title of ['Gap one', 'Gap two', 'Gap three']) {
      const res = await api.call('PATCH', `/api/mocs/${card.id}`, {
        token: alice, headers: { 'if-match': `"${version}"` }, body: { title },
      });
      assert.equal(res.status, 200, res.text);
      version = res.body.version;
    }
    const all = await topicEvents('board:alice', board.seq);
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(all.body.events.map((e) => e.seq), [board.seq + 1, board.seq + 2, board.seq + 3]);
    assert.deepEqual(all.body.events.map((e) => e.payload.data.payload.title), ['Gap one', 'Gap two', 'Gap three']);
    const paged = await topicEvents('board:alice', board.seq, alice, '&limit=1');
    assert.deepEqual(paged.body.events.map((e) => e.seq), [board.seq + 1]);
    assert.equal(paged.body.lastSeq, board.seq + 3);
    // Past the end: the client's position is not one this stream issued.
    assertError(await topicEvents('board:alice', board.seq + 4), 410, 'GONE', /read the topic afresh/);
    assertError(await api.call('GET', '/api/topics/board%3Aalice/events', { token: alice }), 400,
      'VALIDATION_FAILED', /^since:/);
    assertError(await topicEvents('board:alice', -1), 400, 'VALIDATION_FAILED', /^since:/);
    assertError(await topicEvents('board:alice', 0, alice, '&limit=0'), 400, 'VALIDATION_FAILED', /^limit:/);
    assertError(await topicEvents('weather:today', 0), 404, 'NOT_FOUND', /topic/);
    assertError(await topicEvents('moc:no-such-moc', 0), 404, 'NOT_FOUND');
  });

  test('shares: listed from both sides, the 400 names the field, and a revoked editor is refused', async () => {
    const mine = await api.call('GET', '/api/shares', { token: alice });
    assert.equal(mine.status, 200, mine.text);
    const toBob = mine.body.owned.find((s) => s.grantee === 'bob');
    assert.ok(toBob, mine.text);
    assert.equal(toBob.role, 'editor');
    const his = await api.call('GET', '/api/shares', { token: bob });
    assert.deepEqual(his.body.received.map((s) => s.id), [toBob.id]);

    assertError(await api.call('POST', '/api/shares', { token: alice, body: { username: 'bob', role: 'admin' } }),
      400, 'VALIDATION_FAILED', /^role:/);
    assertError(await api.call('POST', '/api/shares', { token: alice, body: { role: 'viewer' } }),
      400, 'VALIDATION_FAILED', /^username:/);
    assertError(await api.call('POST', '/api/shares', { token: alice, body: { username: 'nobody', role: 'viewer' } }),
      404, 'NOT_FOUND', /^username:/);
    assertError(await api.call('POST', '/api/shares', { token: alice, body: { username: 'alice', role: 'viewer' } }),
      400, 'VALIDATION_FAILED');
    assertError(await api.call('DELETE', '/api/shares/no-such-share', { token: alice }), 404, 'NOT_FOUND');

    // The grantee may leave a board shared with them; the stream says who left.
    let boardSeq = (await api.call('GET', '/api/board/alice', { token: alice })).body.seq;
    const left = await api.call('DELETE', `/api/shares/${toBob.id}`, { token: bob });
    assert.equal(left.status, 204, left.text);
    let stream = (await topicEvents('board:alice', boardSeq)).body.events;
    assert.equal(stream.at(-1).payload.event, 'ACCESS_REVOKED', JSON.stringify(stream));
    assert.equal(stream.at(-1).payload.data.user_name, 'bob');
    assertError(await api.call('GET', '/api/board/alice', { token: bob }), 403, 'FORBIDDEN', /not shared/);

    // Shared again, then revoked by the owner: refused from then on.
    const reshared = await api.call('POST', '/api/shares', { token: alice, body: { username: 'bob', role: 'editor' } });
    assert.equal(reshared.status, 201, reshared.text);
    assert.equal((await api.call('GET', '/api/board/alice', { token: bob })).body.role, 'editor');
    boardSeq = (await api.call('GET', '/api/board/alice', { token: alice })).body.seq;
    const revoked = await api.call('DELETE', `/api/shares/${reshared.body.id}`, { token: alice });
    assert.equal(revoked.status, 204, revoked.text);
    assertError(await api.call('DELETE', `/api/shares/${reshared.body.id}`, { token: alice }), 404, 'NOT_FOUND');
    // The board's stream says so, for any socket of bob's still subscribed.
    stream = (await topicEvents('board:alice', boardSeq)).body.events;
    assert.equal(stream.at(-1).payload.event, 'ACCESS_REVOKED', JSON.stringify(stream));
    assert.equal(stream.at(-1).payload.data.user_name, 'alice');
    assertError(await api.call('GET', '/api/board/alice', { token: bob }), 403, 'FORBIDDEN', /not shared/);
    assertError(await topicEvents('board:alice', 0, bob), 403, 'FORBIDDEN');
    const card = (await api.call('GET', '/api/board/alice', { token: alice })).body.cards[2];
    const refused = await api.call('PATCH', `/api/mocs/${card.id}`, {
      token: bob, headers: { 'if-match': `"${card.version}"` }, body: { buildStatus: 'ADDED' },
    });
    assert.ok([403, 404].includes(refused.status), refused.text);

    // Shared again, as a viewer: reads yes, writes no.
    const again = await api.call('POST', '/api/shares', { token: alice, body: { username: 'bob', role: 'viewer' } });
    assert.equal(again.status, 201, again.text);
    assert.equal(again.body.role, 'viewer');
    assert.equal((await api.call('GET', '/api/board/alice', { token: bob })).body.role, 'viewer');
    const readOnly = await api.call('PATCH', `/api/mocs/${card.id}`, {
      token: bob, headers: { 'if-match': `"${card.version}"` }, body: { buildStatus: 'ADDED' },
    });
    assert.ok([403, 404].includes(readOnly.status), readOnly.text);
  });
});

// The JSON API against a real dashboard-server and a real SQLite file:
// every endpoint, every error code, the events each mutation emits, and
// isolation between the demo users alice and bob.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { apiClient, assertApiError as assertError } from '../support/api_client.mjs';
import { serverBin, siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('JSON API', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-api-'));
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

  test('login returns a token and its expiry; wrong credentials get one 401 message', async () => {
    const ok = await api.call('POST', '/api/auth/login', {
      body: { username: 'alice', password: 'alice-bricks' },
    });
    assert.equal(ok.status, 200);
    assert.match(ok.body.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.match(ok.body.expiresAt, RFC3339);
    assert.deepEqual(ok.body.user.username, 'alice');
    const wrong = await api.call('POST', '/api/auth/login', {
      body: { username: 'alice', password: 'nope' },
    });
    const unknown = await api.call('POST', '/api/auth/login', {
      body: { username: 'mallory', password: 'nope' },
    });
    assertError(wrong, 401, 'UNAUTHORIZED', /invalid username or password/);
    assert.deepEqual(unknown.body, wrong.body);
    assertError(await api.call('POST', '/api/auth/login', { body: { username: 'alice' } }), 400,
      'VALIDATION_FAILED', /^password: is required$/);
  });

  test('the snapshot is the demo collection, newest MOCs first', async () => {
    const res = await api.call('GET', '/api/dashboard', { token: alice });
    assert.equal(res.status, 200);
    const view = res.body;
    assert.ok(Number.isInteger(view.version) && view.version > 0);
    assert.equal(view.summary.totalMocs, 64);
    const byBuild = Object.values(view.summary.mocsByBuildStatus).reduce((a, b) => a + b, 0);
    const byCoverage = Object.values(view.summary.mocsByCoverageStatus).reduce((a, b) => a + b, 0);
    assert.equal(byBuild, 64);
    assert.equal(byCoverage, 64);
    assert.ok(view.themeBreakdown.length >= 8, 'at least 8 themes');
    assert.equal(view.themeBreakdown.reduce((a, t) => a + t.mocCount, 0), 64);
    assert.equal(view.recentMocs.length, 10);
    const created = view.recentMocs.map((m) => Date.parse(m.createdAt));
    assert.deepEqual(created, [...created].sort((a, b) => b - a), 'newest first');
    assert.equal(view.partialPartsMocs.length, view.summary.mocsByCoverageStatus.PARTIAL_ORDERED);
    // A believable collection: several partly-ordered MOCs, not all at one coverage.
    assert.ok(view.partialPartsMocs.length >= 3, 'some PARTIAL_ORDERED MOCs');
    assert.ok(new Set(view.partialPartsMocs.map((m) => m.coveragePercentage)).size >= 3,
      'varied coverage');
    for (const m of view.partialPartsMocs) {
      assert.ok(m.coveragePercentage >= 0 && m.coveragePercentage <= 100);
      assert.match(m.lastUpdatedAt, RFC3339);
    }
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });

  test('tokens: missing, malformed, badly signed and foreign are 401', async () => {
    assertError(await api.call('GET', '/api/dashboard'), 401, 'UNAUTHORIZED', /missing/);
    assertError(await api.call('GET', '/api/dashboard', { headers: { authorization: 'Basic x' } }),
      401, 'UNAUTHORIZED', /Bearer/);
    assertError(await api.call('GET', '/api/dashboard', { token: 'not.a.jwt' }), 401, 'UNAUTHORIZED');
    const [h, p, s] = alice.split('.');
    const forged = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    assertError(await api.call('GET', '/api/dashboard', { token: forged }), 401, 'UNAUTHORIZED',
      /signature/);
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
    assertError(await api.call('GET', '/api/dashboard', { token: none }), 401, 'UNAUTHORIZED',
      /algorithm/);
  });

  test("asking for another user's data is 403", async () => {
    const me = await api.call('GET', '/api/auth/login', {});
    assert.equal(me.status, 405);
    const own = JSON.parse(Buffer.from(alice.split('.')[1], 'base64url')).sub;
    assert.equal((await api.call('GET', `/api/dashboard?userId=${own}`, { token: alice })).status, 200);
    assertError(await api.call('GET', `/api/dashboard?userId=${Number(own) + 1}`, { token: alice }),
      403, 'FORBIDDEN', /userId/);
    assertError(await api.call('GET', '/api/dashboard?userId=abc', { token: alice }), 400,
      'VALIDATION_FAILED', /userId/);
    // Every route, not just the snapshot: another user's events or MOCs.
    for (const [method, path] of [['GET', '/api/events?since=0'], ['GET', '/api/mocs/x'],
      ['DELETE', '/api/wishlist/x']]) {
      const sep = path.includes('?') ? '&' : '?';
      assertError(await api.call(method, `${path}${sep}userId=${Number(own) + 1}`, { token: alice }),
        403, 'FORBIDDEN', /userId/);
    }
  });

  test('a new PARTIAL_ORDERED MOC emits exactly the slices it moved, as the snapshot shows them', async () => {
    const before = (await api.call('GET', '/api/dashboard', { token: alice })).body;
    const created = await api.call('POST', '/api/mocs', {
      token: alice,
      body: { title: 'Test Rover', theme: 'Space', partsCoverageStatus: 'PARTIAL_ORDERED',
              coveragePercentage: 42.5, coverImageUrl: null, unknownField: true },
    });
    assert.equal(created.status, 201, created.text);
    assert.match(created.body.id, UUID_V4);
    assert.equal(created.body.buildStatus, 'ADDED');
    assert.equal(created.body.coveragePercentage, 42.5);

    const after = (await api.call('GET', '/api/dashboard', { token: alice })).body;
    const { events } = await api.eventsSince(alice, before.version);
    // The entity first (the collection pages), then the slices it moved.
    assert.deepEqual(events.map((e) => e.type), [
      'dashboard:mocAdded', 'dashboard:recentMocAdded', 'dashboard:summaryUpdated',
      'dashboard:themeBreakdownUpdated', 'dashboard:partialPartsUpdated',
    ]);
    assert.deepEqual(events.map((e) => e.seq), [1, 2, 3, 4, 5].map((i) => before.version + i));
    assert.equal(after.version, before.version + 5);
    for (const e of events) {
      assert.match(e.eventId, UUID_V4);
      assert.match(e.timestamp, RFC3339);
    }
    assert.deepEqual(events[0].payload, created.body);
    assert.deepEqual(events[1].payload, after.recentMocs[0]);
    assert.equal(events[1].payload.id, created.body.id);
    assert.deepEqual(events[2].payload, after.summary);
    assert.deepEqual(events[3].payload, after.themeBreakdown);
    assert.deepEqual(events[4].payload, after.partialPartsMocs);
    assert.equal(after.summary.totalMocs, before.summary.totalMocs + 1);
  });

  test('a coverage change updates only the partial parts slice', async () => {
    const moc = (await api.call('POST', '/api/mocs', {
      token: alice, body: { title: 'Coverage Probe', theme: 'Castle',
                            partsCoverageStatus: 'PARTIAL_ORDERED', coveragePercentage: 10 },
    })).body;
    const v0 = (await api.call('GET', '/api/dashboard', { token: alice })).body.version;
    const patched = await api.call('PATCH', `/api/mocs/${moc.id}`, {
      token: alice, body: { coveragePercentage: 85 },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.coveragePercentage, 85);
    const { events } = await api.eventsSince(alice, v0);
    assert.deepEqual(events.map((e) => e.type),
      ['dashboard:mocUpdated', 'dashboard:partialPartsUpdated']);
    assert.deepEqual(events[0].payload, patched.body);
    assert.equal(events[1].payload.find((m) => m.id === moc.id).coveragePercentage, 85);

    const status = await api.call('PATCH', `/api/mocs/${moc.id}`, {
      token: alice, body: { buildStatus: 'BUILT' },
    });
    assert.equal(status.status, 200);
    const more = await api.eventsSince(alice, v0 + 2);
    assert.deepEqual(more.events.map((e) => e.type), [
      'dashboard:mocUpdated', 'dashboard:recentMocsUpdated', 'dashboard:summaryUpdated',
      'dashboard:partialPartsUpdated',
    ]);
  });

  test('invalid bodies are 400 naming the field and the rule; nothing is stored', async () => {
    const v0 = (await api.call('GET', '/api/dashboard', { token: alice })).body.version;
    const cases = [
      [{ theme: 'Space' }, /^title: is required$/],
      [{ title: '', theme: 'Space' }, /^title: must not be empty$/],
      [{ title: 'x'.repeat(201), theme: 'Space' }, /^title: must be at most 200 characters$/],
      [{ title: 'A', theme: 'Space', buildStatus: 'DONE' }, /^buildStatus: must be one of/],
      [{ title: 'A', theme: 'Space', coveragePercentage: 101 }, /^coveragePercentage: must be a number between 0 and 100$/],
      [{ title: 'A', theme: 'Space', coverImageUrl: 'javascript:alert(1)' }, /^coverImageUrl: /],
      [[1, 2], /must be an object/],
    ];
    for (const [body, pattern] of cases) {
      assertError(await api.call('POST', '/api/mocs', { token: alice, body }), 400,
        'VALIDATION_FAILED', pattern);
    }
    assertError(await api.call('POST', '/api/mocs', { token: alice, rawBody: '{"title":' }), 400,
      'VALIDATION_FAILED', /invalid JSON/);
    assertError(await api.call('PATCH', '/api/mocs/whatever', { token: alice, body: {} }), 400,
      'VALIDATION_FAILED', /at least one/);
    assert.equal((await api.call('GET', '/api/dashboard', { token: alice })).body.version, v0);
  });

  test('content type, size, method and path errors', async () => {
    assertError(await api.call('POST', '/api/mocs', { token: alice, rawBody: 'title=A',
      contentType: 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const huge = JSON.stringify({ title: 'A', theme: 'B', pad: 'x'.repeat(2 * 1024 * 1024) });
    const tooBig = await api.call('POST', '/api/mocs', { token: alice, rawBody: huge });
    assert.equal(tooBig.status, 413);
    const put = await api.call('PUT', '/api/mocs/abc', { token: alice, body: {} });
    assertError(put, 405, 'METHOD_NOT_ALLOWED');
    assert.equal(put.headers.get('allow'), 'GET, PATCH, DELETE');
    assertError(await api.call('GET', '/api/nothing-here', { token: alice }), 404, 'NOT_FOUND');
    assertError(await api.call('GET', '/api/mocs/no-such-moc', { token: alice }), 404, 'NOT_FOUND');
  });

  // (The demo shares alice's board with bob, not bob's with alice: bob's
  // things are private to him.)
  test("another user's MOC, item or set is 403 and untouched", async () => {
    const moc = (await api.call('POST', '/api/mocs', { token: bob,
      body: { title: 'Private', theme: 'City' } })).body;
    assertError(await api.call('GET', `/api/mocs/${moc.id}`, { token: alice }), 403, 'FORBIDDEN');
    assertError(await api.call('PATCH', `/api/mocs/${moc.id}`, { token: alice,
      body: { title: 'Hijacked' } }), 403, 'FORBIDDEN');
    assertError(await api.call('DELETE', `/api/mocs/${moc.id}`, { token: alice }), 403, 'FORBIDDEN');
    const item = (await api.call('POST', '/api/wishlist', { token: bob, body: { name: 'X' } })).body;
    assertError(await api.call('DELETE', `/api/wishlist/${item.id}`, { token: alice }), 403, 'FORBIDDEN');
    assert.equal((await api.call('GET', `/api/mocs/${moc.id}`, { token: bob })).body.title, 'Private');
  });

  test("bob's dashboard and events never show alice's changes", async () => {
    const bobBefore = (await api.call('GET', '/api/dashboard', { token: bob })).body;
    await api.call('POST', '/api/mocs', { token: alice, body: { title: 'Alice Only', theme: 'Pirates' } });
    const bobAfter = (await api.call('GET', '/api/dashboard', { token: bob })).body;
    assert.deepEqual(bobAfter, bobBefore);
    // Only a notice that his shared board changed (alice's is shared with him).
    const { events } = await api.eventsSince(bob, bobBefore.version);
    assert.ok(events.every((e) => e.type === 'notification:boardChanged'), JSON.stringify(events));
  });

  test('wishlist and sets: add returns the object, delete 204, events follow', async () => {
    const v0 = (await api.call('GET', '/api/dashboard', { token: alice })).body.version;
    const item = await api.call('POST', '/api/wishlist', { token: alice,
      body: { name: '10497 Galaxy Explorer', setNumber: '10497-1' } });
    assert.equal(item.status, 201);
    assert.equal(item.body.setNumber, '10497-1');
    const set = await api.call('POST', '/api/sets', { token: alice,
      body: { setNumber: '6080-1', name: "King's Castle", theme: 'Castle' } });
    assert.equal(set.status, 201);
    assert.equal((await api.call('DELETE', `/api/wishlist/${item.body.id}`, { token: alice })).status, 204);
    assert.equal((await api.call('DELETE', `/api/sets/${set.body.id}`, { token: alice })).status, 204);
    const { events } = await api.eventsSince(alice, v0);
    assert.deepEqual(events.map((e) => e.type), [
      'dashboard:wishlistItemAdded', 'dashboard:summaryUpdated', 'dashboard:themeBreakdownUpdated',
      'dashboard:wishlistItemRemoved', 'dashboard:summaryUpdated',
      'dashboard:themeBreakdownUpdated',
    ]);
    assert.deepEqual(events[0].payload, item.body);
    assert.deepEqual(events[3].payload, { id: item.body.id });
    assertError(await api.call('DELETE', `/api/sets/${set.body.id}`, { token: alice }), 404, 'NOT_FOUND');
    assertError(await api.call('POST', '/api/sets', { token: alice, body: { name: 'x', theme: 'y' } }),
      400, 'VALIDATION_FAILED', /^setNumber: is required$/);
  });

  test('events: paging, validation and 410 for seqs the server cannot serve', async () => {
    const v = (await api.call('GET', '/api/dashboard', { token: alice })).body.version;
    const page = await api.call('GET', `/api/events?since=${v - 3}&limit=2`, { token: alice });
    assert.equal(page.status, 200);
    assert.deepEqual(page.body.events.map((e) => e.seq), [v - 2, v - 1]);
    assert.equal(page.body.lastSeq, v);
    assertError(await api.call('GET', '/api/events', { token: alice }), 400, 'VALIDATION_FAILED', /^since: is required$/);
    assertError(await api.call('GET', '/api/events?since=-1', { token: alice }), 400, 'VALIDATION_FAILED', /^since:/);
    assertError(await api.call('GET', `/api/events?since=0&limit=0`, { token: alice }), 400, 'VALIDATION_FAILED', /^limit:/);
    assertError(await api.call('GET', `/api/events?since=${v + 5}`, { token: alice }), 410, 'GONE');
    // The demo history is months old, past the 72 h retention: pruned at start.
    assertError(await api.call('GET', '/api/events?since=0', { token: alice }), 410, 'GONE');
  });

  test('DELETE removes a MOC and emits its slices', async () => {
    const moc = (await api.call('POST', '/api/mocs', { token: alice,
      body: { title: 'Short Lived', theme: 'Trains' } })).body;
    const v0 = (await api.call('GET', '/api/dashboard', { token: alice })).body.version;
    assert.equal((await api.call('DELETE', `/api/mocs/${moc.id}`, { token: alice })).status, 204);
    assertError(await api.call('GET', `/api/mocs/${moc.id}`, { token: alice }), 404, 'NOT_FOUND');
    const { events } = await api.eventsSince(alice, v0);
    assert.deepEqual(events.map((e) => e.type), [
      'dashboard:mocDeleted', 'dashboard:recentMocsUpdated', 'dashboard:summaryUpdated',
      'dashboard:themeBreakdownUpdated',
    ]);
    assert.deepEqual(events[0].payload, { id: moc.id });
    const view = (await api.call('GET', '/api/dashboard', { token: alice })).body;
    assert.ok(!view.recentMocs.some((m) => m.id === moc.id));
  });
});

// The first start is judged by the users table, not by the database file:
// `dashboard-server token` run first on an empty data dir creates the file.
test('a first start after a failed `token` call still seeds the demo users', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-token-first-'));
  try {
    const token = spawnSync(serverBin, ['token', '--user', 'alice', '--data-dir', dataDir],
      { encoding: 'utf8' });
    assert.notEqual(token.status, 0);
    assert.match(token.stderr, /no user named alice/);
    const server = await startServer({ site: siteDir, dataDir });
    try {
      const api = apiClient(server.port);
      const view = (await api.call('GET', '/api/dashboard', { token: await api.login('alice') })).body;
      assert.equal(view.summary.totalMocs, 64);
    } finally {
      await stopServer(server);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

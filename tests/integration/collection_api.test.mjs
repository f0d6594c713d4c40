// The collection pages' API against a real dashboard-server: the MOC list
// (filters, orders, cursor pages, 400s naming the parameter), versions
// with ETag / If-Match and the 409 that carries the current MOC, delete and
// restore, the wishlist and theme lists, and the field named in a 400.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { apiClient, assertApiError as assertError } from '../support/api_client.mjs';
import { siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

describe('collection API', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-collection-'));
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

  // Every item of a listing, following nextCursor.
  async function everyPage(query, token = alice) {
    const items = [];
    let cursor = '';
    for (let pages = 0; pages < 200; pages++) {
      const res = await api.call('GET', `/api/mocs?${query}${cursor ? `&cursor=${cursor}` : ''}`,
        { token });
      assert.equal(res.status, 200, res.text);
      items.push(...res.body.items);
      if (!res.body.nextCursor) return { items, total: res.body.total, version: res.body.version };
      cursor = res.body.nextCursor;
    }
    throw new Error('too many pages');
  }

  test('the list pages through every MOC once, in each order', async () => {
    const dashboard = (await api.call('GET', '/api/dashboard', { token: alice })).body;
    const all = await everyPage('limit=7');
    assert.equal(all.items.length, dashboard.summary.totalMocs);
    assert.equal(all.total, dashboard.summary.totalMocs);
    assert.equal(all.version, dashboard.version);
    assert.equal(new Set(all.items.map((m) => m.id)).size, all.items.length, 'no repeats');
    // Default: newest first.
    const created = all.items.map((m) => m.createdAt);
    assert.deepEqual(created, [...created].sort().reverse());

    for (const sort of ['title', '-title', 'updated', '-coverage']) {
      const { items } = await everyPage(`limit=9&sort=${sort}`);
      assert.equal(items.length, all.items.length, sort);
      const key = {
        title: (m) => m.title.toLowerCase(), updated: (m) => m.updatedAt,
        coverage: (m) => m.coveragePercentage,
      }[sort.replace('-', '')];
      for (let i = 1; i < items.length; i++) {
        const [a, b] = [key(items[i - 1]), key(items[i])];
        assert.ok(sort.startsWith('-') ? a >= b : a <= b, `${sort}: ${a} then ${b}`);
      }
    }
  });

  test('filters narrow the list and its total; every MOC has its fields and version', async () => {
    const space = await everyPage('theme=Space&buildStatus=BUILT&limit=3');
    assert.ok(space.items.length > 0);
    for (const m of space.items) {
      assert.equal(m.theme, 'Space');
      assert.equal(m.buildStatus, 'BUILT');
      assert.ok(Number.isInteger(m.version) && m.version >= 1);
      for (const field of ['id', 'title', 'partsCoverageStatus', 'coveragePercentage',
        'coverImageUrl', 'createdAt', 'updatedAt']) {
        assert.ok(field in m, field);
      }
    }
    assert.equal(space.total, space.items.length);
    const search = await everyPage('q=tOwEr&coverageStatus=PARTIAL_ORDERED');
    for (const m of search.items) {
      assert.match(m.title, /tower/i);
      assert.equal(m.partsCoverageStatus, 'PARTIAL_ORDERED');
    }
    const none = await api.call('GET', '/api/mocs?q=no-such-title-anywhere', { token: alice });
    assert.deepEqual([none.body.items, none.body.total, none.body.nextCursor], [[], 0, null]);
    // Bob's list is his own.
    const bobs = await everyPage('limit=50', bob);
    const alices = new Set((await everyPage('limit=500')).items.map((m) => m.id));
    assert.ok(bobs.items.every((m) => !alices.has(m.id)));
  });

  test('bad list parameters are 400s that name the parameter', async () => {
    const cases = [
      ['limit=0', /^limit: must be an integer from 1 to 500$/, 'limit'],
      ['limit=abc', /^limit:/, 'limit'],
      ['sort=price', /^sort: must be one of title, created, updated, coverage/, 'sort'],
      ['buildStatus=DONE', /^buildStatus: must be one of ADDED, IN_PROGRESS, BUILT$/, 'buildStatus'],
      ['coverageStatus=x', /^coverageStatus:/, 'coverageStatus'],
      ['cursor=zz', /^cursor: is not a cursor this server issued$/, 'cursor'],
    ];
    for (const [query, message, field] of cases) {
      const res = await api.call('GET', `/api/mocs?${query}`, { token: alice });
      assertError(res, 400, 'VALIDATION_FAILED', message);
      assert.equal(res.body.error.field, field, query);
    }
    // A cursor belongs to its filter and sort.
    const first = await api.call('GET', '/api/mocs?limit=2&sort=title', { token: alice });
    const other = await api.call('GET',
      `/api/mocs?limit=2&sort=-title&cursor=${first.body.nextCursor}`, { token: alice });
    assertError(other, 400, 'VALIDATION_FAILED', /^cursor: was made for another filter or sort/);
  });

  test('ETag and If-Match: a stale edit is a 409 carrying the current MOC', async () => {
    const created = await api.call('POST', '/api/mocs', { token: alice,
      body: { title: 'Versioned Keep', theme: 'Castle' } });
    assert.equal(created.status, 201);
    assert.equal(created.body.version, 1);
    assert.equal(created.headers.get('etag'), '"1"');
    const id = created.body.id;
    const got = await api.call('GET', `/api/mocs/${id}`, { token: alice });
    assert.equal(got.headers.get('etag'), '"1"');

    const first = await api.call('PATCH', `/api/mocs/${id}`, { token: alice,
      headers: { 'if-match': '"1"' }, body: { buildStatus: 'IN_PROGRESS' } });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.version, 2);
    assert.equal(first.headers.get('etag'), '"2"');

    const stale = await api.call('PATCH', `/api/mocs/${id}`, { token: alice,
      headers: { 'if-match': '"1"' }, body: { title: 'Lost update' } });
    assertError(stale, 409, 'CONFLICT', /changed since version 1 \(now 2\)/);
    assert.deepEqual(stale.body.error.current, first.body);
    assertError(await api.call('DELETE', `/api/mocs/${id}`, { token: alice,
      headers: { 'if-match': '"1"' } }), 409, 'CONFLICT');
    assertError(await api.call('PATCH', `/api/mocs/${id}`, { token: alice,
      headers: { 'if-match': 'soon' }, body: { title: 'x' } }), 400, 'VALIDATION_FAILED',
    /^If-Match:/);
    assert.equal((await api.call('GET', `/api/mocs/${id}`, { token: alice })).body.title,
      'Versioned Keep');
  });

  test('a 400 on a body field names the field for the form', async () => {
    const res = await api.call('POST', '/api/mocs', { token: alice,
      body: { title: 'Bad numbers', theme: 'City', coveragePercentage: 150 } });
    assertError(res, 400, 'VALIDATION_FAILED',
      /^coveragePercentage: must be a number between 0 and 100$/);
    assert.equal(res.body.error.field, 'coveragePercentage');
  });

  test('import: every MOC in one request, or none with the element named', async () => {
    const before = (await api.call('GET', '/api/dashboard', { token: bob })).body.summary.totalMocs;
    const bad = await api.call('POST', '/api/mocs/import', { token: bob, body: { mocs: [
      { title: 'Fine', theme: 'City' }, { title: '', theme: 'City' }] } });
    assertError(bad, 400, 'VALIDATION_FAILED', /^mocs\[1\]\.title: /);
    assertError(await api.call('POST', '/api/mocs/import', { token: bob, body: { mocs: [] } }),
      400, 'VALIDATION_FAILED', /^mocs: must hold 1 to 1000 MOCs$/);
    assertError(await api.call('POST', '/api/mocs/import', { token: bob, body: {} }),
      400, 'VALIDATION_FAILED', /^mocs: is required/);
    assertError(await api.call('GET', '/api/mocs/import', { token: bob }), 405, 'METHOD_NOT_ALLOWED');
    assert.equal((await api.call('GET', '/api/dashboard', { token: bob })).body.summary.totalMocs,
      before, 'a refused import adds nothing');

    const mocs = Array.from({ length: 250 }, (_, i) => ({ title: `Imported ${i}`, theme: 'Trains',
      buildStatus: i % 2 ? 'BUILT' : 'ADDED' }));
    const res = await api.call('POST', '/api/mocs/import', { token: bob, body: { mocs } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.imported, 250);
    assert.equal(res.body.ids.length, 250);
    const first = await api.call('GET', `/api/mocs/${res.body.ids[0]}`, { token: bob });
    assert.equal(first.body.title, 'Imported 0');
    assert.equal((await api.call('GET', '/api/dashboard', { token: bob })).body.summary.totalMocs,
      before + 250);
    assertError(await api.call('GET', `/api/mocs/${res.body.ids[1]}`, { token: alice }), 403,
      'FORBIDDEN');
  });

  test('delete, then restore within the window: same id, version + 1, events both ways', async () => {
    const moc = (await api.call('POST', '/api/mocs', { token: alice,
      body: { title: 'Undo Me', theme: 'Trains' } })).body;
    const v0 = (await api.call('GET', '/api/dashboard', { token: alice })).body.version;
    assert.equal((await api.call('DELETE', `/api/mocs/${moc.id}`, { token: alice,
      headers: { 'if-match': `"${moc.version}"` } })).status, 204);
    assertError(await api.call('GET', `/api/mocs/${moc.id}`, { token: alice }), 404, 'NOT_FOUND');
    assertError(await api.call('POST', `/api/mocs/${moc.id}/restore`, { token: bob }), 403,
      'FORBIDDEN');
    const restored = await api.call('POST', `/api/mocs/${moc.id}/restore`, { token: alice });
    assert.equal(restored.status, 200, restored.text);
    assert.equal(restored.body.id, moc.id);
    assert.equal(restored.body.version, moc.version + 1);
    assertError(await api.call('POST', `/api/mocs/${moc.id}/restore`, { token: alice }), 409,
      'CONFLICT');
    const { events } = await api.eventsSince(alice, v0);
    assert.equal(events[0].type, 'dashboard:mocDeleted');
    const added = events.find((e) => e.type === 'dashboard:mocAdded');
    assert.deepEqual(added.payload, restored.body);
  });

  test('wishlist and themes', async () => {
    const item = await api.call('POST', '/api/wishlist', { token: alice,
      body: { name: 'Newest wish', setNumber: '21330-1' } });
    const list = await api.call('GET', '/api/wishlist', { token: alice });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items[0], item.body);
    assert.ok(Number.isInteger(list.body.version));
    const themes = await api.call('GET', '/api/themes', { token: alice });
    assert.equal(themes.status, 200);
    const sorted = [...themes.body.themes]
      .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    assert.deepEqual(themes.body.themes, sorted);
    assert.ok(themes.body.themes.includes('Castle'));
    assertError(await api.call('GET', '/api/themes'), 401, 'UNAUTHORIZED');
    assertError(await api.call('PUT', '/api/themes', { token: alice }), 405, 'METHOD_NOT_ALLOWED');
  });
});

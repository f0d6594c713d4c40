// Idempotency-Key on mutating requests, on both stores: a POST whose
// connection is cut after the server did the work, retried with the same
// key, gives one MOC and the first answer; the same key with another body is
// a 422; identical requests racing with one key make one MOC; a refused
// request keeps no key; keys belong to their user.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { apiClient, assertApiError } from '../support/api_client.mjs';
import { sleep } from '../support/live_client.mjs';
import { siteDir } from '../support/paths.mjs';
import { startPostgres } from '../support/postgres.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

// Sends the request and closes the connection without reading the answer,
// after giving the server `holdMs` to do the work: the client never learns
// whether it happened.
function postAndCut(port, { target, token, key, body, holdMs = 300 }) {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`POST ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `Authorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
        `Idempotency-Key: ${key}\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`);
      setTimeout(() => { socket.destroy(); resolve(); }, holdMs);
    });
    socket.on('error', reject);
  });
}

async function titled(api, token, title) {
  const res = await api.call('GET', `/api/mocs?q=${encodeURIComponent(title)}&limit=100`, { token });
  assert.equal(res.status, 200, res.text);
  return res.body.items.filter((m) => m.title === title);
}

for (const engine of ['sqlite', 'postgres']) {
  describe(`Idempotency-Key (${engine})`, () => {
    const work = mkdtempSync(path.join(os.tmpdir(), `dashboard-idem-${engine}-`));
    let pg;
    let server;
    let api;
    let alice;
    let bob;

    before(async () => {
      const args = [];
      if (engine === 'postgres') {
        pg = await startPostgres({ name: 'idempotency' });
        args.push('--database', await pg.createDatabase('dashboard'));
      }
      server = await startServer({ site: siteDir, dataDir: work, name: `idem-${engine}`, args });
      api = apiClient(server.port);
      alice = await api.login('alice');
      bob = await api.login('bob');
    });

    after(async () => {
      await stopServer(server);
      await pg?.stop();
      rmSync(work, { recursive: true, force: true });
    });

    const post = (token, key, body) => api.call('POST', '/api/mocs',
      { token, body, headers: key ? { 'idempotency-key': key } : {} });

    test('a retry after a cut connection returns the first answer and makes one MOC', async () => {
      const body = { title: `Cut Tower ${engine}`, theme: 'Castle' };
      await postAndCut(server.port, { target: '/api/mocs', token: alice, key: 'cut-1', body });
      const retry = await post(alice, 'cut-1', body);
      assert.equal(retry.status, 201, retry.text);
      assert.equal(retry.headers.get('idempotent-replayed'), 'true');
      const again = await post(alice, 'cut-1', body);
      assert.deepEqual(again.body, retry.body, 'every replay is the first answer');
      const mocs = await titled(api, alice, body.title);
      assert.equal(mocs.length, 1);
      assert.equal(mocs[0].id, retry.body.id);
    });

    test('the same key with another body is a 422 that changes nothing', async () => {
      const first = await post(alice, 'reuse-1', { title: `Reuse A ${engine}`, theme: 'Space' });
      assert.equal(first.status, 201, first.text);
      const other = await post(alice, 'reuse-1', { title: `Reuse B ${engine}`, theme: 'Space' });
      assertApiError(other, 422, 'IDEMPOTENCY_KEY_REUSED', /Idempotency-Key/);
      assert.equal((await titled(api, alice, `Reuse B ${engine}`)).length, 0);
    });

    test('identical requests racing with one key make one MOC', async () => {
      const body = { title: `Race Keep ${engine}`, theme: 'Castle' };
      const answers = await Promise.all(Array.from({ length: 6 }, () => post(alice, 'race-1', body)));
      const created = answers.filter((a) => a.status === 201);
      assert.ok(created.length >= 1, answers.map((a) => a.status).join());
      for (const a of answers) assert.ok(a.status === 201 || a.status === 409, `${a.status} ${a.text}`);
      for (const a of created) assert.equal(a.body.id, created[0].body.id);
      assert.equal((await titled(api, alice, body.title)).length, 1);
      // Once the first has answered, the others' retries are replays.
      assert.equal((await post(alice, 'race-1', body)).body.id, created[0].body.id);
    });

    test('a refused request keeps no key; keys belong to their user; no key, no memory', async () => {
      const refused = await post(alice, 'fix-1', { title: '', theme: 'Castle' });
      assert.equal(refused.status, 400, refused.text);
      const fixed = await post(alice, 'fix-1', { title: `Fixed ${engine}`, theme: 'Castle' });
      assert.equal(fixed.status, 201, fixed.text);
      assert.equal(fixed.headers.get('idempotent-replayed'), null);

      const bobs = await post(bob, 'fix-1', { title: `Fixed ${engine}`, theme: 'Castle' });
      assert.equal(bobs.status, 201);
      assert.equal(bobs.headers.get('idempotent-replayed'), null, "bob's key is his own");

      const plain = { title: `Twice ${engine}`, theme: 'Town' };
      assert.equal((await post(alice, null, plain)).status, 201);
      assert.equal((await post(alice, null, plain)).status, 201);
      assert.equal((await titled(api, alice, plain.title)).length, 2);

      assertApiError(await post(alice, 'x'.repeat(256), plain), 400, 'INVALID_IDEMPOTENCY_KEY',
        /Idempotency-Key/);
    });

    test('a DELETE retried with its key answers as the first time did', async () => {
      const moc = (await post(alice, null, { title: `Doomed ${engine}`, theme: 'Town' })).body;
      const del = () => api.call('DELETE', `/api/mocs/${moc.id}`,
        { token: alice, headers: { 'idempotency-key': 'del-1' } });
      const first = await del();
      assert.equal(first.status, 204, first.text);
      await sleep(10);
      const second = await del();
      assert.equal(second.status, 204, 'not a 404: the retry is the first answer');
      assert.equal(second.headers.get('idempotent-replayed'), 'true');
    });
  });
}

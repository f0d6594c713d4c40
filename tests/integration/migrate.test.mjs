// `dashboard-server migrate --from DATA_DIR --to postgres://...`: a SQLite
// collection moves to PostgreSQL whole (users with their roles, MOCs, sets,
// wishlist, the outbox with its seqs, messages, notifications and
// preferences), so a server on PostgreSQL serves the same snapshot, the same
// events after a client's last seq, the same inbox and bell, and accepts
// tokens the old server signed. An empty target only; a failed copy leaves
// nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { apiClient } from '../support/api_client.mjs';
import { serverBin, siteDir } from '../support/paths.mjs';
import { startPostgres } from '../support/postgres.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

describe('migrate from SQLite to PostgreSQL', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-migrate-'));
  let pg;
  after(async () => {
    await pg?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('copies everything, keeps seqs and tokens, and refuses a non-empty target', async () => {
    const dataDir = path.join(work, 'sqlite');
    let server = await startServer({ site: siteDir, dataDir });
    let api = apiClient(server.port);
    const token = await api.login('alice');
    const moc = (await api.call('POST', '/api/mocs', { token,
      body: { title: 'Moved house', theme: 'City', partsCoverageStatus: 'PARTIAL_ORDERED',
              coveragePercentage: 33.3 } })).body;
    await api.call('DELETE', `/api/mocs/${moc.id}`, { token });
    await api.call('POST', `/api/mocs/${moc.id}/restore`, { token });
    // bob's side of a conversation: one message read, one not, the bell, a preference.
    const bob = await api.login('bob');
    for (const text of ['first', 'second']) {
      assert.equal((await api.call('POST', '/api/conversations/bob/messages',
        { token, body: { text } })).status, 201);
      if (text === 'first') await api.call('POST', '/api/conversations/alice/read', { token: bob });
    }
    assert.equal((await api.call('PUT', '/api/notifications/preferences', { token: bob,
      body: { preferences: { message: { toast: false, sound: true, browser: false } } } })).status, 200);
    const inbox = async (api) => ({
      conversations: (await api.call('GET', '/api/conversations', { token: bob })).body,
      thread: (await api.call('GET', '/api/conversations/alice/messages', { token: bob })).body,
      notifications: (await api.call('GET', '/api/notifications', { token: bob })).body,
      preferences: (await api.call('GET', '/api/notifications/preferences', { token: bob })).body,
    });
    const bobs = await inbox(api);
    assert.equal(bobs.conversations.unreadTotal, 1);
    const before = (await api.call('GET', '/api/dashboard', { token })).body;
    const since = before.version - 6;
    const events = (await api.call('GET', `/api/events?since=${since}`, { token })).body;
    const wishlist = (await api.call('GET', '/api/wishlist', { token })).body;
    await stopServer(server);

    pg = await startPostgres({ name: 'migrate' });
    const url = await pg.createDatabase('dashboard');
    const run = spawnSync(serverBin, ['migrate', '--from', dataDir, '--to', url],
      { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /copied \d+ rows of mocs/);
    assert.match(run.stdout, /copied the token signing secret/);

    server = await startServer({ site: siteDir, dataDir: path.join(work, 'pg-instance'),
      args: ['--database', url] });
    api = apiClient(server.port);
    try {
      // The old token still works: the secret came along.
      const after = await api.call('GET', '/api/dashboard', { token });
      assert.equal(after.status, 200, after.text);
      assert.deepEqual(after.body, before);
      assert.deepEqual((await api.call('GET', `/api/events?since=${since}`, { token })).body,
        events);
      assert.deepEqual((await api.call('GET', '/api/wishlist', { token })).body, wishlist);
      assert.deepEqual(await inbox(api), bobs);
      // alice is still an admin (announcements are theirs alone), bob is not.
      assert.equal((await api.call('POST', '/api/announcements', { token: bob,
        body: { text: 'no' } })).status, 403);
      assert.equal((await api.call('POST', '/api/announcements', { token,
        body: { text: 'Moved to PostgreSQL' } })).status, 201);
      // New notifications continue after the copied ids.
      const bell = (await api.call('GET', '/api/notifications', { token: bob })).body;
      assert.equal(bell.items[0].text, 'Moved to PostgreSQL');
      assert.ok(bell.items[0].id > bobs.notifications.items[0].id);
      const moved = await api.call('GET', `/api/mocs/${moc.id}`, { token });
      assert.equal(moved.body.version, 2);  // created, then restored
      // New users continue after the copied ids.
      const next = await api.call('POST', '/api/mocs', { token,
        body: { title: 'After the move', theme: 'City' } });
      assert.equal(next.status, 201);
    } finally {
      await stopServer(server);
    }

    const again = spawnSync(serverBin, ['migrate', '--from', dataDir, '--to', url],
      { encoding: 'utf8' });
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /already has users; migrate into an empty one/);
  });
});

// `dashboard-server migrate --from DATA_DIR --to postgres://...`: a SQLite
// collection moves to PostgreSQL whole (users, MOCs, sets, wishlist, the
// outbox with its seqs), so a server on PostgreSQL serves the same snapshot,
// the same events after a client's last seq, and accepts tokens the old
// server signed. An empty target only; a failed copy leaves nothing.
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

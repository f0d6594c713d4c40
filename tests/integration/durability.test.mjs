// The store under a crash and over time: SIGKILL during a stream of
// mutations loses nothing that was acknowledged and leaves no hole in the
// outbox; events past the retention period are answered with 410; the
// token command signs with the server's own secret.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';

import { apiClient } from '../support/api_client.mjs';
import { serverBin, siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const dirs = [];
function freshDataDir() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-durability-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('SIGKILL mid-stream: every acknowledged MOC survives and seqs have no holes', async () => {
  const dataDir = freshDataDir();
  let server = await startServer({ site: siteDir, dataDir });
  let api = apiClient(server.port);
  const token = await api.login('alice');
  const v0 = (await api.call('GET', '/api/dashboard', { token })).body.version;

  const acknowledged = [];
  let sent = 0;
  let killed = false;
  // Eight writers in parallel; the server is killed once 60 writes are acknowledged.
  const writer = async (w) => {
    while (!killed) {
      const n = sent++;
      try {
        const res = await api.call('POST', '/api/mocs', { token,
          body: { title: `Crash ${w}-${n}`, theme: 'Crash', partsCoverageStatus: 'PARTIAL_ORDERED',
                  coveragePercentage: n % 100 } });
        if (res.status === 201) acknowledged.push(res.body.id);
        if (acknowledged.length >= 60 && !killed) {
          killed = true;
          server.proc.kill('SIGKILL');
        }
      } catch {
        return;  // connection refused or reset: the server is gone
      }
    }
  };
  await Promise.all([...Array(8).keys()].map(writer));
  await server.exited;
  assert.ok(acknowledged.length >= 60);

  server = await startServer({ site: siteDir, dataDir });
  api = apiClient(server.port);
  try {
    for (const id of acknowledged) {
      const res = await api.call('GET', `/api/mocs/${id}`, { token });
      assert.equal(res.status, 200, `acknowledged MOC ${id} is stored`);
    }
    const view = (await api.call('GET', '/api/dashboard', { token })).body;
    const { status, events } = await api.eventsSince(token, v0);
    assert.equal(status, 200);
    assert.deepEqual(events.map((e) => e.seq),
      Array.from({ length: view.version - v0 }, (_, i) => v0 + 1 + i), 'no holes, no extras');
    // The outbox and the rows agree: the newest partial-parts event is the table.
    const lastPartial = events.filter((e) => e.type === 'dashboard:partialPartsUpdated').at(-1);
    assert.deepEqual(lastPartial.payload, view.partialPartsMocs);
    assert.ok(view.summary.totalMocs >= 64 + acknowledged.length);
  } finally {
    await stopServer(server);
  }
});

test('events older than the retention period are 410 Gone', async () => {
  const server = await startServer({ site: siteDir, dataDir: freshDataDir(),
                                     args: ['--event-retention-seconds', '1'] });
  try {
    const api = apiClient(server.port);
    const token = await api.login('bob');
    const v0 = (await api.call('GET', '/api/dashboard', { token })).body.version;
    await api.call('POST', '/api/wishlist', { token, body: { name: 'Soon forgotten' } });
    const fresh = await api.call('GET', `/api/events?since=${v0}`, { token });
    assert.equal(fresh.status, 200);
    assert.equal(fresh.body.events.length, 2);  // the item, then the summary
    // The pruner runs every second; give it a few rounds.
    let gone;
    for (let i = 0; i < 50; i++) {
      gone = await api.call('GET', `/api/events?since=${v0}`, { token });
      if (gone.status !== 200) break;
      await sleep(100);
    }
    assert.equal(gone.status, 410, gone.text);
    assert.equal(gone.body.error.code, 'GONE');
  } finally {
    await stopServer(server);
  }
});

test('`dashboard-server token` prints a token the server accepts', async () => {
  const dataDir = freshDataDir();
  const server = await startServer({ site: siteDir, dataDir });
  try {
    const run = spawnSync(serverBin, ['token', '--user', 'bob', '--data-dir', dataDir],
                          { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const token = run.stdout.trim().split('\n').at(-1);
    const api = apiClient(server.port);
    const res = await api.call('GET', '/api/dashboard', { token });
    assert.equal(res.status, 200);
    const unknown = spawnSync(serverBin, ['token', '--user', 'nobody', '--data-dir', dataDir],
                              { encoding: 'utf8' });
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /no user named nobody/);
  } finally {
    await stopServer(server);
  }
});

test('`dashboard-server seed --demo` is idempotent and prints how to log in', () => {
  const dataDir = freshDataDir();
  const first = spawnSync(serverBin, ['seed', '--demo', '--data-dir', dataDir], { encoding: 'utf8' });
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /created user alice \(password: alice-bricks\)/);
  const second = spawnSync(serverBin, ['seed', '--demo', '--data-dir', dataDir], { encoding: 'utf8' });
  assert.match(second.stdout, /exists {2}user alice/);
});

// A database that hangs instead of refusing (every PostgreSQL process
// SIGSTOPped: connections are accepted and packets acknowledged, nothing
// answers), with two instances behind HAProxy, sockets connected and a
// writer retrying with Idempotency-Keys throughout. While it hangs, only the
// requests that need the database fail, fast: /healthz answers at once and
// says the database is unreachable, static files and open sockets stay up,
// API calls get 503 + Retry-After within 2 s, and HAProxy keeps both
// instances. After SIGCONT everything resumes by itself, no acknowledged
// write is lost and none is done twice, and every client's view equals the
// snapshot. The figures go to the log for the README.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { apiClient } from '../support/api_client.mjs';
import { startHaproxy } from '../support/haproxy.mjs';
import { assertGapFree, liveClient, sleep, until } from '../support/live_client.mjs';
import { startWriter } from '../support/retrying_writer.mjs';
import { siteDir } from '../support/paths.mjs';
import { startPostgres } from '../support/postgres.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const SECRET = 'database-faults-secret-'.repeat(2);
const FROZEN_MS = 10000;

// Percentile of numbers (nearest rank).
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe('PostgreSQL frozen for 10 s under two instances behind HAProxy', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-db-faults-'));
  let pg;
  const instances = [];
  let lb;

  before(async () => {
    pg = await startPostgres({ name: 'database-faults' });
    const url = await pg.createDatabase('dashboard');
    for (const name of ['a', 'b']) {
      instances.push(await startServer({
        site: siteDir, dataDir: path.join(work, name), name: `faults-${name}`,
        args: ['--database', url, '--jwt-secret', SECRET, '--database-pool', '4'],
      }));
    }
    lb = await startHaproxy(instances.map((i) => i.port));
  });

  after(async () => {
    await pg?.thaw().catch(() => {});
    await lb?.stop();
    for (const instance of instances) await stopServer(instance);
    await pg?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('only the database\'s requests fail, fast; everything resumes; nothing lost or doubled', async () => {
    const api = apiClient(lb.port);
    const token = await api.login('alice');
    const clients = instances.map((i) => liveClient(i.port, token));
    await Promise.all(clients.map((c) => c.connected()));
    const writer = startWriter(api, token, 'Frozen Keep');
    await until(() => writer.acknowledged.length >= 3, 'writes before the freeze');

    const frozenAt = Date.now();
    await pg.freeze();
    const health = [];
    const statics = [];
    const sawUnreachable = [false, false];
    while (Date.now() - frozenAt < FROZEN_MS) {
      for (const [i, instance] of instances.entries()) {
        const started = Date.now();
        const res = await fetch(`http://127.0.0.1:${instance.port}/healthz`);
        health.push(Date.now() - started);
        assert.equal(res.status, 200);
        if ((await res.json()).database.reachable === false) sawUnreachable[i] = true;
      }
      const started = Date.now();
      const page = await fetch(`http://127.0.0.1:${lb.port}/dashboard`);
      await page.arrayBuffer();
      statics.push(Date.now() - started);
      assert.equal(page.status, 200, 'the page shell while the database hangs');
      await sleep(100);
    }
    const frozenAttempts = writer.attempts.filter((a) => a.at >= frozenAt + 2000 && a.at < frozenAt + FROZEN_MS - 2000);
    await pg.thaw();
    const thawedAt = Date.now();
    await until(() => writer.attempts.at(-1).status === 201 && writer.attempts.at(-1).at > thawedAt,
      'a write succeeds after the thaw', 20000);
    const resumedMs = Date.now() - thawedAt;
    const before = writer.acknowledged.length;
    await until(() => writer.acknowledged.length >= before + 5, 'writes after the thaw');
    await writer.stop();

    // While it hung: health fast and honest, pages up, API refused fast.
    assert.deepEqual(sawUnreachable, [true, true], '/healthz reports the database unreachable');
    assert.ok(percentile(health, 50) <= 100, `/healthz p50 ${percentile(health, 50)} ms`);
    assert.ok(Math.max(...health) < 1000, `/healthz max ${Math.max(...health)} ms`);
    assert.ok(frozenAttempts.length >= 5, `writer attempts while frozen: ${frozenAttempts.length}`);
    for (const attempt of frozenAttempts) {
      assert.equal(attempt.status, 503, `attempt while frozen: ${JSON.stringify(attempt)}`);
      assert.ok(attempt.retryAfter, 'Retry-After on 503');
      assert.ok(attempt.ms <= 2000, `503 within 2 s: ${attempt.ms} ms`);
    }
    assert.doesNotMatch(lb.logs(), /is DOWN/, 'HAProxy kept both instances in rotation');
    for (const client of clients) {
      assert.equal(client.disconnects, 0, 'no socket dropped');
      assert.ok(client.socket.connected);
    }

    // Nothing lost, nothing doubled, every view equals the snapshot.
    const list = await api.call('GET', `/api/mocs?q=${encodeURIComponent('Frozen Keep')}&limit=100`, { token });
    assert.equal(list.status, 200, list.text);
    const titles = list.body.items.map((m) => m.title).sort();
    assert.deepEqual(titles, [...writer.acknowledged].sort(), 'each acknowledged write exactly once');
    const snapshot = (await api.call('GET', '/api/dashboard', { token })).body;
    for (const [i, client] of clients.entries()) {
      await until(() => client.lastSeq === snapshot.version, `client ${i} reaches ${snapshot.version}`);
      assertGapFree(client.seqs, `client ${i}`);
      assert.deepEqual(client.summary, snapshot.summary);
    }
    const failed = writer.attempts.filter((a) => a.status !== 201);
    console.log(JSON.stringify({
      fault: 'database frozen 10 s', requestsFailed: failed.length,
      failedStatuses: [...new Set(failed.map((a) => a.status))],
      apiRefusalMsMax: Math.max(...frozenAttempts.map((a) => a.ms)),
      healthzMs: { p50: percentile(health, 50), max: Math.max(...health) },
      staticMsMax: Math.max(...statics), socketsDropped: 0, resumedMs,
      acknowledged: writer.acknowledged.length, replays: writer.replays, lost: 0, duplicates: 0,
    }));
    for (const client of clients) client.socket.disconnect();
  });
});

// scripts/cluster.sh changes a running cluster as an operator would, with
// clients connected and a writer retrying with Idempotency-Keys: `scale 3`
// adds an instance through HAProxy's runtime API (no reload) and the busy
// ones move sockets to it; `upgrade` replaces every instance one at a time;
// `scale 1` removes two. The balancer answers throughout, no event is lost,
// no write is done twice, and no client is without a socket for longer than
// one reconnect.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';

import { apiClient } from '../support/api_client.mjs';
import { freePortRun, healthy, startCluster, startedPids } from '../support/cluster_script.mjs';
import { liveClient, metric, until } from '../support/live_client.mjs';
import { repoRoot } from '../support/paths.mjs';
import { freePort } from '../support/postgres.mjs';
import { assertNothingLostOrDoubled, startWriter } from '../support/retrying_writer.mjs';

const run = promisify(execFile);
const CLIENTS = 24;  // enough that the new instance's share is past the balancer's tolerance
const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-runtime-'));
chmodSync(work, 0o755);  // PostgreSQL runs as its own user and must reach the cluster folder
after(() => rmSync(work, { recursive: true, force: true }));

test('scale up, rolling upgrade and scale down of a running cluster', { timeout: 240000 }, async () => {
  const port = await freePortRun(4);
  const env = {
    CLUSTER_DIR: work, DASHBOARD_PORT: String(port), CLUSTER_PG_PORT: String(await freePort()),
    CLUSTER_UPGRADE_SETTLE: '2', DASHBOARD_BALANCE_INTERVAL_MS: '1000',
  };
  const cluster = await startCluster(env);
  const ask = (...args) => run(path.join(repoRoot, 'scripts/cluster.sh'), args,
    { env: { ...process.env, ...env } });
  // The balancer answers /healthz and the page shell throughout.
  const probe = { ok: 0, failed: 0, running: true };
  const probing = (async () => {
    while (probe.running) {
      if (await healthy(port)) probe.ok += 1; else probe.failed += 1;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    const api = apiClient(port);
    const token = await api.login('alice');
    const clients = Array.from({ length: CLIENTS }, () => liveClient(port, token, { reconnect: true }));
    await Promise.all(clients.map((c) => c.connected()));
    const writer = startWriter(api, token, 'Runtime Keep');

    const scaled = await ask('scale', '3');
    assert.match(scaled.stdout, /scale 3 done/);
    assert.ok(await healthy(port + 3), 'instance 3 answers');
    const counts = () => Promise.all([1, 2, 3].map((i) => metric(port + i, 'dashboard_connected_sockets')));
    // Within the balancer's tolerance (2 over the fair 8 on each old one).
    await until(async () => (await counts())[2] >= 4,
      'sockets move to the new instance', 45000).catch(async (err) => {
      throw new Error(`${err.message}: sockets ${await counts()}`);
    });

    const before = Object.fromEntries([1, 2, 3].map((i) => [i, startedPids(cluster.output(), `instance ${i}`)]));
    const upgraded = await ask('upgrade');
    assert.match(upgraded.stdout, /upgrade done/);
    for (const i of [1, 2, 3]) {
      const pids = startedPids(cluster.output(), `instance ${i}`);
      assert.equal(pids.length, before[i].length + 1, `instance ${i} replaced once`);
    }

    assert.match((await ask('scale', '1')).stdout, /scale 1 done/);
    assert.equal(await healthy(port + 2), false, 'instance 2 stopped');
    await until(async () => (await metric(port + 1, 'dashboard_connected_sockets')) === CLIENTS,
      'every socket on the instance left');

    const outages = await assertNothingLostOrDoubled({ writer, api, token, clients, prefix: 'Runtime Keep' });
    assert.equal(probe.failed, 0, `the balancer's /healthz failed ${probe.failed} of ${probe.ok + probe.failed}`);
    console.log(JSON.stringify({
      clients: CLIENTS, disconnects: outages.length, longestOutageMs: Math.max(0, ...outages),
      writes: writer.acknowledged.length, writesFailed: writer.attempts.filter((a) => a.status !== 201).length,
      healthzThroughBalancer: probe.ok, lost: 0, duplicates: 0,
    }));
    for (const client of clients) client.socket.disconnect();
  } finally {
    probe.running = false;
    await probing;
    cluster.proc.kill('SIGINT');
    await cluster.exited;
  }
});

// scripts/cluster.sh supervises what it starts (issue 26): an instance
// killed with SIGKILL is started again (and the script says so, on stderr
// and in the instance's log) while the other instance keeps serving through
// HAProxy; so is HAProxy; SIGINT then stops every process it started,
// PostgreSQL included.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { apiClient } from '../support/api_client.mjs';
import { freePortRun, healthy, startCluster, startedPids } from '../support/cluster_script.mjs';
import { freePort } from '../support/postgres.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-supervise-'));
chmodSync(work, 0o755);  // PostgreSQL runs as its own user and must reach the cluster folder
after(() => rmSync(work, { recursive: true, force: true }));

async function until(predicate, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

// A zombie is gone too: it only waits for its parent (init, for the
// postmaster that pg_ctl started) to reap it.
function alive(pid) {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

// GETs `path` on `port` back to back until stopped; counts the answers.
function steadyTraffic(port, path, token) {
  const tally = { ok: 0, failed: [] };
  let running = true;
  const done = (async () => {
    while (running) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}${path}`,
          { headers: token ? { authorization: `Bearer ${token}` } : {} });
        await res.arrayBuffer();
        if (res.status === 200) tally.ok += 1;
        else tally.failed.push(res.status);
      } catch (err) {
        tally.failed.push(err.cause?.code ?? err.message);
      }
      await sleep(20);
    }
  })();
  tally.stop = async () => {
    running = false;
    await done;
    return tally;
  };
  return tally;
}

test('a killed instance comes back while the other serves; SIGINT stops everything', async (t) => {
  const port = await freePortRun(2);
  let pgPort = await freePort();
  while (pgPort >= port && pgPort <= port + 2) pgPort = await freePort();
  const clusterDir = path.join(work, 'cluster');
  const cluster = await startCluster({ CLUSTER_DIR: clusterDir, DASHBOARD_PORT: String(port),
    CLUSTER_PG_PORT: String(pgPort), CLUSTER_INSTANCES: '2' });
  try {
    const [first, second] = [startedPids(cluster.output(), 'instance 1'),
      startedPids(cluster.output(), 'instance 2')].map((p) => p[0]);
    const [haproxy] = startedPids(cluster.output(), 'haproxy');
    assert.ok(first && second && haproxy, cluster.output());
    // Behind HAProxy the client address is X-Forwarded-For's (issue 26).
    for (const pid of [first, second]) {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      assert.ok(argv.includes('--trust-forwarded-for') && argv.includes('--demo'), argv.join(' '));
    }
    const token = await apiClient(port).login('alice');

    const throughProxy = steadyTraffic(port, '/api/dashboard', token);
    const direct = steadyTraffic(port + 1, '/healthz');
    await sleep(300);
    process.kill(second, 'SIGKILL');
    await until(() => /cluster: instance 2 exited \(signal KILL\); restarting/.test(cluster.output()),
      'cluster.sh reports the crash');
    await until(() => startedPids(cluster.output(), 'instance 2').length === 2, 'a new instance 2');
    const restarted = startedPids(cluster.output(), 'instance 2')[1];
    assert.notEqual(restarted, second);
    await until(() => healthy(port + 2), 'instance 2 answers /healthz again');
    await sleep(300);
    const proxied = await throughProxy.stop();
    const other = await direct.stop();

    t.diagnostic(`through HAProxy: ${proxied.ok} answered, failed: ${JSON.stringify(proxied.failed)}; ` +
      `instance 1: ${other.ok} answered`);
    assert.deepEqual(other.failed, [], 'instance 1 kept answering');
    assert.ok(other.ok > 10, `instance 1 answered ${other.ok} times`);
    // At most the one request that was on instance 2 when it died fails;
    // HAProxy retries refused connections on instance 1.
    assert.ok(proxied.failed.length <= 1, `through HAProxy: ${JSON.stringify(proxied.failed)}`);
    assert.ok(proxied.ok > 10, `through HAProxy: ${proxied.ok} answers`);
    assert.ok(alive(first) && alive(haproxy), 'the rest was left running');

    const log = readFileSync(path.join(clusterDir, 'instance-2.log'), 'utf8').split('\n')
      .filter((l) => l.includes('cluster: instance exited; restarting')).map((l) => JSON.parse(l));
    assert.equal(log.length, 1);
    assert.equal(log[0].exit, 'signal KILL');
    assert.equal(log[0].pid, second);
    // HAProxy is supervised the same way.
    process.kill(haproxy, 'SIGKILL');
    await until(() => startedPids(cluster.output(), 'haproxy').length === 2, 'a new HAProxy');
    assert.match(cluster.output(), /cluster: haproxy exited \(signal KILL\); restarting/);
    const haproxyAgain = startedPids(cluster.output(), 'haproxy')[1];
    await until(() => healthy(port), 'HAProxy answers again');

    const postmaster = Number(readFileSync(path.join(clusterDir, 'postgres/postmaster.pid'), 'utf8')
      .split('\n')[0]);
    assert.ok(alive(postmaster));

    cluster.proc.kill('SIGINT');
    const { code } = await cluster.exited;
    assert.equal(code, 0, cluster.output());
    assert.match(cluster.output(), /cluster: stopped/);
    // pg_ctl stop -w returns once the postmaster removed its pid file, a
    // moment before the process ends.
    for (const [name, pid] of [['instance 1', first], ['instance 2', restarted],
      ['haproxy', haproxyAgain], ['postgres', postmaster]]) {
      await until(() => !alive(pid), `${name} (pid ${pid}) is gone`, 5000);
    }
  } finally {
    if (cluster.proc.exitCode === null && cluster.proc.signalCode === null) {
      cluster.proc.kill('SIGTERM');
      await cluster.exited;
    }
  }
});

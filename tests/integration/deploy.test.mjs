// What an operator installs and runs: scripts/cluster.sh starts PostgreSQL,
// instances and HAProxy and stops all of them on a signal, keeping the data
// for the next run; deploy/haproxy.cfg is valid for 1 to 8 instances, with
// and without TLS; the systemd unit passes systemd-analyze.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { apiClient } from '../support/api_client.mjs';
import { freePortRun, portOpen, startCluster } from '../support/cluster_script.mjs';
import { haproxyConfig } from '../support/haproxy.mjs';
import { repoRoot, serverBin } from '../support/paths.mjs';
import { freePort } from '../support/postgres.mjs';

describe('deploy files and scripts/cluster.sh', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-deploy-'));
  chmodSync(work, 0o755);  // PostgreSQL runs as its own user and must reach the cluster folder
  after(() => rmSync(work, { recursive: true, force: true }));

  test('the systemd unit passes systemd-analyze verify', () => {
    const unit = readFileSync(path.join(repoRoot, 'deploy/dashboard-server@.service'), 'utf8')
      .replaceAll('/usr/local/bin/dashboard-server', serverBin);
    const file = path.join(work, 'dashboard-server@.service');
    writeFileSync(file, unit);
    const res = spawnSync('systemd-analyze', ['verify', path.join(work, 'dashboard-server@8081.service')],
      { encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    assert.equal(res.stdout + res.stderr, '', 'no warnings');
  });

  test('haproxy.cfg is valid for one to eight instances, with and without TLS', () => {
    const check = (env) => spawnSync('/usr/sbin/haproxy', ['-c', '-f', haproxyConfig],
      { encoding: 'utf8', env: { ...process.env, ...env } });
    const eight = {};
    for (let i = 1; i <= 8; i++) eight[`DASHBOARD_INSTANCE_${i}`] = `127.0.0.1:${9000 + i}`;
    for (const env of [{ DASHBOARD_INSTANCE_1: '127.0.0.1:9001' }, eight]) {
      const res = check(env);
      assert.equal(res.status, 0, res.stderr);
    }
    const pem = path.join(work, 'tls.pem');
    spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', pem + '.key',
      '-out', pem + '.crt', '-days', '1', '-subj', '/CN=localhost']);
    writeFileSync(pem, readFileSync(pem + '.crt', 'utf8') + readFileSync(pem + '.key', 'utf8'));
    const tls = check({ DASHBOARD_INSTANCE_1: '127.0.0.1:9001', DASHBOARD_TLS_CERT: pem,
      DASHBOARD_TLS_BIND: '127.0.0.1:9443' });
    assert.equal(tls.status, 0, tls.stderr);
    // No instance at all is a configuration error, not a silent empty backend.
    assert.notEqual(check({}).status, 0);
  });

  test('cluster.sh runs PostgreSQL, two instances and HAProxy, stops them all, keeps the data', async () => {
    const port = await freePortRun(2);
    let pgPort = await freePort();
    while (pgPort >= port && pgPort <= port + 2) pgPort = await freePort();
    const env = { CLUSTER_DIR: path.join(work, 'cluster'), DASHBOARD_PORT: String(port),
      CLUSTER_PG_PORT: String(pgPort), CLUSTER_INSTANCES: '2' };
    let cluster = await startCluster(env);
    try {
      assert.equal(cluster.url, `http://127.0.0.1:${port}/dashboard`);
      const health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
      assert.equal(health.database.reachable, true);
      const page = await fetch(cluster.url);
      assert.equal(page.status, 200);
      const api = apiClient(port);
      const token = await api.login('alice');
      const created = await api.call('POST', '/api/mocs', { token,
        body: { title: 'Survives a restart', theme: 'Trains' } });
      assert.equal(created.status, 201);
      for (const instance of [port + 1, port + 2]) assert.ok(await portOpen(instance));

      cluster.proc.kill('SIGTERM');
      const { code } = await cluster.exited;
      assert.equal(code, 0, cluster.output());
      for (const p of [port, port + 1, port + 2]) assert.equal(await portOpen(p), false, `${p} closed`);
      assert.match(cluster.output(), /cluster: stopped/);

      cluster = await startCluster(env);
      const again = apiClient(port);
      const res = await again.call('GET', `/api/mocs/${created.body.id}`,
        { token: await again.login('alice') });
      assert.equal(res.status, 200, 'the data folder kept the MOC');
    } finally {
      cluster.proc.kill('SIGTERM');
      await cluster.exited;
    }
  });
});

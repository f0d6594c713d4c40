// The accounts a first start begins with (issue 26): without --demo an
// empty database stays empty (the demo passwords are public), the log says
// how to make the first administrator, and `user add --admin` makes one who
// can sign in; with --demo the demo users alice and bob exist.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { apiClient, DEMO_PASSWORDS } from '../support/api_client.mjs';
import { serverBin, siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-first-start-'));
after(() => rmSync(work, { recursive: true, force: true }));

function signIn(api, username, password) {
  return api.call('POST', '/api/auth/login', { body: { username, password } });
}

describe('a first start', () => {
  test('without --demo: no users, no password in the log, a hint for the first admin', async () => {
    const dataDir = path.join(work, 'plain');
    let server = await startServer({ site: siteDir, dataDir, demo: false });
    try {
      const api = apiClient(server.port);
      for (const [username, password] of Object.entries(DEMO_PASSWORDS)) {
        assert.equal((await signIn(api, username, password)).status, 401, username);
      }
      const hint = server.logs.find((e) => e.msg === 'no users yet');
      assert.ok(hint, 'a log line says there are no users');
      assert.match(hint.hint, /dashboard-server user add --admin/);
      assert.ok(!server.logs.some((e) => /demo user/.test(e.msg ?? '')), 'no demo users created');
      for (const password of Object.values(DEMO_PASSWORDS)) {
        assert.ok(!server.stderr.includes(password), `${password} is not in the log`);
      }
    } finally {
      await stopServer(server);
    }

    const add = spawnSync(serverBin, ['user', 'add', 'root-admin', '--admin', '--password-stdin',
      '--data-dir', dataDir], { encoding: 'utf8', input: 'first-admin-castle-7\n' });
    assert.equal(add.status, 0, add.stderr);
    assert.match(add.stdout, /created user root-admin \(admin\)/);

    server = await startServer({ site: siteDir, dataDir, demo: false });
    try {
      assert.ok(!server.logs.some((e) => e.msg === 'no users yet'), 'no hint once a user exists');
      const api = apiClient(server.port);
      const res = await signIn(api, 'root-admin', 'first-admin-castle-7');
      assert.equal(res.status, 200, res.text);
      const status = await api.call('GET', '/api/status', { token: res.body.token });
      assert.equal(status.status, 200, status.text);
      assert.equal(status.body.role, 'admin');
      assert.equal((await signIn(api, 'alice', DEMO_PASSWORDS.alice)).status, 401);
    } finally {
      await stopServer(server);
    }
  });

  test('--demo seeds alice and bob once, printing their passwords in one line', async () => {
    const dataDir = path.join(work, 'demo');
    let server = await startServer({ site: siteDir, dataDir });
    try {
      const seeded = server.logs.filter((e) => e.msg === 'demo users created');
      assert.equal(seeded.length, 1);
      assert.match(seeded[0].logins, /alice \/ alice-bricks/);
      assert.match(seeded[0].logins, /bob \/ bob-bricks/);
      assert.match(seeded[0].warning, /public/);
      assert.ok(!server.logs.some((e) => e.msg === 'no users yet'));
      const api = apiClient(server.port);
      for (const [username, password] of Object.entries(DEMO_PASSWORDS)) {
        assert.equal((await signIn(api, username, password)).status, 200, username);
      }
      const view = await api.call('GET', '/api/dashboard', { token: await api.login('bob') });
      assert.equal(view.body.summary.totalMocs, 64);
    } finally {
      await stopServer(server);
    }
    // A second start with --demo finds users and leaves them (and the log) alone.
    server = await startServer({ site: siteDir, dataDir });
    try {
      assert.ok(!server.logs.some((e) => e.msg === 'demo users created'));
      assert.ok(!server.stderr.includes(DEMO_PASSWORDS.alice));
    } finally {
      await stopServer(server);
    }
  });

  test('`user add` refuses --admin together with --role', () => {
    const run = spawnSync(serverBin, ['user', 'add', 'pat-admin', '--admin', '--role', 'member',
      '--password-stdin', '--data-dir', path.join(work, 'refused')],
    { encoding: 'utf8', input: 'first-admin-castle-7\n' });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /excludes/);
  });
});

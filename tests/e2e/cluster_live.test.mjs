// The live scenarios once against the cluster: two dashboard-server
// instances on one PostgreSQL, a Chromium tab served by each, and a tab
// through HAProxy. What one tab does reaches the tab on the other instance
// through the database alone (the outbox, woken by LISTEN/NOTIFY); a tab
// whose instance is killed comes back Live through the balancer on the
// other one, current, with nothing it missed left out. Screenshots go to
// tests/artifacts/e2e/cluster/.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { apiClient } from '../support/api_client.mjs';
import { artifactPath, launchChromium } from '../support/browser.mjs';
import { openSignedInPage, waitForText } from '../support/overlay.mjs';
import { clickItem, createMoc, fillField, openRoute, waitForMoc } from '../support/pages.mjs';
import { startHaproxy } from '../support/haproxy.mjs';
import { siteDir } from '../support/paths.mjs';
import { startPostgres } from '../support/postgres.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const SECRET = 'cluster-e2e-secret-'.repeat(3);
const TIMEOUT = 30000;
const count = (t) => Number(t.replace(/,/g, ''));

async function metric(port, name) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

describe('live pages across two instances', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-cluster-e2e-'));
  let pg;
  let url;
  const instances = {};
  let lb;
  let api;
  let token;
  let browser;

  const startInstance = (name) => startServer({
    site: siteDir, dataDir: path.join(work, name), name: `cluster-e2e-${name}`,
    args: ['--database', url, '--jwt-secret', SECRET],
  });
  const baseUrl = (port) => `http://127.0.0.1:${port}`;
  const dashboard = () => api.a.call('GET', '/api/dashboard', { token }).then((r) => r.body);
  // A tab on `port`, signed in, Live; reconnects every 1-2 s so a killed
  // instance's tab is back within seconds.
  const liveTab = async (port) => {
    const opened = await openSignedInPage(browser, {
      baseUrl: baseUrl(port), token, query: '?reconnectDelayMs=1000&reconnectMaxMs=2000&degradedAfter=10',
    });
    await waitForText(opened.page, 'connection-status', (t) => t.startsWith('Live'), TIMEOUT);
    return opened;
  };

  before(async () => {
    pg = await startPostgres({ name: 'cluster-e2e' });
    url = await pg.createDatabase('dashboard');
    // One instance first, so the demo collection is seeded once.
    instances.a = await startInstance('a');
    instances.b = await startInstance('b');
    api = { a: apiClient(instances.a.port), b: apiClient(instances.b.port) };
    token = await api.a.login('alice');
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await lb?.stop();
    await stopServer(instances.a);
    await stopServer(instances.b);
    await pg?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('a MOC added through the form in the tab on A shows in the tab on B', async () => {
    const before = await dashboard();
    const onB = await liveTab(instances.b.port);
    const onA = await openRoute(browser, {
      baseUrl: baseUrl(instances.a.port), token, route: '/mocs/new', section: 'add-moc-page',
    });
    try {
      await fillField(onA.page, 'add-title', 'Harbour Across Instances');
      await onA.page.keyboard.press('Tab');
      await onA.page.keyboard.type('Coast');
      await onA.page.locator('input[data-testid="add-title"]').focus();
      await onA.page.keyboard.press('Enter');
      await waitForText(onA.page, 'moc-heading', (t) => t === 'Harbour Across Instances', TIMEOUT);

      await waitForText(onB.page, 'total-mocs-count', (t) => count(t) === before.summary.totalMocs + 1, TIMEOUT);
      await waitForText(onB.page, 'recent-moc', (t) => t === 'Harbour Across Instances', TIMEOUT);
      assert.ok(await metric(instances.b.port, 'dashboard_notifications_received_total') >= 1,
        'B heard of A\'s commit through NOTIFY');
      await onB.page.screenshot({ path: artifactPath('e2e', 'cluster', 'added-on-a-seen-on-b.png') });
      assert.deepEqual(onA.problems, []);
      assert.deepEqual(onB.problems, []);
    } finally {
      await onA.context.close();
      await onB.context.close();
    }
  });

  test('a status edited in the tab on B moves the counts in the tab on A', async () => {
    const moc = await createMoc(api.a, token, { title: 'Status Across Instances', buildStatus: 'ADDED' });
    const built = (await dashboard()).summary.mocsByBuildStatus.BUILT;
    const onA = await liveTab(instances.a.port);
    const onB = await openRoute(browser, {
      baseUrl: baseUrl(instances.b.port), token, route: `/mocs/${moc.id}`, section: 'moc-page',
    });
    try {
      await waitForText(onB.page, 'moc-heading', (t) => t === 'Status Across Instances', TIMEOUT);
      await clickItem(onB.page, 'moc-build-status', 'Built');
      await waitForMoc(api.a, token, moc.id, (m) => m.buildStatus === 'BUILT');
      await waitForText(onA.page, 'build-status-built', (t) => count(t) === built + 1, TIMEOUT);
      assert.deepEqual(onA.problems, []);
      assert.deepEqual(onB.problems, []);
    } finally {
      await onA.context.close();
      await onB.context.close();
    }
  });

  test('a tab through HAProxy whose instance is killed is Live on the other, current', async () => {
    lb = await startHaproxy([instances.a.port, instances.b.port]);
    const tab = await liveTab(lb.port);
    try {
      // The instance holding the tab's socket is the one to kill.
      const onA = await metric(instances.a.port, 'dashboard_connected_sockets');
      const [victim, survivor] = onA >= 1 ? ['a', 'b'] : ['b', 'a'];
      assert.equal(await metric(instances[survivor].port, 'dashboard_connected_sockets'), 0);
      instances[victim].proc.kill('SIGKILL');
      await instances[victim].exited;
      // Written while the tab has no socket: it must arrive by the resume.
      const before = (await api[survivor].call('GET', '/api/dashboard', { token })).body;
      await createMoc(api[survivor], token, { title: 'Written While Away' });
      await waitForText(tab.page, 'connection-status', (t) => t.startsWith('Live'), 60000);
      await waitForText(tab.page, 'total-mocs-count', (t) => count(t) === before.summary.totalMocs + 1, TIMEOUT);
      await waitForText(tab.page, 'recent-moc', (t) => t === 'Written While Away', TIMEOUT);
      assert.equal(await metric(instances[survivor].port, 'dashboard_connected_sockets'), 1);
      await tab.page.screenshot({ path: artifactPath('e2e', 'cluster', 'live-after-kill.png') });
      // Chromium logs the refused reconnects while HAProxy still tries the dead one.
      assert.deepEqual(tab.problems.filter((p) => !/WebSocket connection to .* failed/.test(p)), []);
      instances[victim] = await startInstance(victim);
      api[victim] = apiClient(instances[victim].port);
    } finally {
      await tab.context.close();
    }
  });
});

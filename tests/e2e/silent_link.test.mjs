// A link that goes silent (issue 15): the page reaches the server through a
// proxy that stops forwarding without closing anything
// (tests/support/blackhole_proxy.mjs), so neither the browser nor the server
// sees a FIN or a reset. With the default heartbeat (a probe every 10 s,
// amber after 3 s unanswered, a new socket after 10 s) the indicator must
// leave green "Live" within the probe interval + 5 s, replace the socket,
// and once the link heals resume from the last seq: the MOC changes made
// meanwhile are on the page and the "Reconnected" toast counts them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';

import { apiClient } from '../support/api_client.mjs';
import { artifactPath, launchChromium } from '../support/browser.mjs';
import { startBlackholeProxy } from '../support/blackhole_proxy.mjs';
import { openSignedInPage, overlayText, waitForText } from '../support/overlay.mjs';
import { siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const PROBE_INTERVAL_MS = 10000;  // LiveConfig's defaults
const GRACE_MS = 5000;  // the bound: never green past interval + 5 s of silence

// Chromium logs the WebSocket it gave up on, and the reset of the silent ones.
function ourProblems(problems) {
  return problems.filter((p) => !/WebSocket|ERR_CONNECTION_RESET|net::ERR_/.test(p));
}

describe('a silent link', () => {
  test('turns the indicator amber, replaces the socket and catches up', { timeout: 200000 }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-silent-'));
    const server = await startServer({ site: siteDir, dataDir });
    const proxy = await startBlackholeProxy(server.port);
    const browser = await launchChromium();
    try {
      const api = apiClient(server.port);
      const token = await api.login('alice');
      const { page, problems } = await openSignedInPage(browser,
        { baseUrl: `http://127.0.0.1:${proxy.port}`, token });
      // Live, and the first probe (sent right behind CONNECT) answered.
      await waitForText(page, 'connection-status', (t) => /^Live\..*Round trip: \d+ ms/s.test(t), 30000);
      const before = (await api.call('GET', '/api/dashboard', { token })).body;

      proxy.blackhole();
      const silentFrom = Date.now();
      // What the indicator says, sampled until the socket is replaced.
      const samples = [];
      let amberAt;
      let replacedAt;
      while (replacedAt === undefined && Date.now() - silentFrom < 60000) {
        const text = (await overlayText(page, 'connection-status')) ?? '';
        const at = Date.now() - silentFrom;
        samples.push([at, text]);
        if (amberAt === undefined && text.startsWith('Checking connection...')) {
          amberAt = at;
          await page.screenshot({ path: artifactPath('silent-link-checking.png') });
        }
        if (/^(Reconnecting|Connecting)/.test(text)) replacedAt = at;
        await sleep(100);
      }
      assert.ok(amberAt !== undefined, `never amber: ${JSON.stringify(samples.slice(-5))}`);
      assert.ok(amberAt <= PROBE_INTERVAL_MS + GRACE_MS, `amber only after ${amberAt} ms`);
      assert.ok(replacedAt !== undefined, `socket never replaced: ${JSON.stringify(samples.slice(-5))}`);
      const greenLate = samples.filter(([at, t]) => t.startsWith('Live') && at > PROBE_INTERVAL_MS + GRACE_MS);
      assert.deepEqual(greenLate, [], 'green "Live" over a silent link');
      assert.match(samples.find(([at]) => at === amberAt)[1], /No answer from the server for \d+ s/);

      // Changes made while the page cannot hear them.
      const moc = before.recentMocs[0];
      assert.equal((await api.call('PATCH', `/api/mocs/${moc.id}`,
        { token, body: { buildStatus: moc.buildStatus === 'BUILT' ? 'ADDED' : 'BUILT' } })).status, 200);
      assert.equal((await api.call('POST', '/api/mocs', { token, body: {
        title: 'Made In The Dark', theme: 'Space', buildStatus: 'ADDED', partsCoverageStatus: 'NONE' } })).status, 201);
      const afterChanges = (await api.call('GET', '/api/dashboard', { token })).body;
      const missed = afterChanges.version - before.version;
      assert.ok(missed > 0);
      // Still not green while the link is silent.
      await sleep(1000);
      assert.ok(!(await overlayText(page, 'connection-status')).startsWith('Live'));

      proxy.heal();
      // The attempt in flight is black-holed; the next one (after the connect
      // timeout, 20 s, and the backoff) gets through and resumes from the last seq.
      await waitForText(page, 'connection-status', (t) => t.startsWith('Live'), 90000);
      const toast = await waitForText(page, 'toast', (t) => t.includes('Reconnected'), 30000);
      assert.match(toast, new RegExp(`Caught up on ${missed} updates?`));
      await waitForText(page, 'total-mocs-count', (t) => t === String(afterChanges.summary.totalMocs));
      await waitForText(page, 'recent-moc', (t) => t.includes('Made In The Dark'));
      assert.deepEqual(ourProblems(problems), []);
    } finally {
      await browser.close();
      await proxy.close();
      await stopServer(server);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

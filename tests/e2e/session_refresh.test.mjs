// Sessions in the browser (issue 19): with 6-second access tokens the
// dashboard renews its token every 4 s through the HttpOnly refresh cookie
// while events keep arriving on the one socket: no AUTH_FAILED, no banner,
// no second socket, no gap. "Sign out everywhere" in one browser sends
// another browser's page back to the sign-in form.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { apiClient } from '../support/api_client.mjs';
import { launchChromium, openPage, waitForAppReady } from '../support/browser.mjs';
import { byTestId, centerOf, clickAndSettle, overlayText, waitForText } from '../support/overlay.mjs';
import { fillField } from '../support/pages.mjs';
import { serverBin, siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const ACCESS_TTL_S = 6;

// Signs in through the page's form, as a person does, so the browser holds
// the refresh cookie; resolves once the collection shows.
async function signInThroughTheForm(page, baseUrl) {
  await page.goto(`${baseUrl}/dashboard`);
  await waitForAppReady(page);
  await page.waitForSelector(byTestId('sign-in-form'));
  await fillField(page, 'sign-in-username', 'alice');
  await fillField(page, 'sign-in-password', 'alice-bricks');
  await page.keyboard.press('Enter');
  await page.waitForSelector(byTestId('total-mocs-count'), { timeout: 30000 });
  await waitForText(page, 'connection-status', (t) => t.startsWith('Live'), 30000);
}

// What the page's sockets and auth requests did.
function watchTheLink(page) {
  const seen = { sockets: 0, authFailed: 0, refreshes: 0, refreshFailures: 0, eventsRequests: 0 };
  page.on('websocket', (ws) => {
    seen.sockets += 1;
    ws.on('framereceived', ({ payload }) => {
      if (String(payload).includes('AUTH_FAILED')) seen.authFailed += 1;
    });
  });
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.pathname === '/api/auth/refresh') {
      seen.refreshes += 1;
      if (res.status() !== 200) seen.refreshFailures += 1;
    }
    if (url.pathname === '/api/events') seen.eventsRequests += 1;
  });
  return seen;
}

describe('sessions in the browser', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-session-refresh-'));
  let server;
  let baseUrl;
  let api;
  let browser;

  before(async () => {
    server = await startServer({ site: siteDir, dataDir,
      args: ['--access-token-ttl-seconds', String(ACCESS_TTL_S)] });
    baseUrl = `http://127.0.0.1:${server.port}`;
    api = apiClient(server.port);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the page stays live through several refreshes while events flow', async () => {
    const { context, page } = await openPage(browser, { width: 1280, height: 800 });
    try {
      const seen = watchTheLink(page);
      await signInThroughTheForm(page, baseUrl);
      const cookies = await context.cookies();
      const refresh = cookies.find((c) => c.name === 'dashboard_refresh');
      assert.ok(refresh, 'the browser holds the refresh cookie');
      assert.equal(refresh.httpOnly, true);
      assert.equal(refresh.sameSite, 'Strict');
      assert.equal(refresh.path, '/api/auth');
      assert.equal(await page.evaluate(() => document.cookie.includes('dashboard_refresh')), false);

      // The writer: a token from the operator's `token` command (12 hours),
      // not a 6-second one; the page only reads.
      const printed = spawnSync(serverBin, ['token', '--user', 'alice', '--data-dir', dataDir],
        { encoding: 'utf8' });
      assert.equal(printed.status, 0, printed.stderr);
      const writer = printed.stdout.trim().split('\n').at(-1);
      let total = Number(await overlayText(page, 'total-mocs-count'));
      const statuses = new Set();
      const watchStatus = setInterval(async () => {
        statuses.add(await overlayText(page, 'connection-status').catch(() => 'closed'));
        if (await overlayText(page, 'degraded-mode-banner').catch(() => null)) statuses.add('banner');
      }, 100);
      const start = Date.now();
      try {
        // Past three token lifetimes, an event every 2 s; each one shows.
        while (Date.now() - start < ACCESS_TTL_S * 3 * 1000 + 2000) {
          const res = await api.call('POST', '/api/mocs', { token: writer,
            body: { title: `Refresh ${total}`, theme: 'City' } });
          assert.equal(res.status, 201, res.text);
          total += 1;
          await waitForText(page, 'total-mocs-count', (t) => Number(t) === total, 15000);
          await new Promise((r) => setTimeout(r, 2000));
        }
      } finally {
        clearInterval(watchStatus);
      }
      console.log(`over ${((Date.now() - start) / 1000).toFixed(1)} s: ${seen.refreshes} refreshes, ` +
        `${seen.sockets} socket(s), statuses ${[...statuses].join(', ')}`);
      assert.ok(seen.refreshes >= 3, `${seen.refreshes} refreshes`);
      assert.equal(seen.refreshFailures, 0);
      assert.equal(seen.sockets, 1, 'one socket the whole time: no reconnect');
      assert.equal(seen.authFailed, 0, 'no AUTH_FAILED');
      assert.equal(seen.eventsRequests, 0, 'no gap to repair');
      assert.deepEqual([...statuses].filter((s) => !s?.startsWith('Live')), [],
        'live the whole time, no banner');
      // The token the page holds now was issued after its first one expired.
      assert.equal((await api.call('GET', '/api/dashboard',
        { token: await page.evaluate(() => localStorage.getItem('dashboard.token')) })).status, 200);
    } finally {
      await context.close();
    }
  });

  test('sign out everywhere in one browser sends the other to the sign-in form', async () => {
    const first = await openPage(browser, { width: 1280, height: 800 });
    const second = await openPage(browser, { width: 1280, height: 800 });
    try {
      await signInThroughTheForm(first.page, baseUrl);
      await signInThroughTheForm(second.page, baseUrl);
      const clickedAt = Date.now();
      await clickAndSettle(first.page, await centerOf(first.page, byTestId('sign-out-everywhere')));
      await first.page.waitForSelector(byTestId('sign-in-form'), { timeout: 15000 });
      await second.page.waitForSelector(byTestId('sign-in-form'), { timeout: 15000 });
      console.log(`the other browser showed the sign-in form ${Date.now() - clickedAt} ms after the click`);
      // Its cookie is dead too: a reload does not sign it back in.
      await second.page.reload();
      await waitForAppReady(second.page);
      await second.page.waitForSelector(byTestId('sign-in-form'), { timeout: 15000 });
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });
});

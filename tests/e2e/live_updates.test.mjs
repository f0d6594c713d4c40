// The live dashboard in Chromium against the real server: a REST mutation
// shows on the page through the semantics overlay, in every open tab; a
// server restart turns
// the indicator amber then green with nothing lost; a blocked WebSocket
// path leads to degraded mode (banner + polling) and back.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { apiClient } from '../support/api_client.mjs';
import { artifactPath, launchChromium, waitForAppReady } from '../support/browser.mjs';
import {
  byTestId, centerOf, clickAndSettle, openSignedInPage, overlayText, waitForText,
} from '../support/overlay.mjs';
import { siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

async function summaryOf(api, token) {
  const res = await api.call('GET', '/api/dashboard', { token });
  assert.equal(res.status, 200);
  return res.body;
}

function newMoc(title) {
  return { title, theme: 'Space', buildStatus: 'ADDED', partsCoverageStatus: 'NONE' };
}

describe('live dashboard in Chromium', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-live-'));
  let server;
  let api;
  let token;
  let browser;
  let page;
  let problems;

  before(async () => {
    server = await startServer({ site: siteDir, dataDir });
    api = apiClient(server.port);
    token = await api.login('alice');
    browser = await launchChromium();
    // Signed in already, as a returning visitor is. Fast reconnects and
    // early degraded mode keep the resilience scenarios to seconds.
    ({ page, problems } = await openSignedInPage(browser, {
      baseUrl: `http://127.0.0.1:${server.port}`,
      token,
      user: 'alice',
      viewport: { width: 1280, height: 800 },
      query: '?reconnectDelayMs=200&reconnectMaxMs=800&degradedAfter=5',
    }));
  });

  after(async () => {
    await browser?.close();
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('shows the snapshot through the overlay and goes live', async () => {
    const view = await summaryOf(api, token);
    await waitForText(page, 'total-mocs-count', (t) => t === String(view.summary.totalMocs));
    assert.equal(await overlayText(page, 'wishlist-items-count'),
      String(view.summary.totalWishlistItems));
    await waitForText(page, 'connection-status', (t) => t.startsWith('Live'));
    assert.equal(await overlayText(page, 'user-name'), 'alice');
  });

  test('a REST mutation shows on the page without a reload', async () => {
    const before = (await summaryOf(api, token)).summary.totalMocs;
    const created = await api.call('POST', '/api/mocs', { token, body: newMoc('Lunar Rover E2E') });
    assert.equal(created.status, 201, created.text);
    await waitForText(page, 'total-mocs-count', (t) => t === String(before + 1));
    await waitForText(page, 'recent-moc', (t) => t.includes('Lunar Rover E2E'));
    const announced = await overlayText(page, 'live-announcer');
    assert.match(announced, new RegExp(`Total MOCs: ${before + 1}`));
    await page.screenshot({ path: artifactPath('live-after-mutation.png') });
  });

  test('every open tab stays in step, and signing out in one signs out all', async () => {
    const second = await page.context().newPage();
    await second.goto(page.url());
    await waitForAppReady(second);
    await waitForText(second, 'connection-status', (t) => t.startsWith('Live'));
    const before = (await summaryOf(api, token)).summary.totalMocs;
    const created = await api.call('POST', '/api/mocs', { token, body: newMoc('Two Tabs') });
    assert.equal(created.status, 201);
    await Promise.all([page, second].map((p) =>
      waitForText(p, 'total-mocs-count', (t) => t === String(before + 1))));

    // Signing out in one tab reaches the other through the storage event:
    // it reloads and reads the (now absent) token. Here the test's init
    // script puts the token back, so the reload itself is the evidence.
    await page.evaluate(() => { window.beforeSignOut = true; });
    await second.evaluate(() => {
      localStorage.removeItem('dashboard.user');
      localStorage.removeItem('dashboard.token');
    });
    await page.waitForFunction(() => window.beforeSignOut === undefined, null, { timeout: 15000 });
    await second.close();
    await waitForAppReady(page);
    await waitForText(page, 'connection-status', (t) => t.startsWith('Live'));
  });

  test('a server restart turns the indicator amber, then green, with nothing lost', async () => {
    const port = server.port;
    await stopServer(server);
    await waitForText(page, 'connection-status',
      (t) => t.startsWith('Reconnecting') || t.startsWith('Connecting'));
    server = await startServer({ site: siteDir, dataDir, port });
    // Written while the page is still away: it must arrive on resume.
    const created = await api.call('POST', '/api/mocs', { token, body: newMoc('Resume Probe') });
    assert.equal(created.status, 201, created.text);
    await waitForText(page, 'connection-status', (t) => t.startsWith('Live'));
    const view = await summaryOf(api, token);
    await waitForText(page, 'total-mocs-count', (t) => t === String(view.summary.totalMocs));
    await waitForText(page, 'recent-moc', (t) => t.includes('Resume Probe'));
  });

  test('a blocked WebSocket path leads to degraded mode and back', async () => {
    // A proxy or firewall that refuses WebSocket upgrades, until lifted.
    let blocked = true;
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (blocked) ws.close({ code: 1011, reason: 'blocked' });
      else ws.connectToServer();
    });
    const port = server.port;
    await stopServer(server);  // drops the open socket; every retry now meets the block
    server = await startServer({ site: siteDir, dataDir, port });
    const created = await api.call('POST', '/api/mocs', { token, body: newMoc('Polled In') });
    assert.equal(created.status, 201, created.text);

    const banner = await waitForText(page, 'degraded-mode-banner', () => true, 30000);
    assert.match(banner, /Live updates paused, refreshing every 30 s/);
    // Entering degraded mode polls at once: the mutation is on the page.
    const view = await summaryOf(api, token);
    await waitForText(page, 'total-mocs-count', (t) => t === String(view.summary.totalMocs));
    await page.screenshot({ path: artifactPath('live-degraded.png') });

    // Red, with a Retry button beside it.
    await waitForText(page, 'connection-status', (t) => t.startsWith('Disconnected'));
    await page.waitForSelector(byTestId('connection-retry'), { state: 'attached' });
    const retry = await centerOf(page, byTestId('connection-retry'));
    blocked = false;
    await clickAndSettle(page, retry);
    await waitForText(page, 'connection-status', (t) => t.startsWith('Live'), 30000);
    assert.equal(await overlayText(page, 'degraded-mode-banner'), null);
    await waitForText(page, 'toast', (t) => t.includes('Reconnected'));
    const again = await api.call('POST', '/api/mocs', { token, body: newMoc('Live Again') });
    assert.equal(again.status, 201);
    await waitForText(page, 'recent-moc', (t) => t.includes('Live Again'));
  });

  test('no console errors or page errors', () => {
    // Chromium itself logs each refused WebSocket while the server is down.
    const ours = problems.filter((p) => !/WebSocket connection to .* failed/.test(p));
    assert.deepEqual(ours, []);
  });
});

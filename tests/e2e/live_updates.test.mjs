// The live dashboard in Chromium against the real server: a REST mutation
// shows on the page through the semantics overlay, in every open tab; a
// server restart turns the indicator amber then green with nothing lost; a
// blocked WebSocket path leads to degraded mode (banner + polling) and
// back. Each case opens its own tab and checks its own console, and finds
// the server running whatever the case before it did to it.
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

// Chromium itself logs each refused WebSocket while the server is down.
function ourProblems(problems) {
  return problems.filter((p) => !/WebSocket connection to .* failed/.test(p));
}

describe('live dashboard in Chromium', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-live-'));
  let server;
  let api;
  let token;
  let browser;

  // The server every test starts from: running, on the port the first one
  // got. A test that stops it starts it again, but if it failed half-way
  // the next test still finds one.
  async function serverUp() {
    const running = server && server.proc.exitCode === null && server.proc.signalCode === null;
    if (!running) server = await startServer({ site: siteDir, dataDir, port: server?.port ?? 0 });
    api = apiClient(server.port);
    return server;
  }

  async function restartServer() {
    const { port } = server;
    await stopServer(server);
    server = await startServer({ site: siteDir, dataDir, port });
  }

  // A tab of its own for each test: signed in already, as a returning
  // visitor is, and Live. Reconnects every 1-2 s (with jitter) and degraded
  // mode after five failures keep the resilience cases to seconds, while
  // each state lasts long enough for a loaded machine to draw it.
  async function openLivePage() {
    await serverUp();
    const opened = await openSignedInPage(browser, {
      baseUrl: `http://127.0.0.1:${server.port}`,
      token,
      user: 'alice',
      viewport: { width: 1280, height: 800 },
      query: '?reconnectDelayMs=1000&reconnectMaxMs=2000&degradedAfter=5',
    });
    await waitForText(opened.page, 'connection-status', (t) => t.startsWith('Live'), 30000);
    return opened;
  }

  before(async () => {
    await serverUp();
    token = await api.login('alice');
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('shows the snapshot through the overlay and goes live', async () => {
    const { context, page, problems } = await openLivePage();
    try {
      const view = await summaryOf(api, token);
      await waitForText(page, 'total-mocs-count', (t) => t === String(view.summary.totalMocs));
      assert.equal(await overlayText(page, 'wishlist-items-count'),
        String(view.summary.totalWishlistItems));
      assert.equal(await overlayText(page, 'user-name'), 'alice');
      assert.deepEqual(ourProblems(problems), []);
    } finally {
      await context.close();
    }
  });

  test('a REST mutation shows on the page without a reload', async () => {
    const { context, page, problems } = await openLivePage();
    try {
      const before = (await summaryOf(api, token)).summary.totalMocs;
      const created = await api.call('POST', '/api/mocs', { token, body: newMoc('Lunar Rover E2E') });
      assert.equal(created.status, 201, created.text);
      await waitForText(page, 'total-mocs-count', (t) => t === String(before + 1));
      await waitForText(page, 'recent-moc', (t) => t.includes('Lunar Rover E2E'));
      const announced = await overlayText(page, 'live-announcer');
      assert.match(announced, new RegExp(`Total MOCs: ${before + 1}`));
      await page.screenshot({ path: artifactPath('live-after-mutation.png') });
      assert.deepEqual(ourProblems(problems), []);
    } finally {
      await context.close();
    }
  });

  test('every open tab stays in step, and signing out in one signs out all', async () => {
    const { context, page, problems } = await openLivePage();
    try {
      const second = await context.newPage();
      await second.goto(page.url());
      await waitForAppReady(second);
      await waitForText(second, 'connection-status', (t) => t.startsWith('Live'), 30000);
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
      await page.waitForFunction(() => window.beforeSignOut === undefined, null, { timeout: 30000 });
      await second.close();
      await waitForAppReady(page);
      await waitForText(page, 'connection-status', (t) => t.startsWith('Live'), 30000);
      assert.deepEqual(ourProblems(problems), []);
    } finally {
      await context.close();
    }
  });

  test('a server restart turns the indicator amber, then green, with nothing lost', async () => {
    const { context, page, problems } = await openLivePage();
    try {
      const { port } = server;
      await stopServer(server);
      await waitForText(page, 'connection-status',
        (t) => t.startsWith('Reconnecting') || t.startsWith('Connecting'));
      server = await startServer({ site: siteDir, dataDir, port });
      // Written while the page is still away: it must arrive on resume.
      const created = await api.call('POST', '/api/mocs', { token, body: newMoc('Resume Probe') });
      assert.equal(created.status, 201, created.text);
      await waitForText(page, 'connection-status', (t) => t.startsWith('Live'), 30000);
      const view = await summaryOf(api, token);
      await waitForText(page, 'total-mocs-count', (t) => t === String(view.summary.totalMocs));
      await waitForText(page, 'recent-moc', (t) => t.includes('Resume Probe'));
      assert.deepEqual(ourProblems(problems), []);
    } finally {
      await context.close();
      await serverUp();
    }
  });

  test('a blocked WebSocket path leads to degraded mode and back', async () => {
    const { context, page, problems } = await openLivePage();
    try {
      // A proxy or firewall that refuses WebSocket upgrades, until lifted.
      let blocked = true;
      await page.routeWebSocket(/\/socket\.io\//, (ws) => {
        if (blocked) ws.close({ code: 1011, reason: 'blocked' });
        else ws.connectToServer();
      });
      await restartServer();  // drops the open socket; every retry now meets the block
      const created = await api.call('POST', '/api/mocs', { token, body: newMoc('Polled In') });
      assert.equal(created.status, 201, created.text);

      const banner = await waitForText(page, 'degraded-mode-banner', () => true, 60000);
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
      assert.deepEqual(ourProblems(problems), []);
    } finally {
      await context.close();
      await serverUp();
    }
  });
});

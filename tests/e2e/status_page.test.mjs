// The /status page in Chromium against the real server, with a real
// service failing: the server monitors a local HTTP server that this test
// starts, stops and starts again on the same port. The page shows the
// monitor Down within a second of the check that found it (the check's
// time is the delta's timestamp, read by a socket.io-client peer in the
// same run), says so to screen readers through the live region, and shows
// it Up again after the restart. A misconfigured monitor's `error` event
// shows as a toast; the Refresh button runs a check; bob (a member) sees
// only the public services. Screenshots go to tests/artifacts/e2e/status/.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { io } from 'socket.io-client';

import { apiClient } from '../support/api_client.mjs';
import { artifactPath, launchChromium, openPage, waitUntilIdle } from '../support/browser.mjs';
import { byTestId, overlayText, scrollIntoView, texts, waitForText } from '../support/overlay.mjs';
import { clickItem, loadRoute } from '../support/pages.mjs';
import { waitForCard } from '../support/status_cards.mjs';
import { siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const TIMEOUT = 30000;
// From the check that found the change to the frame that shows it.
const CHECK_TO_PAGE_MS = 1000;

const listen = (server, port) => new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const close = (server) => new Promise((resolve) => {
  server.close(resolve);
  server.closeAllConnections();
});

const BANNER = { operational: 'All systems operational', degraded: 'Degraded', outage: 'Outage' };

describe('the /status page in Chromium', () => {
  let endpoint;
  let endpointPort;
  let server;
  let dataDir;
  let browser;
  let api;
  let alice;
  let bob;
  let peer;
  const deltas = [];

  before(async () => {
    endpoint = http.createServer((req, res) => res.writeHead(200).end('ok'));
    await listen(endpoint, 0);
    endpointPort = endpoint.address().port;
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-status-page-'));
    server = await startServer({ site: siteDir, dataDir, args: [
      '--status-interval-ms', '1000', '--monitor-timeout-ms', '3000',
      '--monitor', `covers=http://127.0.0.1:${endpointPort}/cover.png`,
      '--monitor', 'bad=ftp://127.0.0.1/nothing',
      '--public-status', 'database'] });
    api = apiClient(server.port);
    alice = await api.login('alice');
    bob = await api.login('bob');
    // The peer: a socket.io-client subscribed like the page, for the checks' times.
    peer = io(`http://127.0.0.1:${server.port}/dashboard`,
      { transports: ['websocket'], auth: { token: alice }, reconnection: false, forceNew: true });
    peer.on('service:status', (delta) => deltas.push({ at: Date.now(), delta }));
    await new Promise((resolve, reject) => {
      peer.once('connect', resolve);
      peer.once('connect_error', reject);
    });
    peer.emit('subscribe:status');
    browser = await launchChromium();
  });

  after(async () => {
    peer?.close();
    await browser?.close();
    await stopServer(server);
    if (endpoint?.listening) await close(endpoint);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const open = async ({ token = alice, user = 'alice', width = 1280, height = 900, route = '/status' } = {}) => {
    const opened = await openPage(browser, { width, height });
    const section = route === '/status' ? 'status-page' : 'collection-summary-card';
    await loadRoute(opened.page, { baseUrl: `http://127.0.0.1:${server.port}`, token, user, route, section });
    if (route === '/status') {
      await opened.page.waitForSelector(byTestId('status-banner'), { state: 'attached', timeout: TIMEOUT });
    }
    return opened;
  };

  // The first delta after `from` that turned `id` to `status`.
  const deltaTurning = (from, id, status) =>
    deltas.slice(from).find((d) => d.delta.serviceId === id && d.delta.status === status);

  test('every service the admin may see, with its figures, a banner and a sidebar entry', async () => {
    const { context, page, problems } = await open();
    try {
      await waitForText(page, 'page-title', (t) => t === 'System status');
      assert.equal(await overlayText(page, 'nav-current'), 'Status');
      const body = (await api.call('GET', '/api/status', { token: alice })).body;
      const names = body.services.map((s) => s.name);
      assert.deepEqual(await texts(page, 'service-name'), names);
      const { card: covers } = await waitForCard(page, 'covers', (c) => c.health === 'Up');
      assert.match(covers.response, /^Response time \d+(\.\d)? (ms|s)$/);
      assert.match(covers.uptime, /^Uptime \(24 h\) \d+\.\d %$/);
      assert.match(covers.checked, /^Checked at \d\d:\d\d:\d\d$/);
      assert.equal(covers.refresh, 'Refresh');
      // Never colour alone: every card says its health in words.
      for (const word of await texts(page, 'service-health')) {
        assert.ok(['Up', 'Degraded', 'Down', 'Checking'].includes(word), word);
      }
      // The misconfigured monitor is down, so the banner says Outage; its error is a toast.
      await waitForCard(page, 'bad', (c) => c.health === 'Down');
      await waitForText(page, 'status-banner', (t) => t === BANNER.outage);
      await waitForText(page, 'toast', (t) => /bad/.test(t) && /CHECK_CANNOT_RUN/.test(t));
      await page.screenshot({ path: artifactPath('e2e', 'status', 'status-1280.png') });
      assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
    } finally {
      await context.close();
    }
  });

  test('a monitored server stops: Down within a second of the check, announced, and Up after restart', async () => {
    const { context, page, problems } = await open();
    try {
      await waitForCard(page, 'covers', (c) => c.health === 'Up');
      let from = deltas.length;
      await close(endpoint);
      const down = await waitForCard(page, 'covers', (c) => c.health === 'Down');
      assert.match(down.card.details, /./);
      const check = deltaTurning(from, 'covers', 'down');
      assert.ok(check, 'the peer saw covers turn down');
      const lag = down.at - Date.parse(check.delta.timestamp);
      assert.ok(lag < CHECK_TO_PAGE_MS, `the page showed covers down ${lag} ms after its check`);
      // Screen readers hear it.
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="live-announcer"] p')]
        .some((p) => p.textContent === 'covers down'), null, { timeout: TIMEOUT });
      await page.screenshot({ path: artifactPath('e2e', 'status', 'covers-down-1280.png') });

      from = deltas.length;
      endpoint = http.createServer((req, res) => res.writeHead(200).end('ok'));
      await listen(endpoint, endpointPort);
      const up = await waitForCard(page, 'covers', (c) => c.health === 'Up');
      const recovered = deltaTurning(from, 'covers', 'up');
      assert.ok(recovered, 'the peer saw covers turn up');
      const upLag = up.at - Date.parse(recovered.delta.timestamp);
      assert.ok(upLag < CHECK_TO_PAGE_MS, `the page showed covers up ${upLag} ms after its check`);
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="live-announcer"] p')]
        .some((p) => p.textContent === 'covers up'), null, { timeout: TIMEOUT });
      console.log(`check to page: down ${lag} ms, up ${upLag} ms`);
      assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
    } finally {
      await context.close();
    }
  });

  test('Refresh runs the check now and the card takes its answer', async () => {
    const { context, page, problems } = await open();
    try {
      const before = (await waitForCard(page, 'Database', (c) => c.refresh === 'Refresh')).card;
      await clickItem(page, 'service-refresh-button', 'Refresh');
      // The first card is the database: its check time moves on.
      await waitForCard(page, 'Database', (c) => c.checked !== before.checked && c.refresh === 'Refresh');
      assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
    } finally {
      await context.close();
    }
  });

  test('a member sees only the public services', async () => {
    const { context, page, problems } = await open({ token: bob, user: 'bob', width: 375, height: 800 });
    try {
      await waitForCard(page, 'Database', (c) => c.health !== 'Checking');
      assert.deepEqual(await texts(page, 'service-name'), ['Database']);
      const body = (await api.call('GET', '/api/status', { token: bob })).body;
      await waitForText(page, 'status-banner', (t) => t === BANNER[body.overall]);
      await page.screenshot({ path: artifactPath('e2e', 'status', 'member-375.png') });
      assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
    } finally {
      await context.close();
    }
  });

  test('the dashboard has a System card for admins that leads to /status; members have none', async () => {
    // 1000 px: no docked sidebar under the wheel scrollIntoView turns.
    const admin = await open({ route: '/dashboard', width: 1000 });
    try {
      await admin.page.waitForSelector(byTestId('system-card'), { state: 'attached', timeout: TIMEOUT });
      const body = (await api.call('GET', '/api/status', { token: alice })).body;
      assert.equal(body.role, 'admin');
      // The misconfigured monitor keeps it in an outage.
      await waitForText(admin.page, 'system-overall', (t) => t === BANNER.outage);
      assert.match(await overlayText(admin.page, 'system-counts'), /^\d+ up · \d+ degraded · [1-9]\d* down/);
      // Last on the dashboard, so the cards above keep their places.
      await scrollIntoView(admin.page, byTestId('system-view-action'), 900);
      await admin.page.screenshot({ path: artifactPath('e2e', 'status', 'dashboard-system-card-1000.png') });
      await clickItem(admin.page, 'system-view-action');
      await waitForText(admin.page, 'page-title', (t) => t === 'System status');
      assert.equal(new URL(admin.page.url()).pathname, '/status');
      assert.deepEqual(admin.problems.filter((p) => !/404/.test(p)), []);
    } finally {
      await admin.context.close();
    }
    const member = await open({ token: bob, user: 'bob', route: '/dashboard' });
    try {
      assert.equal((await api.call('GET', '/api/status', { token: bob })).body.role, 'member');
      await waitUntilIdle(member.page);
      assert.equal(await member.page.$(byTestId('system-card')), null);
      assert.deepEqual(member.problems.filter((p) => !/404/.test(p)), []);
    } finally {
      await member.context.close();
    }
  });
});

// The tab's life as the browser runs it (issue 6): a hidden tab keeps its
// connection but draws nothing, and on becoming visible it is current at
// once; a closed tab (pagehide) leaves with a socket.io DISCONNECT and a
// WebSocket close frame rather than dropping the connection.
//
// Headless Chromium reports every page visible, and so does a page that
// Playwright attaches to (it emulates focus), so this test runs Debian's
// Chromium headed under its own Xvfb and talks to the tab through the
// DevTools protocol directly (chrome-remote-interface). Opening a second tab
// in the same window hides the first for real: visibilityState "hidden", no
// animation frames. Closing it shows the first again.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import CDP from 'chrome-remote-interface';

import { apiClient } from '../support/api_client.mjs';
import { chromiumArgs } from '../support/browser.mjs';
import { siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Chromium writes the port it picked for --remote-debugging-port=0 here.
async function devToolsPort(profileDir, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const [port] = readFileSync(path.join(profileDir, 'DevToolsActivePort'), 'utf8').split('\n');
      if (port) return Number(port);
    } catch {
      // not written yet
    }
    await sleep(100);
  }
  throw new Error('Chromium did not open its DevTools port');
}

// Headed Chromium in a process group with its Xvfb, so one kill stops both.
function startHeadedChromium(profileDir) {
  const args = chromiumArgs.filter((a) => a !== '--disable-gpu');
  // Displays from :140 up: the native client tests' xvfb-run -a start at :99,
  // and two xvfb-run -a racing for the same number make one of them fail.
  return spawn('xvfb-run', ['-a', '-n', '140', '-s', '-screen 0 1280x800x24', '/usr/bin/chromium', ...args,
    `--user-data-dir=${profileDir}`, '--remote-debugging-port=0', '--window-size=1280,800',
    'about:blank'], { detached: true, stdio: 'ignore' });
}

function killGroup(proc, signal) {
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // already gone
  }
}

// Polls `expression` in the tab until `predicate(value)` holds.
async function waitForValue(tab, expression, predicate, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await tab.value(expression);
    if (predicate(last)) return last;
    await sleep(25);
  }
  throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
}

const overlayText = (testid) =>
  `document.querySelector('[data-testid="${testid}"]')?.textContent ?? null`;

describe('tab lifecycle in headed Chromium', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-hidden-tab-'));
  const profileDir = path.join(work, 'profile');
  let server;
  let api;
  let token;
  let chromium;
  let port;
  let client;
  const tab = {
    async value(expression) {
      const { result, exceptionDetails } =
        await client.Runtime.evaluate({ expression, returnByValue: true });
      if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.text}`);
      return result.value;
    },
  };

  before(async () => {
    // Pings every 250 ms, 500 ms to answer: while hidden the page must keep
    // answering them without drawing, or the server drops it.
    server = await startServer({ site: siteDir, dataDir: path.join(work, 'data'),
      args: ['--ping-interval-ms', '250', '--ping-timeout-ms', '500'] });
    api = apiClient(server.port);
    token = await api.login('alice');
    chromium = startHeadedChromium(profileDir);
    port = await devToolsPort(profileDir);
    const [first] = (await CDP.List({ port })).filter((t) => t.type === 'page');
    client = await CDP({ port, target: first });
    await client.Page.enable();
    await client.Runtime.enable();
    // A returning visitor: the token is already stored for the origin.
    await client.Page.addScriptToEvaluateOnNewDocument({
      source: `localStorage.setItem('dashboard.token', ${JSON.stringify(token)});` +
        "localStorage.setItem('dashboard.user', 'alice');",
    });
    await client.Page.navigate({ url: `http://127.0.0.1:${server.port}/dashboard` });
    await waitForValue(tab, overlayText('connection-status'), (t) => t?.startsWith('Live'),
      'connection status');
  });

  after(async () => {
    await client?.close().catch(() => {});
    if (chromium) killGroup(chromium, 'SIGKILL');
    await stopServer(server);
    rmSync(work, { recursive: true, force: true });
  });

  test('keeps its connection, draws nothing while hidden, and is current once shown', async () => {
    const connectsBefore = server.logs.filter((l) => l.msg === 'socket connected').length;
    assert.equal(await tab.value('document.visibilityState'), 'visible');

    const other = await CDP.New({ port, url: 'about:blank' });
    await waitForValue(tab, 'document.visibilityState', (v) => v === 'hidden', 'visibility');
    // Let a frame already under way finish before counting.
    await sleep(300);
    const framesHidden = await tab.value('window.dashboardFramesDrawn');

    const before = (await api.call('GET', '/api/dashboard', { token })).body.summary.totalMocs;
    const added = await api.call('POST', '/api/mocs', {
      token,
      body: { title: 'Built while nobody looked', theme: 'Space', buildStatus: 'ADDED',
        partsCoverageStatus: 'NONE' },
    });
    assert.equal(added.status, 201);
    // Long enough for the event to arrive and for eight server pings.
    await sleep(2000);
    assert.equal(await tab.value('window.dashboardFramesDrawn'), framesHidden,
      'a hidden tab draws no frames');
    assert.equal(await tab.value(overlayText('total-mocs-count')), String(before),
      'nothing was drawn, so the overlay still shows the old total');
    const metrics = await api.call('GET', '/metrics');
    assert.match(metrics.text, /^dashboard_connected_sockets 1$/m,
      `the socket stays open; server said: ${JSON.stringify(
        server.logs.filter((l) => l.msg.startsWith('socket')).slice(-3))}`);

    const shownAt = Date.now();
    await CDP.Close({ port, id: other.id });
    await waitForValue(tab, 'document.visibilityState', (v) => v === 'visible', 'visibility');
    await waitForValue(tab, overlayText('total-mocs-count'), (t) => t === String(before + 1),
      'total after showing the tab');
    const tookMs = Date.now() - shownAt;
    // "At once": the first frames after showing, not a refetch or reconnect.
    assert.ok(tookMs < 1500, `current ${tookMs} ms after the tab was shown`);
    assert.equal(await tab.value(overlayText('connection-status')).then((t) => t.startsWith('Live')),
      true);
    const connectsAfter = server.logs.filter((l) => l.msg === 'socket connected').length;
    assert.equal(connectsAfter, connectsBefore, `no reconnect: the connection was kept; server said: ${
      JSON.stringify(server.logs.filter((l) => l.msg.startsWith('socket')))}`);
  });

  test('a closed tab leaves politely: namespace DISCONNECT, then a close frame', async () => {
    const [connected] = server.logs.filter((l) => l.msg === 'socket connected').slice(-1);
    assert.ok(connected, 'the tab is connected');
    await client.Page.close();
    const left = await server.waitForLog(
      (l) => l.msg === 'socket left namespace' && l.sid === connected.sid);
    assert.equal(left.user, connected.user);
    const closed = await server.waitForLog((l) => l.msg === 'socket closed' && l.sid === connected.sid);
    assert.match(closed.reason, /gracefully closed/,
      'a close frame from the page, not a dropped connection');
  });
});

// The tab's life as the browser runs it (issue 6): a hidden tab keeps its
// connection but draws nothing, and on becoming visible it is current at
// once; a closed tab (pagehide) leaves with a socket.io DISCONNECT and a
// WebSocket close frame rather than dropping the connection.
//
// Headless Chromium reports every page visible, and so does a page that
// Playwright attaches to (it emulates focus), so this test runs Debian's
// Chromium headed on an X display of its own (tests/support/xvfb.mjs) and
// talks to the tab through the DevTools protocol directly
// (chrome-remote-interface), which also shows every WebSocket frame the tab
// sends and receives. Opening a second tab in the same window hides the
// first for real: visibilityState "hidden", no animation frames. Closing it
// shows the first again. A message that arrives while the tab is hidden
// becomes a browser notification (issue 15), one to a visible tab does not.
//
// Each case starts its own server, Chromium and display, so neither depends
// on what the other left behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';

import CDP from 'chrome-remote-interface';

import { apiClient } from '../support/api_client.mjs';
import { chromiumArgs } from '../support/browser.mjs';
import { processLogPath, siteDir } from '../support/paths.mjs';
import { startServer, stopServer, tailOf } from '../support/server_process.mjs';
import { startXvfb } from '../support/xvfb.mjs';

// Chromium writes the port it picked for --remote-debugging-port=0 here.
async function devToolsPort(profileDir, timeoutMs = 60000) {
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
  throw new Error(`Chromium did not open its DevTools port in ${timeoutMs} ms`);
}

// Headed Chromium in a process group of its own, so one kill stops it all.
function startHeadedChromium(profileDir, display) {
  const args = chromiumArgs.filter((a) => a !== '--disable-gpu');
  const logFd = openSync(processLogPath('chromium'), 'w');
  const proc = spawn('/usr/bin/chromium', [...args, `--user-data-dir=${profileDir}`,
    '--remote-debugging-port=0', '--window-size=1280,800', 'about:blank'],
  { detached: true, stdio: ['ignore', logFd, logFd], env: { ...process.env, DISPLAY: display } });
  closeSync(logFd);
  return proc;
}

function killGroup(proc, signal) {
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // already gone
  }
}

const overlayText = (testid) =>
  `document.querySelector('[data-testid="${testid}"]')?.textContent ?? null`;

// A server (with `serverArgs`), a headed Chromium on its own display, and
// alice's dashboard open and Live in its one tab, driven over CDP. The tab
// records every WebSocket frame (opened.frames: [{ at, sent, data }]) and
// every request it makes (opened.requests: [{ at, url }]). With `via`, the
// page reaches the server through that proxy (see recordingProxy).
async function openHeadedDashboard(work, { serverArgs = [], via } = {}) {
  const opened = { frames: [], requests: [] };
  try {
    opened.server = await startServer({ site: siteDir, dataDir: path.join(work, 'data'),
      args: serverArgs });
    if (via) opened.proxy = await via(opened.server.port);
    opened.api = apiClient(opened.server.port);
    opened.token = await opened.api.login('alice');
    opened.xvfb = await startXvfb('1280x800x24');
    const profileDir = path.join(work, 'profile');
    opened.chromium = startHeadedChromium(profileDir, opened.xvfb.display);
    opened.port = await devToolsPort(profileDir);
    const [first] = (await CDP.List({ port: opened.port })).filter((t) => t.type === 'page');
    const client = await CDP({ port: opened.port, target: first });
    opened.client = client;
    await Promise.all([client.Page.enable(), client.Runtime.enable(), client.Network.enable()]);
    client.on('Network.webSocketFrameSent', ({ response }) =>
      opened.frames.push({ at: Date.now(), sent: true, data: response.payloadData }));
    client.on('Network.webSocketFrameReceived', ({ response }) =>
      opened.frames.push({ at: Date.now(), sent: false, data: response.payloadData }));
    client.on('Network.requestWillBeSent', ({ request }) =>
      opened.requests.push({ at: Date.now(), url: request.url }));
    // A returning visitor: the token is already stored for the origin.
    await client.Page.addScriptToEvaluateOnNewDocument({
      source: `localStorage.setItem('dashboard.token', ${JSON.stringify(opened.token)});` +
        "localStorage.setItem('dashboard.user', 'alice');",
    });
    opened.tab = {
      async value(expression) {
        const { result, exceptionDetails } =
          await client.Runtime.evaluate({ expression, returnByValue: true });
        if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.text}`);
        return result.value;
      },
    };
    const port = opened.proxy?.port ?? opened.server.port;
    await client.Page.navigate({ url: `http://127.0.0.1:${port}/dashboard` });
    await waitForValue(opened.tab, overlayText('connection-status'), (t) => t?.startsWith('Live'),
      'connection status', 60000);
  } catch (err) {
    await closeHeadedDashboard(opened);
    throw err;
  }
  return opened;
}

async function closeHeadedDashboard(opened) {
  await opened.client?.close().catch(() => {});
  if (opened.chromium) killGroup(opened.chromium, 'SIGKILL');
  await opened.xvfb?.stop();
  await opened.proxy?.close();
  await stopServer(opened.server);
}

// A TCP proxy to the server that keeps what each client sent, so a test
// can read the WebSocket frames a page sent as they were on the wire,
// whatever the server made of them. proxy.connections: [{ sent: Buffer,
// ended: Promise }].
async function recordingProxy(targetPort) {
  const proxy = { connections: [], sockets: new Set() };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const connection = { sent: Buffer.alloc(0) };
    connection.ended = new Promise((resolve) => client.on('close', resolve));
    proxy.connections.push(connection);
    for (const socket of [client, upstream]) {
      proxy.sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => proxy.sockets.delete(socket));
    }
    client.on('data', (data) => {
      connection.sent = Buffer.concat([connection.sent, data]);
      upstream.write(data);
    });
    upstream.on('data', (data) => client.write(data));
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = server.address().port;
  proxy.close = () => {
    for (const socket of proxy.sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  };
  return proxy;
}

// The client's WebSocket frames after the upgrade request, unmasked:
// [{ opcode, text }]. A frame cut short at the end is left out.
function clientFrames(bytes) {
  const frames = [];
  let at = bytes.indexOf('\r\n\r\n') + 4;
  while (at > 3 && at + 2 <= bytes.length) {
    const opcode = bytes[at] & 0x0f;
    let length = bytes[at + 1] & 0x7f;
    let header = 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(at + 2));
      header = 10;
    }
    const mask = bytes.subarray(at + header, at + header + 4);
    const start = at + header + 4;
    if (start + length > bytes.length) break;
    const payload = Buffer.from(bytes.subarray(start, start + length).map((b, i) => b ^ mask[i % 4]));
    frames.push({ opcode, text: payload.toString('latin1') });
    at = start + length;
  }
  return frames;
}

// Polls `expression` in the tab until `predicate(value)` holds.
async function waitForValue(tab, expression, predicate, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await tab.value(expression);
    if (predicate(last)) return last;
    await sleep(25);
  }
  throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
}

// Polls `read()` until it returns the same value for `quietMs` in a row.
async function waitUntilSteady(read, quietMs, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  let since = Date.now();
  while (Date.now() < deadline) {
    await sleep(100);
    const now = await read();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return last;
    }
  }
  throw new Error(`still changing after ${timeoutMs} ms (last ${JSON.stringify(last)})`);
}

async function until(condition, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not seen in ${timeoutMs} ms`);
    await sleep(50);
  }
}

const isPing = (f) => !f.sent && f.data === '2';
const isPong = (f) => f.sent && f.data === '3';

describe('tab lifecycle in headed Chromium', () => {
  test('keeps its connection, draws nothing while hidden, and is current once shown', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-hidden-tab-'));
    // A ping every second: while hidden the page must keep answering them
    // (without drawing), which the test sees in the tab's own frames. The
    // timeout is long enough that a loaded machine answers in time.
    const opened = await openHeadedDashboard(work,
      { serverArgs: ['--ping-interval-ms', '1000', '--ping-timeout-ms', '5000'] });
    const { server, api, token, tab, port, frames, requests } = opened;
    try {
      const connected = server.logs.filter((l) => l.msg === 'socket connected');
      assert.equal(connected.length, 1, 'one socket, the tab\'s');
      assert.equal(await tab.value('document.visibilityState'), 'visible');
      assert.ok(requests.some((r) => new URL(r.url).pathname === '/api/dashboard'),
        'the tab\'s requests are seen (its snapshot)');

      const other = await CDP.New({ port, url: 'about:blank' });
      await waitForValue(tab, 'document.visibilityState', (v) => v === 'hidden', 'visibility');
      const hiddenAt = Date.now();
      // Whatever frame was asked for before the tab hid has been drawn.
      const framesHidden =
        await waitUntilSteady(() => tab.value('window.dashboardFramesDrawn'), 1000);
      const logLinesHidden = server.logs.length;

      const before = (await api.call('GET', '/api/dashboard', { token })).body.summary.totalMocs;
      const title = 'Built while nobody looked';
      const added = await api.call('POST', '/api/mocs', {
        token,
        body: { title, theme: 'Space', buildStatus: 'ADDED', partsCoverageStatus: 'NONE' },
      });
      assert.equal(added.status, 201);
      // The event reaches the hidden tab, and the tab answers three pings in
      // a row while hidden.
      const sinceHidden = () => frames.filter((f) => f.at >= hiddenAt);
      await until(() => sinceHidden().some((f) => !f.sent && f.data.includes(title)),
        'the event frame in the hidden tab');
      await until(() => sinceHidden().filter(isPong).length >= 3,
        `three pongs from the hidden tab (frames since hidden: ${JSON.stringify(
          sinceHidden().map((f) => `${f.sent ? '>' : '<'}${f.data.slice(0, 12)}`))})`);
      assert.equal(await tab.value('window.dashboardFramesDrawn'), framesHidden,
        'a hidden tab draws no frames');
      assert.equal(await tab.value(overlayText('total-mocs-count')), String(before),
        'nothing was drawn, so the overlay still shows the old total');
      const metrics = await api.call('GET', '/metrics');
      assert.match(metrics.text, /^dashboard_connected_sockets 1$/m,
        `the socket stays open; server log ${tailOf(server)}`);

      const shownAt = Date.now();
      await CDP.Close({ port, id: other.id });
      await waitForValue(tab, 'document.visibilityState', (v) => v === 'visible', 'visibility');
      await waitForValue(tab, overlayText('total-mocs-count'), (t) => t === String(before + 1),
        'total after showing the tab');
      const tookMs = Date.now() - shownAt;
      // "At once": drawn from what the tab already holds, with no reconnect
      // and no refetch of the snapshot; the bound leaves a loaded machine
      // seconds for its first software-rendered frames, far below the
      // minute tick or a 30 s poll that would otherwise bring the change.
      const since = server.logs.slice(logLinesHidden);
      assert.deepEqual(since.filter((l) => l.msg === 'socket connected' || l.msg === 'socket closed'),
        [], 'no reconnect: the connection was kept');
      assert.deepEqual(requests.filter((r) => r.at >= hiddenAt).map((r) => r.url), [],
        'no request at all: no refetch of the snapshot, no missed events asked for');
      assert.ok(tookMs < 5000, `current ${tookMs} ms after the tab was shown`);
      assert.equal(await tab.value(overlayText('connection-status')).then((t) => t.startsWith('Live')),
        true);
      const pings = sinceHidden().filter(isPing).length;
      const pongs = sinceHidden().filter(isPong).length;
      assert.ok(pongs >= pings - 1, `every ping answered: ${pings} pings, ${pongs} pongs`);
    } finally {
      await closeHeadedDashboard(opened);
      rmSync(work, { recursive: true, force: true });
    }
  });

  test('a message to a hidden tab is a browser notification; the visible tab has only its toast', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-notify-tab-'));
    const opened = await openHeadedDashboard(work);
    const { server, api, token, tab, port, client, frames } = opened;
    try {
      // The person allowed notifications for the site and turned them on for
      // messages (the page follows the preferences event live).
      await client.Browser.grantPermissions({ origin: `http://127.0.0.1:${server.port}`,
        permissions: ['notifications'] });
      assert.equal(await tab.value('Notification.permission'), 'granted');
      const put = await api.call('PUT', '/api/notifications/preferences',
        { token, body: { preferences: { message: { browser: true } } } });
      assert.equal(put.status, 200, put.text);
      await until(() => frames.some((f) => !f.sent && f.data.includes('notifications:preferences')),
        'the preferences event in the tab');
      // Every Notification the page makes, recorded; the real one still shows.
      await tab.value(`(() => {
        window.shownNotifications = [];
        const Native = window.Notification;
        window.Notification = class extends Native {
          constructor(title, options) {
            super(title, options);
            window.shownNotifications.push(options?.body ?? '');
          }
        };
        Object.defineProperty(window.Notification, 'permission', { get: () => Native.permission });
        return true;
      })()`);
      const bob = await api.login('bob');
      const send = async (text) => {
        const sent = await api.call('POST', '/api/conversations/alice/messages', { token: bob, body: { text } });
        assert.equal(sent.status, 201, sent.text);
      };

      // Visible: the toast says it, and no browser notification.
      await send('Seen in the open tab');
      await waitForValue(tab, overlayText('toast'), (t) => t?.includes('Seen in the open tab'), 'the toast');
      assert.deepEqual(await tab.value('window.shownNotifications'), []);

      // Hidden for real (another tab in front): no frames are drawn, yet the
      // message becomes a browser notification within the background tick.
      const other = await CDP.New({ port, url: 'about:blank' });
      await waitForValue(tab, 'document.visibilityState', (v) => v === 'hidden', 'visibility');
      await send('While you were away');
      await waitForValue(tab, 'window.shownNotifications', (n) => n.length === 1, 'a browser notification');
      assert.deepEqual(await tab.value('window.shownNotifications'), ['bob: While you were away']);
      await CDP.Close({ port, id: other.id });
      await waitForValue(tab, 'document.visibilityState', (v) => v === 'visible', 'visibility');
    } finally {
      await closeHeadedDashboard(opened);
      rmSync(work, { recursive: true, force: true });
    }
  });

  test('a closed tab leaves politely: namespace DISCONNECT, then a close frame', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-closed-tab-'));
    // The page's bytes are read on the wire: the server may be too slow to
    // answer the close frame before Chromium drops the closed tab's
    // connection, and then logs a transport error although the page did
    // say goodbye.
    const opened = await openHeadedDashboard(work, { via: recordingProxy });
    const { server, client, proxy } = opened;
    try {
      // The tab's current socket: on a loaded machine a probe left unanswered
      // for 10 s makes the page replace a silent socket, and its goodbye then
      // goes on the newer one.
      const { sid, user } = server.logs.filter((l) => l.msg === 'socket connected').at(-1);
      const socket = proxy.connections.filter((c) => c.sent.toString('latin1').startsWith('GET /socket.io/')).at(-1);
      assert.ok(socket, 'the tab\'s WebSocket went through the proxy');
      await client.Page.close();
      // The wire first: when this fails, the message shows what the page sent.
      const closed = await server.waitForLog((l) => l.msg === 'socket closed' && l.sid === sid, 30000);
      await socket.ended;
      const last = clientFrames(socket.sent).slice(-2);
      assert.deepEqual(last.map((f) => f.opcode), [0x1, 0x8],
        `the page's last frames: a DISCONNECT, then a close frame (${JSON.stringify(last)}); ` +
        `the server logged "${closed.reason}"`);
      assert.match(last[0].text, /^41\/dashboard,?$/);
      const left = await server.waitForLog((l) => l.msg === 'socket left namespace' && l.sid === sid, 30000);
      assert.equal(left.user, user);
      // The page's own close (1000, "client closed"), not the 1001 Chromium
      // sends for any socket a closing page left open.
      const code = Buffer.from(last[1].text, 'latin1').readUInt16BE(0);
      assert.equal(code, 1000, `close code ${code}: ${last[1].text.slice(2)}`);
    } finally {
      await closeHeadedDashboard(opened);
      rmSync(work, { recursive: true, force: true });
    }
  });
});

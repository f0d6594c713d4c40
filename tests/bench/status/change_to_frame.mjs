// From a monitored endpoint's change to the /status frame that shows it.
// The server monitors a local HTTP endpoint that this script flips between
// 200 (up) and 503 (down); alice's /status page in Chromium and a
// socket.io-client 4.8 peer, subscribed in the same run, both follow it.
// Times are epoch ms on one machine: the change is the flip, the check is
// the delta's timestamp (when the server's probe finished), the page's
// frame is the overlay update that shows the new word on the card (a
// MutationObserver in the page), the peer's receipt its 'service:status'
// handler. change -> * includes waiting for the next check (up to one
// interval); check -> * is the delivery alone.
//
//   node tests/bench/status/change_to_frame.mjs [--flips 20] [--interval-ms 1000]
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { io } from 'socket.io-client';

import { apiClient } from '../../support/api_client.mjs';
import { launchChromium, openPage, waitForAppReady } from '../../support/browser.mjs';
import { byTestId, rememberSignIn } from '../../support/overlay.mjs';
import { siteDir } from '../../support/paths.mjs';
import { startServer, stopServer } from '../../support/server_process.mjs';

const { values } = parseArgs({ options: {
  flips: { type: 'string', default: '20' },
  'interval-ms': { type: 'string', default: '1000' },
  width: { type: 'string', default: '1280' },
  height: { type: 'string', default: '900' },
} });
const FLIPS = Number(values.flips);
const INTERVAL = Number(values['interval-ms']);
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const fmt = (x) => (x === undefined ? 'n/a' : x.toFixed(1));
const line = (label, xs) =>
  console.log(`${label.padEnd(40)} p50 ${fmt(quantile(xs, 0.5))} p99 ${fmt(quantile(xs, 0.99))} ms (n=${xs.length})`);

let failing = false;
const endpoint = http.createServer((req, res) => res.writeHead(failing ? 503 : 200).end('x'));
await new Promise((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-status-frame-'));
const server = await startServer({ site: siteDir, dataDir, args: [
  '--status-interval-ms', String(INTERVAL),
  '--monitor', `ep=http://127.0.0.1:${endpoint.address().port}/`] });
const baseUrl = `http://127.0.0.1:${server.port}`;
let browser;
let peer;
try {
  const token = await apiClient(server.port).login('alice');
  peer = io(`${baseUrl}/dashboard`, { transports: ['websocket'], auth: { token }, forceNew: true });
  const deltas = [];  // { at, status, checkedAt }
  peer.on('service:status', (d) => {
    if (d.serviceId === 'ep' && d.status) deltas.push({ at: Date.now(), status: d.status, checkedAt: Date.parse(d.timestamp) });
  });
  await new Promise((resolve, reject) => { peer.once('connect', resolve); peer.once('connect_error', reject); });
  peer.emit('subscribe:status');

  browser = await launchChromium();
  const { page, context } = await openPage(browser, { width: Number(values.width), height: Number(values.height) });
  await rememberSignIn(page, token, 'alice');
  await page.goto(`${baseUrl}/status`);
  await waitForAppReady(page);
  await page.waitForSelector(byTestId('status-banner'), { state: 'attached', timeout: 60000 });
  // Every change of the ep card's word, with the time the overlay showed it.
  await page.evaluate(() => {
    window.healthLog = [];
    let last = null;
    const look = () => {
      const names = [...document.querySelectorAll('[data-testid="service-name"]')].map((e) => e.textContent);
      const i = names.indexOf('ep');
      const word = i < 0 ? null : document.querySelectorAll('[data-testid="service-health"]')[i]?.textContent;
      if (word && word !== last) {
        last = word;
        window.healthLog.push({ at: performance.timeOrigin + performance.now(), word });
      }
    };
    look();
    new MutationObserver(look).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  const until = async (predicate, ms = 30000) => {
    const start = Date.now();
    while (!(await predicate())) {
      if (Date.now() - start > ms) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const shown = (word) => page.evaluate((w) => window.healthLog.at(-1)?.word === w, word);
  await until(() => shown('Up'));

  const changeToFrame = [];
  const changeToPeer = [];
  const checkToFrame = [];
  const checkToPeer = [];
  for (let i = 0; i < FLIPS; ++i) {
    failing = !failing;
    const want = failing ? 'Down' : 'Up';
    const changedAt = Date.now();
    const from = deltas.length;
    await until(() => shown(want));
    await until(() => deltas.slice(from).some((d) => d.status === want.toLowerCase()));
    const frameAt = (await page.evaluate(() => window.healthLog.at(-1))).at;
    const delta = deltas.slice(from).find((d) => d.status === want.toLowerCase());
    changeToFrame.push(frameAt - changedAt);
    changeToPeer.push(delta.at - changedAt);
    checkToFrame.push(frameAt - delta.checkedAt);
    checkToPeer.push(delta.at - delta.checkedAt);
    // The next flip lands at a random point of the check interval.
    await new Promise((r) => setTimeout(r, Math.random() * INTERVAL));
  }
  await context.close();
  console.log(`status change-to-frame over ${FLIPS} flips, checks every ${INTERVAL} ms`);
  line('endpoint change -> /status frame', changeToFrame);
  line('endpoint change -> socket.io-client peer', changeToPeer);
  line('check -> /status frame', checkToFrame);
  line('check -> socket.io-client peer', checkToPeer);
  console.log(`frame - peer (check ->) at p50: ${fmt(quantile(checkToFrame, 0.5) - quantile(checkToPeer, 0.5))} ms`);
} finally {
  peer?.close();
  await browser?.close();
  await stopServer(server);
  endpoint.close();
  endpoint.closeAllConnections();
  rmSync(dataDir, { recursive: true, force: true });
}

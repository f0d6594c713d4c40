// The build board with 1,000 cards in Chromium (SwiftShader WebGL): the
// frame time while a card is dragged across the columns, next to a floor in
// the same run: the same mouse path over the same board without dragging
// (hover only). Each figure is the client's CPU per frame (C++ draw +
// ImGui + GL calls, from dashboard_frame_drawn) and the interval between
// frames.
//
// drop_to_frame.mjs beside it measures a move from one browser to another.
//
//   node tests/bench/board/run.mjs [--cards 1000] [--width 1280] [--height 800] [--seconds 5]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { apiClient } from '../../support/api_client.mjs';
import { launchChromium, openPage, waitForAppReady } from '../../support/browser.mjs';
import { byTestId, rememberSignIn } from '../../support/overlay.mjs';
import { siteDir } from '../../support/paths.mjs';
import { startServer, stopServer } from '../../support/server_process.mjs';

const { values } = parseArgs({ options: {
  cards: { type: 'string', default: '1000' },
  width: { type: 'string', default: '1280' },
  height: { type: 'string', default: '800' },
  seconds: { type: 'string', default: '5' },
} });
const CARDS = Number(values.cards);
const WIDTH = Number(values.width);
const HEIGHT = Number(values.height);
const MS = Number(values.seconds) * 1000;
const THEMES = ['Space', 'Castle', 'City', 'Technic', 'Pirates', 'Trains'];

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const fmt = (x) => (x === undefined ? 'n/a' : x.toFixed(1));

async function seed(api, token) {
  let total = (await api.call('GET', '/api/board/alice', { token })).body.cards.length;
  const pending = [];
  for (let i = total; i < CARDS; i++) {
    pending.push(api.call('POST', '/api/mocs', { token, body: {
      title: `Board Card ${String(i).padStart(4, '0')}`, theme: THEMES[i % THEMES.length],
      buildStatus: ['ADDED', 'IN_PROGRESS', 'BUILT'][i % 3],
      partsCoverageStatus: 'PARTIAL_ORDERED', coveragePercentage: i % 101,
    } }));
    if (pending.length === 16) {
      for (const res of await Promise.all(pending.splice(0))) {
        if (res.status !== 201) throw new Error(`seeding failed: ${res.status} ${res.text}`);
      }
    }
  }
  await Promise.all(pending);
  total = (await api.call('GET', '/api/board/alice', { token })).body.cards.length;
  return total;
}

// Moves the mouse back and forth across the three columns for MS, one move
// every 16 ms (as a hand does), with the button held when `drag`.
async function sweep(page, from, drag) {
  await page.mouse.move(from.x, from.y);
  if (drag) {
    await page.mouse.down();
    await page.mouse.move(from.x + 10, from.y + 10, { steps: 3 });
  }
  await page.evaluate(() => { window.dashboardFrameLog = []; });
  const started = Date.now();
  let t = 0;
  while (Date.now() - started < MS) {
    const phase = (t % 120) / 120;
    const x = WIDTH * (0.15 + 0.7 * (phase < 0.5 ? phase * 2 : 2 - phase * 2));
    await page.mouse.move(x, HEIGHT * 0.55 + Math.sin(t / 9) * 80);
    await page.waitForTimeout(16);
    t += 1;
  }
  const log = await page.evaluate(() => window.dashboardFrameLog);
  if (drag) {
    // Let go over the column it came from: Escape first, so nothing moves.
    await page.keyboard.press('Escape');
    await page.mouse.move(from.x, from.y);
    await page.mouse.up();
  }
  const intervals = log.slice(1).map(([when], i) => when - log[i][0]);
  return { frames: log.length, cpu: log.map(([, c]) => c), intervals };
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-board-bench-'));
const server = await startServer({ site: siteDir, dataDir });
const baseUrl = `http://127.0.0.1:${server.port}`;
let browser;
try {
  const api = apiClient(server.port);
  const token = await api.login('alice');
  const total = await seed(api, token);
  browser = await launchChromium();
  const { context, page } = await openPage(browser, { width: WIDTH, height: HEIGHT });
  await rememberSignIn(page, token, 'alice');
  // A long poll interval: the figures are the drawing's, not the network's.
  await page.goto(`${baseUrl}/board?boardPollMs=600000`);
  await waitForAppReady(page);
  await page.waitForSelector(byTestId('board-card-added'), { state: 'attached', timeout: 60000 });
  const box = await page.locator(byTestId('board-card-added')).first().boundingBox();
  const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const hover = await sweep(page, from, false);
  const drag = await sweep(page, from, true);
  const cards = await page.locator('[data-testid^="board-card-"]').count();
  await context.close();
  const line = (name, r) => `${name}: ${r.frames} frames in ${MS / 1000} s, client CPU per frame median ` +
    `${fmt(quantile(r.cpu, 0.5))} p95 ${fmt(quantile(r.cpu, 0.95))} p99 ${fmt(quantile(r.cpu, 0.99))} ms; ` +
    `interval median ${fmt(quantile(r.intervals, 0.5))} p95 ${fmt(quantile(r.intervals, 0.95))} ms`;
  console.log(`/board with ${total} cards at ${WIDTH}x${HEIGHT}, ${cards} cards in the overlay (only those on screen)`);
  console.log(line('dragging a card          ', drag));
  console.log(line('floor: the same path, hover', hover));
  console.log(`ratio dragging / floor: CPU median ${(quantile(drag.cpu, 0.5) / quantile(hover.cpu, 0.5)).toFixed(2)}x, ` +
    `interval median ${(quantile(drag.intervals, 0.5) / quantile(hover.intervals, 0.5)).toFixed(2)}x`);
} finally {
  await browser?.close();
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}

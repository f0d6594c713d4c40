// /mocs with 10,000 MOCs: the time from navigation to the first rows on
// screen, and the frame time while scrolling the list fast, in Chromium
// (SwiftShader WebGL) and natively (the GLFW client under Xvfb, Mesa's
// software GL). Peers in the same run: the first page's own response time
// (GET /api/mocs?limit=50, from the page's resource timing), and frames
// while scrolling the dashboard, a page with a few dozen rows.
//
//   node tests/bench/mocs_list/run.mjs [--mocs 10000] [--width 1280] [--height 800]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { apiClient } from '../../support/api_client.mjs';
import { launchChromium, openPage, waitForAppReady } from '../../support/browser.mjs';
import { byTestId, rememberSignIn } from '../../support/overlay.mjs';
import { nativeBin, siteDir } from '../../support/paths.mjs';
import { startServer, stopServer } from '../../support/server_process.mjs';

const { values } = parseArgs({ options: {
  mocs: { type: 'string', default: '10000' },
  width: { type: 'string', default: '1280' },
  height: { type: 'string', default: '800' },
} });
const MOCS = Number(values.mocs);
const WIDTH = Number(values.width);
const HEIGHT = Number(values.height);
const THEMES = ['Space', 'Castle', 'City', 'Technic', 'Pirates', 'Trains', 'Ninjago', 'Botanical'];
const COVERS = ['space', 'castle', 'city', 'technic', 'pirates', 'trains', 'ninjago', 'botanical'];

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const fmt = (x) => (x === undefined ? 'n/a' : x.toFixed(1));

async function seed(api, token) {
  let total = (await api.call('GET', '/api/dashboard', { token })).body.summary.totalMocs;
  const started = Date.now();
  const mocs = [];
  for (let i = total; i < MOCS; i++) {
    mocs.push({
      title: `Bench MOC ${String(i).padStart(5, '0')}`, theme: THEMES[i % THEMES.length],
      buildStatus: ['ADDED', 'IN_PROGRESS', 'BUILT'][i % 3],
      partsCoverageStatus: ['FULL_INVENTORY', 'PARTIAL_ORDERED', 'NONE'][i % 3],
      coveragePercentage: i % 101,
      // Distinct URLs: the gallery and the rows ask the cache for each one.
      coverImageUrl: i % 4 === 3 ? null : `/covers/${COVERS[i % COVERS.length]}.png?n=${i}`,
    });
  }
  await api.importMocs(token, mocs);
  total = (await api.call('GET', '/api/dashboard', { token })).body.summary.totalMocs;
  console.error(`seeded to ${total} MOCs in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return total;
}

// Wheel-scrolls what is under (x, y) for `ms`, returning the frames drawn meanwhile.
async function scrollFrames(page, x, y, ms) {
  await page.mouse.move(x, y);
  await page.evaluate(() => { window.dashboardFrameLog = []; });
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(40);
  }
  const log = await page.evaluate(() => window.dashboardFrameLog);
  const intervals = log.slice(1).map(([t], i) => t - log[i][0]);
  return { frames: log.length, cpu: log.map(([, c]) => c), intervals };
}

async function inChromium(browser, baseUrl, token) {
  const { context, page } = await openPage(browser, { width: WIDTH, height: HEIGHT });
  try {
    await rememberSignIn(page, token, 'alice');
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-testid="moc-row"]')) {
          window.firstRowsAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${baseUrl}/mocs`);
    await waitForAppReady(page);
    await page.waitForFunction(() => window.firstRowsAt !== undefined, null, { timeout: 60000 });
    const timing = await page.evaluate(() => {
      const firstPage = performance.getEntriesByType('resource')
        .find((e) => /\/api\/mocs\?limit=50/.test(e.name));
      return { firstRows: window.firstRowsAt, firstPageEnd: firstPage?.responseEnd,
        firstPageDuration: firstPage ? firstPage.responseEnd - firstPage.requestStart : undefined };
    });
    const list = await page.locator(byTestId('moc-row')).first().boundingBox();
    const mocs = await scrollFrames(page, list.x + list.width / 2, list.y + 200, 4000);
    const rowsOnScreen = await page.locator(byTestId('moc-row')).count();
    await page.goto(`${baseUrl}/dashboard`);
    await page.waitForSelector(byTestId('partial-parts-table'));
    const dashboard = await scrollFrames(page, WIDTH / 2, HEIGHT / 2, 4000);
    return { timing, mocs, dashboard, rowsOnScreen };
  } finally {
    await context.close();
  }
}

function natively(baseUrl, token) {
  const run = spawnSync('xvfb-run', ['-a', '-s', `-screen 0 ${WIDTH}x${HEIGHT}x24`, nativeBin,
    '--server', baseUrl, '--token', token, '--route', '/mocs', '--width', String(WIDTH),
    '--height', String(HEIGHT), '--scale', '1', '--bench-scroll', '150'],
  { encoding: 'utf8', timeout: 180000 });
  const line = run.stdout.trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`native client: ${run.status} ${run.stdout}\n${run.stderr}`);
  }
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-mocs-bench-'));
const server = await startServer({ site: siteDir, dataDir });
const baseUrl = `http://127.0.0.1:${server.port}`;
let browser;
try {
  const api = apiClient(server.port);
  const token = await api.login('alice');
  const total = await seed(api, token);
  browser = await launchChromium();
  const chromium = await inChromium(browser, baseUrl, token);
  const native = natively(baseUrl, token);
  const { timing, mocs, dashboard } = chromium;
  console.log(`/mocs with ${total} MOCs at ${WIDTH}x${HEIGHT}`);
  console.log(`Chromium  first rows ${fmt(timing.firstRows)} ms after navigation ` +
    `(the first page's response ended at ${fmt(timing.firstPageEnd)} ms, ${fmt(timing.firstPageDuration)} ms in flight)`);
  console.log(`Chromium  scrolling /mocs: ${mocs.frames} frames in 4 s, interval median ${fmt(quantile(mocs.intervals, 0.5))} ` +
    `p95 ${fmt(quantile(mocs.intervals, 0.95))} ms; client CPU per frame median ${fmt(quantile(mocs.cpu, 0.5))} ` +
    `p95 ${fmt(quantile(mocs.cpu, 0.95))} ms; ${chromium.rowsOnScreen} rows in the overlay`);
  console.log(`Chromium  peer, scrolling /dashboard: ${dashboard.frames} frames, interval median ` +
    `${fmt(quantile(dashboard.intervals, 0.5))} p95 ${fmt(quantile(dashboard.intervals, 0.95))} ms; CPU median ` +
    `${fmt(quantile(dashboard.cpu, 0.5))} p95 ${fmt(quantile(dashboard.cpu, 0.95))} ms`);
  console.log(`native    first rows ${fmt(native.firstRowsMs)} ms after start; scrolling ${native.frames} frames: ` +
    `median ${fmt(native.frameMsMedian)} p95 ${fmt(native.frameMsP95)} max ${fmt(native.frameMsMax)} ms (incl. glFinish)`);
} finally {
  await browser?.close();
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}

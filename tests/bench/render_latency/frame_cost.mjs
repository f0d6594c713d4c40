// Frame cost in Chromium with SwiftShader (issue 17). For each viewport the
// same signed-in page is opened three ways in one run: ?frameMode=2 clears
// and draws nothing (the floor: a canvas frame's fixed cost), ?frameMode=1
// draws every pixel of every frame (the renderer before the frame cache),
// and the product's cached frames. Each goes through two loads: the mouse
// moving over one card (rows of Recent MOCs: idle, but drawing) and one
// card's data changing four times a second (a MOC renamed through the API).
// A frame's cost is the busy time, per frame drawn, of the GPU process's
// main thread (SwiftShader executing the page's GL) and of the page's
// main thread (wasm, the WebGL calls, the wait for the canvas read-back),
// from a Chrome trace; ratios are against the clear-only page in this run.
// The last column is the frame function's own time (the page's frame log).
//
//   node tests/bench/render_latency/frame_cost.mjs [--seconds 4] [--sizes 1280x800,1920x1080]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { apiClient } from '../../support/api_client.mjs';
import { launchChromium, waitUntilIdle } from '../../support/browser.mjs';
import { byTestId, centerOf } from '../../support/overlay.mjs';
import { siteDir } from '../../support/paths.mjs';
import { openTracedLivePage } from '../../support/render_trace.mjs';
import { startServer, stopServer } from '../../support/server_process.mjs';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '4' },
    sizes: { type: 'string', default: '1280x800,1920x1080' },
  },
});
const seconds = Number(values.seconds);
const MODES = [['clear', '?frameMode=2'], ['whole', '?frameMode=1'], ['cached', '']];
const THREADS = ['CrGpuMain', 'CrRendererMain'];

// Busy µs per thread name: the union of its complete events' intervals
// (nested events counted once), over every process with such a thread.
function busyByThread(traceFile) {
  const parsed = JSON.parse(readFileSync(traceFile, 'utf8'));
  const events = parsed.traceEvents ?? parsed;
  const names = new Map();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  }
  const intervals = new Map();  // pid:tid -> [[start, end]]
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!THREADS.includes(names.get(key))) continue;
    if (!intervals.has(key)) intervals.set(key, []);
    intervals.get(key).push([e.ts, e.ts + e.dur]);
  }
  const busy = Object.fromEntries(THREADS.map((t) => [t, 0]));
  for (const [key, list] of intervals) {
    list.sort((a, b) => a[0] - b[0]);
    let [start, end] = list[0];
    let total = 0;
    for (const [s, e] of list.slice(1)) {
      if (s > end) { total += end - start; [start, end] = [s, e]; } else end = Math.max(end, e);
    }
    busy[names.get(key)] += total + end - start;
  }
  return busy;
}

async function hoverLoad(page) {
  const rows = await page.$$eval(byTestId('recent-moc'), (els) => els.slice(0, 3).map((e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  }));
  for (let i = 0, end = Date.now() + seconds * 1000; Date.now() < end; ++i) {
    const at = rows[i % rows.length];
    await page.mouse.move(at.x + (i % 7), at.y);
    await page.waitForTimeout(16);
  }
}

async function changeLoad(api, token, mocId) {
  for (let i = 0, end = Date.now() + seconds * 1000; Date.now() < end; ++i) {
    await api.call('PATCH', `/api/mocs/${mocId}`, { token, body: { title: `Frame cost ${i}` } });
    await new Promise((r) => setTimeout(r, 250));
  }
}

const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-frame-cost-'));
const server = await startServer({ site: siteDir, dataDir: path.join(work, 'data') });
const browser = await launchChromium();
try {
  const api = apiClient(server.port);
  const token = await api.login('alice');
  const moc = (await api.call('GET', '/api/dashboard', { token })).body.recentMocs[0];
  const rows = [];
  for (const size of values.sizes.split(',')) {
    const [width, height] = size.split('x').map(Number);
    for (const [mode, query] of MODES) {
      const { context, page } = await openTracedLivePage(browser, {
        baseUrl: `http://127.0.0.1:${server.port}`, token, query,
        viewport: { width, height, deviceScaleFactor: 1 },
      });
      try {
        await page.mouse.move((await centerOf(page, byTestId('total-mocs-count'))).x, 5);
        await waitUntilIdle(page, { quietMs: 1000 });
        for (const [load, run] of [['hover', () => hoverLoad(page)],
          ['change', () => changeLoad(api, token, moc.id)]]) {
          const traceFile = path.join(work, `${size}-${mode}-${load}.json`);
          await page.evaluate(() => { window.dashboardFrameLog = []; });
          await browser.startTracing(page, { path: traceFile, categories: ['toplevel', 'gpu', 'cc', 'viz', 'blink', 'v8'] });
          await run();
          await browser.stopTracing();
          const log = await page.evaluate(() => window.dashboardFrameLog);
          const frames = log.length;
          const busy = busyByThread(traceFile);
          rows.push({ size, load, mode, frames,
            gpu: busy.CrGpuMain / 1000 / frames, main: busy.CrRendererMain / 1000 / frames,
            wasm: log.reduce((s, [, ms]) => s + ms, 0) / frames,
            redrawn: log.reduce((s, [, , px]) => s + px, 0) / frames / (width * height) });
          await waitUntilIdle(page, { quietMs: 1000 });
        }
      } finally {
        await context.close();
      }
    }
  }
  console.log('size       load    mode    frames  GPU ms/frame  x clear  page ms/frame  x clear  redrawn' +
    '  wasm ms/frame');
  for (const r of rows) {
    const floor = rows.find((f) => f.size === r.size && f.load === r.load && f.mode === 'clear');
    console.log(`${r.size.padEnd(10)} ${r.load.padEnd(7)} ${r.mode.padEnd(7)} ${String(r.frames).padStart(6)}` +
      `  ${r.gpu.toFixed(2).padStart(12)}  ${(r.gpu / floor.gpu).toFixed(2).padStart(7)}` +
      `  ${r.main.toFixed(2).padStart(13)}  ${(r.main / floor.main).toFixed(2).padStart(7)}` +
      `  ${(r.redrawn * 100).toFixed(1).padStart(6)}%  ${r.wasm.toFixed(2).padStart(13)}`);
  }
} finally {
  await browser.close();
  await stopServer(server);
  rmSync(work, { recursive: true, force: true });
}

// Where a frame's time goes in headless Chromium: streams mutations to the
// signed-in page for a few seconds under a Chrome trace, then prints the
// frames drawn and the busiest trace events per thread (total ms), e.g.
// `CrRendererMain | GLES2::ReadPixels` (the renderer waiting for the GPU
// process to finish the WebGL frame so the software compositor can read it
// back) and `CrGpuMain | WebGL` (SwiftShader executing our GL commands).
//
//   node tests/bench/render_latency/frame_trace.mjs [--width 1280 --height 800] [--top 25]
//        [--query ?frameMode=1]   (whole frames; 2: clear only; see frame_cost.mjs)
//        [--long-task-ms 50]      (and the page's main-thread tasks that long, with what they held)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { apiClient } from '../../support/api_client.mjs';
import { launchChromium } from '../../support/browser.mjs';
import { siteDir } from '../../support/paths.mjs';
import { openTracedLivePage } from '../../support/render_trace.mjs';
import { startServer, stopServer } from '../../support/server_process.mjs';

const { values } = parseArgs({
  options: {
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '800' },
    mutations: { type: 'string', default: '200' },
    top: { type: 'string', default: '25' },
    query: { type: 'string', default: '' },
    'long-task-ms': { type: 'string', default: '50' },
  },
});

// Total duration per "thread | event name" of complete ('X') events.
function busiestEvents(traceFile, top) {
  const parsed = JSON.parse(readFileSync(traceFile, 'utf8'));
  const events = parsed.traceEvents ?? parsed;
  const threads = new Map();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  }
  const totals = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    const key = `${threads.get(`${e.pid}:${e.tid}`) ?? e.tid} | ${e.name}`;
    totals.set(key, (totals.get(key) ?? 0) + e.dur);
  }
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, top);
}

// The page's main-thread tasks longer than `ms`, each with the events
// nested in it that took most of it: where a stall that holds socket
// messages back comes from.
function longTasks(traceFile, ms) {
  const parsed = JSON.parse(readFileSync(traceFile, 'utf8'));
  const events = parsed.traceEvents ?? parsed;
  const mainThreads = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' &&
    e.args.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === 'X' && e.dur && mainThreads.has(`${e.pid}:${e.tid}`));
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur >= ms * 1000);
  return tasks.map((task) => {
    const inside = onMain.filter((e) => e !== task && e.pid === task.pid && e.tid === task.tid &&
      e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e.name !== 'RunTask');
    inside.sort((a, b) => b.dur - a.dur);
    return { ms: task.dur / 1000, top: inside.slice(0, 6).map((e) => `${e.name} ${(e.dur / 1000).toFixed(1)}`) };
  });
}

const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-frame-trace-'));
const server = await startServer({ site: siteDir, dataDir: path.join(work, 'data') });
const browser = await launchChromium();
try {
  const api = apiClient(server.port);
  const token = await api.login('alice');
  const { page } = await openTracedLivePage(browser, {
    baseUrl: `http://127.0.0.1:${server.port}`, token, query: values.query,
    viewport: { width: Number(values.width), height: Number(values.height), deviceScaleFactor: 1 },
  });
  const moc = (await api.call('GET', '/api/dashboard', { token })).body.recentMocs[0];
  const traceFile = path.join(work, 'trace.json');
  await browser.startTracing(page, { path: traceFile,
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'gpu', 'viz', 'cc', 'v8', 'blink'] });
  const framesBefore = await page.evaluate(() => window.dashboardFramesDrawn);
  const started = Date.now();
  const statuses = ['IN_PROGRESS', 'BUILT', 'ADDED'];
  for (let i = 0; i < Number(values.mutations); ++i) {
    await api.call('PATCH', `/api/mocs/${moc.id}`, { token, body: { buildStatus: statuses[i % 3] } });
    await new Promise((r) => setTimeout(r, 10));
  }
  const elapsed = Date.now() - started;
  const frames = (await page.evaluate(() => window.dashboardFramesDrawn)) - framesBefore;
  await browser.stopTracing();
  console.log(`${values.width}x${values.height}: ${frames} frames in ${elapsed} ms` +
    ` (${(elapsed / frames).toFixed(1)} ms/frame); busiest trace events, total ms:`);
  for (const [key, us] of busiestEvents(traceFile, Number(values.top))) {
    console.log(`${(us / 1000).toFixed(0).padStart(8)}  ${key}`);
  }
  const long = longTasks(traceFile, Number(values['long-task-ms']));
  console.log(`\npage main-thread tasks of ${values['long-task-ms']} ms or more: ${long.length}`);
  for (const task of long) console.log(`${task.ms.toFixed(1).padStart(8)}  ${task.top.join(' | ')}`);
} finally {
  await browser.close();
  await stopServer(server);
  rmSync(work, { recursive: true, force: true });
}

// Where a frame's time goes in headless Chromium: streams mutations to the
// signed-in page for a few seconds under a Chrome trace, then prints the
// frames drawn and the busiest trace events per thread (total ms), e.g.
// `CrRendererMain | GLES2::ReadPixels` (the renderer waiting for the GPU
// process to finish the WebGL frame so the software compositor can read it
// back) and `CrGpuMain | WebGL` (SwiftShader executing our GL commands).
//
//   node tests/bench/render_latency/frame_trace.mjs [--width 1280 --height 800] [--top 25]
//        [--query ?frameMode=1]   (whole frames; 2: clear only; see frame_cost.mjs)
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
} finally {
  await browser.close();
  await stopServer(server);
  rmSync(work, { recursive: true, force: true });
}

// Which WebGL calls the page's frames make, how many per frame and how long
// each kind keeps the page's main thread: every WebGL2 method is wrapped
// (before the page's scripts run) while mutations stream to the dashboard.
// A state query that Chromium sends to the GPU process waits for it, and
// shows here as `getParameter:<pname>` costing far more than a draw call
// (ImGui's state backup did: web/boot.js now answers those from memory;
// --unwrapped measures the page as if it did not).
//
//   node tests/bench/render_latency/gl_calls.mjs [--mutations 200] [--top 20] [--unwrapped]
import { mkdtempSync, rmSync } from 'node:fs';
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
    mutations: { type: 'string', default: '200' },
    top: { type: 'string', default: '20' },
    unwrapped: { type: 'boolean', default: false },
  },
});

// Runs in the page before its scripts: counts and times every call on the
// prototype, so what boot.js wraps on the context is seen underneath it.
function countCalls(unwrapped) {
  const stats = {};
  window.dashboardGlCalls = stats;
  const proto = WebGL2RenderingContext.prototype;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const original = Object.getOwnPropertyDescriptor(proto, name).value;
    if (typeof original !== 'function') continue;
    proto[name] = function (...args) {
      const started = performance.now();
      const result = original.apply(this, args);
      const key = name === 'getParameter' ? `getParameter:0x${args[0].toString(16)}` : name;
      const s = (stats[key] ??= [0, 0]);
      s[0] += 1;
      s[1] += performance.now() - started;
      return result;
    };
  }
  // Without boot.js's local answers: it skips a context already marked.
  if (unwrapped) {
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, attributes) {
      const gl = getContext.call(this, type, attributes);
      if (gl && type === 'webgl2') gl.dashboardAnswersLocally = true;
      return gl;
    };
  }
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-gl-calls-'));
const server = await startServer({ site: siteDir, dataDir });
const api = apiClient(server.port);
const token = await api.login('alice');
const browser = await launchChromium();
try {
  const { page } = await openTracedLivePage(browser, {
    baseUrl: `http://127.0.0.1:${server.port}`, token,
    viewport: { width: 1280, height: 800, deviceScaleFactor: 1 },
    initScript: { content: `(${countCalls})(${values.unwrapped});` },
  });
  const moc = (await api.call('GET', '/api/dashboard', { token })).body.recentMocs[0];
  await page.evaluate(() => { for (const key in window.dashboardGlCalls) delete window.dashboardGlCalls[key]; });
  const framesBefore = await page.evaluate(() => window.dashboardFramesDrawn);
  const statuses = ['IN_PROGRESS', 'BUILT', 'ADDED'];
  for (let i = 0; i < Number(values.mutations); ++i) {
    await api.call('PATCH', `/api/mocs/${moc.id}`, { token, body: { buildStatus: statuses[i % 3] } });
    await new Promise((r) => setTimeout(r, 10));
  }
  const frames = (await page.evaluate(() => window.dashboardFramesDrawn)) - framesBefore;
  const stats = await page.evaluate(() => window.dashboardGlCalls);
  const total = Object.values(stats).reduce((sum, [, ms]) => sum + ms, 0);
  console.log(`${frames} frames at 1280x800${values.unwrapped ? ' (state queries not answered locally)' : ''}:` +
    ` ${(total / frames).toFixed(2)} ms of WebGL calls per frame on the page's main thread`);
  const rows = Object.entries(stats).sort((a, b) => b[1][1] - a[1][1]).slice(0, Number(values.top));
  console.table(rows.map(([call, [count, ms]]) => ({
    call, 'per frame': +(count / frames).toFixed(1), 'ms per frame': +(ms / frames).toFixed(3) })));
} finally {
  await browser.close();
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}

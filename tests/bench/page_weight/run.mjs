// Page weight and time to data: what a first visit downloads (compressed,
// as sent), split into wasm / js / fonts / the rest, against the budget of
// 600 KB for wasm + js + fonts; the time from the snapshot's response to
// the first frame that shows it; and frames drawn per second once idle.
// Peer in the same run: the snapshot's own transfer time.
//
//   node tests/bench/page_weight/run.mjs [--runs 5]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { apiClient } from '../../support/api_client.mjs';
import { launchChromium, openPage, waitForAppReady } from '../../support/browser.mjs';
import { rememberSignIn } from '../../support/overlay.mjs';
import { siteDir } from '../../support/paths.mjs';
import { traceVersions } from '../../support/render_trace.mjs';
import { startServer, stopServer } from '../../support/server_process.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const BUDGET = 600 * 1024;

function kind(url) {
  if (url.endsWith('.wasm')) return 'wasm';
  if (url.endsWith('.js')) return 'js';
  if (url.endsWith('.data')) return 'fonts';
  return 'other';
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-page-weight-'));
const server = await startServer({ site: siteDir, dataDir });
const token = await apiClient(server.port).login('alice');
const browser = await launchChromium();
const weights = [];
const toFrame = [];
const transfer = [];
const idle = [];
try {
  for (let run = 0; run < runs; ++run) {
    const { context, page } = await openPage(browser, { width: 1280, height: 800 });
    await rememberSignIn(page, token, 'alice');
    await traceVersions(page);
    const bytes = { wasm: 0, js: 0, fonts: 0, other: 0 };
    const finished = [];
    page.on('requestfinished', (request) => finished.push(request));
    await page.goto(`http://127.0.0.1:${server.port}/dashboard`);
    await waitForAppReady(page);
    await page.waitForSelector('[data-testid="total-mocs-count"]');
    for (const request of finished) {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) continue;
      const sizes = await request.sizes();
      bytes[kind(url.pathname)] += sizes.responseBodySize + sizes.responseHeadersSize;
    }
    weights.push(bytes);

    const snapshot = finished.find((r) => new URL(r.url()).pathname === '/api/dashboard');
    const t = snapshot.timing();
    const arrived = t.startTime + t.responseEnd;
    const shown = await page.evaluate(() => window.dashboardTraceVersions.shown[0][1]);
    toFrame.push(shown - arrived);
    transfer.push(t.responseEnd - t.requestStart);

    await page.mouse.move(1, 1);
    await page.waitForTimeout(1500);
    const before = await page.evaluate(() => window.dashboardFramesDrawn);
    await page.waitForTimeout(2000);
    idle.push(((await page.evaluate(() => window.dashboardFramesDrawn)) - before) / 2);
    await context.close();
  }
} finally {
  await browser.close();
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}

const w = weights[0];
const budgeted = w.wasm + w.js + w.fonts;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('## Page weight (compressed, as sent, first visit)\n');
console.log('| part | size |\n|---|---|');
for (const part of ['wasm', 'js', 'fonts', 'other']) console.log(`| ${part} | ${kb(w[part])} |`);
console.log(`| wasm + js + fonts | ${kb(budgeted)} (budget 600 KB: ${budgeted <= BUDGET ? 'met' : 'not met'}, ${(budgeted / BUDGET * 100).toFixed(0)} %) |`);
console.log(`\n## Snapshot to first frame (median of ${runs} runs, ms)\n`);
console.log('| measure | ms |\n|---|---|');
console.log(`| snapshot response end -> first frame showing it | ${median(toFrame).toFixed(1)} |`);
console.log(`| peer: the snapshot's own transfer (request start -> response end) | ${median(transfer).toFixed(1)} |`);
console.log(`\n## Idle\n\n| measure | value |\n|---|---|`);
console.log(`| frames per second after 1.5 s idle (median) | ${median(idle)} (goal 0) |`);

// The original requirements' loose bounds, asserted in every test run: REST
// p95 under 600 ms and change-to-render under 2 s. Far above the targets
// (tests/bench/ measures those), so a noisy machine never fails CI, while a
// real regression (a lock held across a fan-out, a frame loop that stalls)
// still does. The REST bound is what /api/dashboard adds over /healthz
// measured in the same loop: on a machine at load 30 the client's own wait
// for a CPU passed 600 ms, and that is not the server's latency.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { apiClient } from '../support/api_client.mjs';
import { launchChromium } from '../support/browser.mjs';
import { siteDir } from '../support/paths.mjs';
import { openTracedLivePage } from '../support/render_trace.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.floor((p / 100) * (xs.length - 1))];

describe('loose performance bounds', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-bounds-'));
  let server;
  let api;
  let token;

  before(async () => {
    server = await startServer({ site: siteDir, dataDir });
    api = apiClient(server.port);
    token = await api.login('alice');
  });

  after(async () => {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('GET /api/dashboard p95 under 600 ms over /healthz\'s (8 concurrent clients)', async () => {
    const dashboard = [];
    const floor = [];
    const timed = async (into, target, options) => {
      const start = performance.now();
      const res = await api.call('GET', target, options);
      into.push(performance.now() - start);
      assert.equal(res.status, 200, `${target}: ${res.text}`);
    };
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 40; ++i) {
        await timed(dashboard, '/api/dashboard', { token });
        await timed(floor, '/healthz', {});
      }
    }));
    const p95 = percentile(dashboard, 95);
    const floorP95 = percentile(floor, 95);
    console.log(`REST p95 ${p95.toFixed(1)} ms (/healthz ${floorP95.toFixed(1)} ms) over ${dashboard.length} requests each`);
    assert.ok(p95 - floorP95 < 600, `p95 ${p95} ms, /healthz ${floorP95} ms`);
  });

  test('change-to-render under 2 s in Chromium at 20 mutations/s', async () => {
    const browser = await launchChromium();
    try {
      const { page } = await openTracedLivePage(browser, {
        baseUrl: `http://127.0.0.1:${server.port}`, token, viewport: { width: 1024, height: 700 },
      });
      const before = (await api.call('GET', '/api/dashboard', { token })).body;
      const moc = before.recentMocs[0];
      const statuses = ['IN_PROGRESS', 'BUILT', 'ADDED'];
      for (let i = 0; i < 40; ++i) {
        const res = await api.call('PATCH', `/api/mocs/${moc.id}`,
          { token, body: { buildStatus: statuses[i % 3] } });
        assert.equal(res.status, 200);
        await new Promise((r) => setTimeout(r, 50));
      }
      const { events } = await api.eventsSince(token, before.version);
      const last = events.at(-1);
      await page.waitForFunction((seq) => window.dashboardTraceVersions.last >= seq, last.seq,
        { timeout: 10000 });
      const shown = await page.evaluate(() => window.dashboardTraceVersions.shown);
      const latencies = events.map((e) => {
        const frame = shown.find(([version]) => version >= e.seq);
        return frame[1] - Date.parse(e.timestamp);
      });
      const worst = Math.max(...latencies);
      console.log(`change-to-render: p50 ${percentile(latencies, 50)} ms, max ${worst} ms`);
      assert.ok(worst < 2000, `worst ${worst} ms`);
    } finally {
      await browser.close();
    }
  });
});

// The native client's frame time before and after the frame cache, under
// Xvfb with Mesa's software GL (llvmpipe): /mocs scrolled fast (every frame
// changes most of the window: the cache's worst case, where it adds the
// copy from its offscreen texture) with --frame-mode full (every pixel, as
// before) and cached, alternating, in one run. Each run prints the median
// and p95 of 150 scrolling frames, glFinish included.
//
//   node tests/bench/render_latency/native_frames.mjs [--runs 3] [--width 1280 --height 800]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { apiClient } from '../../support/api_client.mjs';
import { nativeBin, siteDir } from '../../support/paths.mjs';
import { startServer, stopServer } from '../../support/server_process.mjs';

const { values } = parseArgs({ options: {
  runs: { type: 'string', default: '3' },
  width: { type: 'string', default: '1280' },
  height: { type: 'string', default: '800' },
} });

function scroll(baseUrl, token, mode) {
  const run = spawnSync('xvfb-run', ['-a', '-s', `-screen 0 ${values.width}x${values.height}x24`,
    nativeBin, '--server', baseUrl, '--token', token, '--route', '/mocs',
    '--width', values.width, '--height', values.height, '--scale', '1',
    '--bench-scroll', '150', '--frame-mode', mode], { encoding: 'utf8', timeout: 180000 });
  const line = run.stdout.trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`native client (${mode}): ${run.status} ${run.stdout}\n${run.stderr}`);
  }
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-native-frames-'));
const server = await startServer({ site: siteDir, dataDir });
try {
  const api = apiClient(server.port);
  const token = await api.login('alice');
  const baseUrl = `http://127.0.0.1:${server.port}`;
  const results = { full: [], cached: [] };
  for (let i = 0; i < Number(values.runs); ++i) {
    for (const mode of ['full', 'cached']) results[mode].push(scroll(baseUrl, token, mode));
  }
  console.log(`native client, /mocs scrolling at ${values.width}x${values.height}, llvmpipe, ms per frame:`);
  for (const [mode, runs] of Object.entries(results)) {
    console.log(`${mode.padEnd(7)} median ${runs.map((r) => r.frameMsMedian.toFixed(2)).join(' / ')}` +
      `   p95 ${runs.map((r) => r.frameMsP95.toFixed(2)).join(' / ')}`);
  }
} finally {
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}

// The native debug client renders the same UI in a real GLFW + OpenGL window
// under Xvfb (a display of its own per run, tests/support/xvfb.mjs), and
// saves what it drew.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { artifactPath, pixelStats } from '../support/browser.mjs';
import { nativeBin } from '../support/paths.mjs';
import { runOnDisplay } from '../support/xvfb.mjs';

const PAGE_BACKGROUND = [244, 246, 250];

for (const scale of [1, 2]) {
  test(`native client draws the dashboard frame at scale ${scale}`, async () => {
    const out = artifactPath('native', `native-1024x700@${scale}x.png`);
    const run = await runOnDisplay(nativeBin,
      ['--width', '1024', '--height', '700', '--scale', String(scale),
       '--frames', '3', '--screenshot', out],
      { screen: '1280x800x24' });
    assert.equal(run.status, 0, `dashboard-native failed: ${run.stderr}`);
    const stats = pixelStats(readFileSync(out), PAGE_BACKGROUND);
    assert.equal(stats.png.width, 1024);
    assert.equal(stats.png.height, 700);
    assert.ok(stats.differingShare > 0.1, `window shows content (${stats.differingShare})`);
    assert.ok(stats.colours > 50, `anti-aliased text and shapes (${stats.colours} colours)`);
  });
}

test('native client rejects a bad option with a message', () => {
  const run = spawnSync(nativeBin, ['--width', '-3'], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /--width/);
});

test('native client shows a snapshot fetched from the real API', async () => {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { startServer, stopServer } = await import('../support/server_process.mjs');
  const { apiClient } = await import('../support/api_client.mjs');
  const { siteDir } = await import('../support/paths.mjs');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-native-'));
  const server = await startServer({ site: siteDir, dataDir });
  try {
    const api = apiClient(server.port);
    const snapshot = await api.call('GET', '/api/dashboard', { token: await api.login('alice') });
    const fixture = path.join(dataDir, 'snapshot.json');
    writeFileSync(fixture, snapshot.text);
    const shot = async (name, extra) => {
      const out = artifactPath('native', name);
      const run = await runOnDisplay(nativeBin,
        ['--width', '1440', '--height', '900', '--frames', '3', '--screenshot', out, ...extra],
        { screen: '4000x3000x24' });
      assert.equal(run.status, 0, run.stderr);
      return readFileSync(out);
    };
    const skeleton = pixelStats(await shot('native-skeleton.png', []), PAGE_BACKGROUND);
    const cards = pixelStats(await shot('native-cards-1440.png', ['--fixture', fixture]),
      PAGE_BACKGROUND);
    // Real cards add text, bars and chips: many more colours than skeleton lines.
    assert.ok(cards.colours > skeleton.colours * 1.5,
      `cards (${cards.colours} colours) vs skeleton (${skeleton.colours})`);

    writeFileSync(path.join(dataDir, 'broken.json'), '{"version": -1}');
    const broken = spawnSync(nativeBin, ['--fixture', path.join(dataDir, 'broken.json')],
      { encoding: 'utf8' });
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /version: must be an integer >= 0/);
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

// The native debug client renders the same UI in a real GLFW + OpenGL window
// under Xvfb, and saves what it drew.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { artifactPath, pixelStats } from '../support/browser.mjs';
import { nativeBin } from '../support/paths.mjs';

const PAGE_BACKGROUND = [244, 246, 250];

for (const scale of [1, 2]) {
  test(`native client draws the dashboard frame at scale ${scale}`, () => {
    const out = artifactPath('native', `native-1024x700@${scale}x.png`);
    const run = spawnSync(
      'xvfb-run',
      ['-a', '-s', '-screen 0 1280x800x24', nativeBin,
       '--width', '1024', '--height', '700', '--scale', String(scale),
       '--frames', '3', '--screenshot', out],
      { encoding: 'utf8', timeout: 60000 },
    );
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

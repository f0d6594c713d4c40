// End-to-end smoke test: the real server hosts the built WASM client, and
// Debian's Chromium loads /dashboard at three sizes and pixel ratios.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { artifactPath, openPage, pixelStats, waitForAppReady } from '../support/browser.mjs';
import { browserSuite } from '../support/signed_in_suite.mjs';

// The page background (theme.cpp light palette): a blank canvas is all this.
const PAGE_BACKGROUND = [244, 246, 250];

const viewports = [
  { width: 1440, height: 900, deviceScaleFactor: 1 },
  { width: 800, height: 600, deviceScaleFactor: 2 },
  { width: 375, height: 812, deviceScaleFactor: 3 },
];

describe('dashboard page in Chromium', () => {
  const suite = browserSuite('dashboard-e2e-');

  test('the HTML loading state is in the page before any script runs', async () => {
    const html = await (await fetch(`${suite.baseUrl}/dashboard`)).text();
    assert.match(html, /id="loading"[^>]*role="status"/);
    assert.match(html, /<canvas id="canvas"/);
  });

  for (const viewport of viewports) {
    const name = `${viewport.width}x${viewport.height}@${viewport.deviceScaleFactor}x`;

    test(`renders the dashboard frame at ${name}`, async () => {
      const { context, page, problems } = await openPage(suite.browser, viewport);
      try {
        await page.goto(`${suite.baseUrl}/dashboard`);
        await waitForAppReady(page);

        const state = await page.evaluate(() => {
          const canvas = document.getElementById('canvas');
          const rect = canvas.getBoundingClientRect();
          return {
            loadingHidden: document.getElementById('loading').hidden,
            backbuffer: [canvas.width, canvas.height],
            css: [rect.width, rect.height],
            dpr: window.devicePixelRatio,
          };
        });
        assert.equal(state.loadingHidden, true, 'loading state is gone after the first frame');
        assert.deepEqual(state.css, [viewport.width, viewport.height], 'canvas fills the window');
        // Crisp text: the backbuffer has one texel per device pixel.
        assert.deepEqual(state.backbuffer, [
          viewport.width * viewport.deviceScaleFactor,
          viewport.height * viewport.deviceScaleFactor,
        ]);

        const shot = await page.screenshot();
        writeFileSync(artifactPath('e2e', `smoke-${name}.png`), shot);
        const stats = pixelStats(shot, PAGE_BACKGROUND);
        assert.ok(stats.differingShare > 0.1, `canvas shows content (${stats.differingShare})`);
        assert.ok(stats.colours > 50, `anti-aliased text and shapes (${stats.colours} colours)`);
        assert.deepEqual(problems, [], 'no console errors');
      } finally {
        await context.close();
      }
    });
  }

  test('the canvas follows a window resize', async () => {
    const { context, page, problems } = await openPage(suite.browser, { width: 1024, height: 700 });
    try {
      await page.goto(`${suite.baseUrl}/dashboard`);
      await waitForAppReady(page);
      await page.setViewportSize({ width: 600, height: 500 });
      await page.waitForFunction(() => document.getElementById('canvas').width === 600);
      const height = await page.evaluate(() => document.getElementById('canvas').height);
      assert.equal(height, 500);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

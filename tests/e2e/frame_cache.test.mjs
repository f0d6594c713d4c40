// The cached frame (src/platform/cached_frame.hpp) in Chromium: a frame
// redraws only the pixels that changed, and what it shows is exactly what
// drawing every pixel shows. Each case opens the dashboard twice with the
// same viewport and colour scheme (375, 800 and 1440 px at DPR 1 and 2,
// light and dark), once as the product draws it and once
// with ?frameMode=1 (whole frames, as before the cache), puts both through
// the same hover, live change and second hover, and compares the two
// canvases pixel for pixel. The hover's frames must redraw a small part of
// the screen, where whole frames redraw all of it, and the GL state the
// page answers from memory must be the GPU process's.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { PNG } from 'pngjs';

import { afterInput, artifactPath, waitUntilIdle } from '../support/browser.mjs';
import { byTestId, centerOf, openSignedInPage, scrollIntoView, waitForAny } from '../support/overlay.mjs';
import { signedInSuite } from '../support/signed_in_suite.mjs';

// Every width at DPR 1 and 2, light and dark each at both.
const cases = [
  { width: 375, height: 812, deviceScaleFactor: 1, colorScheme: 'dark' },
  { width: 375, height: 812, deviceScaleFactor: 2, colorScheme: 'light' },
  { width: 800, height: 900, deviceScaleFactor: 1, colorScheme: 'dark' },
  { width: 800, height: 900, deviceScaleFactor: 2, colorScheme: 'light' },
  { width: 1440, height: 900, deviceScaleFactor: 1, colorScheme: 'light' },
  { width: 1440, height: 900, deviceScaleFactor: 2, colorScheme: 'dark' },
];

// Pixels that differ between two PNG screenshots of the same size.
function differingPixels(a, b) {
  const pa = PNG.sync.read(a);
  const pb = PNG.sync.read(b);
  assert.deepEqual([pa.width, pa.height], [pb.width, pb.height]);
  let differing = 0;
  for (let i = 0; i < pa.data.length; i += 4) {
    if (pa.data.readUInt32BE(i) !== pb.data.readUInt32BE(i)) ++differing;
  }
  return differing;
}

// Moves the mouse to `at` and returns the device pixels each frame that saw
// it redrew.
async function hoverCost(page, at) {
  await page.evaluate(() => { window.dashboardFrameLog = []; });
  await afterInput(page, () => page.mouse.move(at.x, at.y));
  const log = await page.evaluate(() => window.dashboardFrameLog);
  await page.evaluate(() => { window.dashboardFrameLog = null; });
  return log.map(([, , pixels]) => pixels);
}

describe('cached frames in Chromium', () => {
  const suite = signedInSuite('dashboard-frame-cache-');
  let renamed = 0;

  for (const viewport of cases) {
    const name = `${viewport.width}@${viewport.deviceScaleFactor}x-${viewport.colorScheme}`;
    test(`redraws only what changed and matches whole frames at ${name}`, async () => {
      const open = (query) => openSignedInPage(suite.browser,
        { baseUrl: suite.baseUrl, token: suite.token, viewport, query });
      const pages = [await open(''), await open('?frameMode=1')];
      try {
        const [cached, whole] = pages.map((p) => p.page);
        for (const page of [cached, whole]) await waitUntilIdle(page);
        const screen = viewport.width * viewport.height * viewport.deviceScaleFactor ** 2;

        // The summary's count under the mouse (at the top at every width):
        // its highlight, nothing else.
        const total = await centerOf(cached, byTestId('total-mocs-count'));
        const costs = await hoverCost(cached, total);
        const wholeCosts = await hoverCost(whole, total);
        assert.ok(costs.length > 0 && costs.every((px) => px < screen * 0.25),
          `a hover frame redraws under a quarter of the ${screen} px screen: ${costs}`);
        assert.ok(wholeCosts.every((px) => px === screen), `whole frames: ${wholeCosts}`);

        // A live change: the first recent MOC renamed through the API.
        const moc = (await suite.api.call('GET', '/api/dashboard', { token: suite.token }))
          .body.recentMocs[0];
        const title = `Frame cache ${++renamed}`;
        const patched = await suite.api.call('PATCH', `/api/mocs/${moc.id}`,
          { token: suite.token, body: { title } });
        assert.equal(patched.status, 200, patched.text);
        for (const page of [cached, whole]) {
          await waitForAny(page, 'recent-moc', (t) => t === title);
        }

        // A second hover, over a Recent MOCs row, scrolled into view on both
        // pages (at 375 px it is below the fold, and its shortened title
        // shows a tooltip), then both pages left to settle.
        for (const page of [cached, whole]) {
          await scrollIntoView(page, byTestId('recent-moc'), viewport.height);
          await waitUntilIdle(page);
        }
        const row = await centerOf(cached, byTestId('recent-moc'));
        for (const page of [cached, whole]) {
          await afterInput(page, () => page.mouse.move(row.x, row.y));
          await waitUntilIdle(page);
        }
        const shots = [];
        for (const [i, page] of [cached, whole].entries()) {
          shots.push(await page.screenshot(
            { path: artifactPath('e2e', `frame-cache-${name}-${i ? 'whole' : 'cached'}.png`) }));
        }
        assert.equal(differingPixels(shots[0], shots[1]), 0, 'cached and whole frames agree');
        // web/boot.js answers ImGui's state queries from what the setters
        // set: after all these frames, what the GPU process says.
        const answers = await cached.evaluate(() => {
          const gl = document.getElementById('canvas').getContext('webgl2');
          const asked = WebGL2RenderingContext.prototype.getParameter;
          return [gl.getParameter !== asked, [gl.SCISSOR_BOX, gl.BLEND_SRC_RGB, gl.BLEND_DST_RGB,
            gl.BLEND_SRC_ALPHA, gl.BLEND_DST_ALPHA, gl.BLEND_EQUATION_RGB, gl.BLEND_EQUATION_ALPHA]
            .map((p) => [p, String(gl.getParameter(p)), String(asked.call(gl, p))])
            .filter(([, remembered, gpu]) => remembered !== gpu)];
        });
        assert.deepEqual(answers, [true, []], 'remembered GL state is the GPU\'s');
        for (const p of pages) assert.deepEqual(p.problems, []);
      } finally {
        for (const p of pages) await p.context.close();
      }
    });
  }
});

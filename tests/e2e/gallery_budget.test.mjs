// The gallery at 10,000 MOCs in Chromium against the real server: covers
// load lazily (only tiles on screen are asked for), the texture cache's
// bytes stay within its budget while scrolling far down, MOCs without a
// cover show the placeholder, and a tile opens its MOC.
// GALLERY_MOCS overrides the count (they are added through the API's
// import, a thousand per transaction).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { artifactPath } from '../support/browser.mjs';
import { byTestId, waitForText } from '../support/overlay.mjs';
import { clickItem, openRoute } from '../support/pages.mjs';
import { signedInSuite } from '../support/signed_in_suite.mjs';

const MOCS = Number(process.env.GALLERY_MOCS ?? 10000);
const COVERS = ['space', 'castle', 'city', 'technic', 'pirates', 'trains', 'ninjago', 'botanical'];

describe('gallery at 10,000 MOCs', () => {
  const suite = signedInSuite('dashboard-gallery-');

  before(async () => {
    const { api, token } = suite;
    let total = (await api.call('GET', '/api/dashboard', { token })).body.summary.totalMocs;
    const mocs = [];
    for (let i = total; i < MOCS; i++) {
      mocs.push({ title: `Gallery MOC ${i}`, theme: 'City', buildStatus: 'ADDED', partsCoverageStatus: 'NONE',
        // Each cover its own URL, so each is its own texture.
        coverImageUrl: i % 5 === 4 ? null : `/covers/${COVERS[i % COVERS.length]}.png?n=${i}` });
    }
    await api.importMocs(token, mocs);
    total = (await api.call('GET', '/api/dashboard', { token })).body.summary.totalMocs;
    assert.ok(total >= MOCS, `${total} MOCs`);
  });

  test('covers load lazily and the texture cache stays within its budget', async () => {
    const { context, page, problems } = await openRoute(suite.browser, {
      baseUrl: suite.baseUrl, token: suite.token, route: '/gallery', section: 'gallery-page',
      viewport: { width: 1440, height: 900 } });
    const covers = new Set();
    page.on('request', (r) => { if (/\/covers\//.test(r.url())) covers.add(r.url()); });
    try {
      await waitForText(page, 'gallery-count', (t) => /MOCs$/.test(t) && Number(t.replace(/\D/g, '')) >= MOCS, 30000);
      await page.waitForFunction(() => (window.dashboardTextures?.ready ?? 0) > 4, null, { timeout: 30000 });
      const firstScreen = covers.size;
      assert.ok(firstScreen < 60, `only the first screen's covers are fetched: ${firstScreen}`);
      const tiles = await page.locator(byTestId('gallery-tile')).count();
      assert.ok(tiles > 0 && tiles < 60, `${tiles} tiles drawn`);

      // Scroll far down; the budget holds at every step.
      const samples = [];
      await page.mouse.move(720, 600);
      for (let i = 0; i < 60; ++i) {
        await page.mouse.wheel(0, 1500);
        await page.waitForTimeout(150);
        samples.push(await page.evaluate(() => ({ ...window.dashboardTextures })));
      }
      await page.waitForTimeout(1500);
      samples.push(await page.evaluate(() => ({ ...window.dashboardTextures })));
      const budget = samples[0].budget;
      const worst = Math.max(...samples.map((s) => s.bytes));
      assert.ok(worst <= budget, `texture bytes ${worst} within the budget ${budget}`);
      assert.ok(covers.size > firstScreen, 'scrolling brought more covers');
      assert.ok(covers.size < MOCS / 2, `not every cover was fetched: ${covers.size}`);
      await page.screenshot({ path: artifactPath('e2e', 'pages', 'gallery-scrolled.png') });
      console.log(`gallery: ${covers.size} covers fetched, texture bytes max ${worst} of ${budget}`);

      const title = await page.locator(byTestId('gallery-tile')).first().textContent();
      await clickItem(page, 'gallery-tile', title);
      await page.waitForFunction(() => /^\/mocs\/[0-9a-f-]{36}$/.test(location.pathname));
      await waitForText(page, 'moc-heading', (t) => t === title);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

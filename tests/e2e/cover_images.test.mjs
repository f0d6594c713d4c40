// Cover thumbnails in Recent MOCs, in Chromium against the real server with
// alice's demo collection plus one MOC whose cover URL 404s. The covers
// are held back until the page is idle, so their arrival alone must wake
// the render-on-demand loop; then every row with a cover shows that cover
// (its colours, not the placeholder's), the rows without one and the 404
// row show the placeholder, and nothing else reaches the console.
// Screenshots go to tests/artifacts/e2e/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';

import { PNG } from 'pngjs';

import { artifactPath, openPage, waitUntilIdle } from '../support/browser.mjs';
import { byTestId, loadSignedInDashboard } from '../support/overlay.mjs';
import { repoRoot } from '../support/paths.mjs';
import { signedInSuite } from '../support/signed_in_suite.mjs';

const MISSING_COVER = '/covers/this-cover-is-gone.png';
const THUMB_CSS = 40;        // recent_mocs_card.cpp kThumbCss
const THUMB_LEFT_CSS = 12;   // the row starts 8 px into the card, the thumbnail 20 px
const INSET = 6;             // stay clear of the rounded corners

// Mean RGB of an RGBA buffer's [x0, x1) x [y0, y1).
function meanColour(png, x0, y0, x1, y1) {
  const sum = [0, 0, 0];
  for (let y = y0; y < y1; ++y) {
    for (let x = x0; x < x1; ++x) {
      const i = (y * png.width + x) * 4;
      sum[0] += png.data[i];
      sum[1] += png.data[i + 1];
      sum[2] += png.data[i + 2];
    }
  }
  const n = (x1 - x0) * (y1 - y0);
  return sum.map((s) => s / n);
}

function distance(a, b) {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i])));
}

// The cover as the thumbnail shows it: the middle of the square source,
// the same share of it the inset crop keeps.
function expectedMean(url) {
  const png = PNG.sync.read(readFileSync(path.join(repoRoot, 'assets', url)));
  const margin = Math.round((png.width * INSET) / THUMB_CSS);
  return meanColour(png, margin, margin, png.width - margin, png.height - margin);
}

describe('cover images in Chromium', () => {
  const suite = signedInSuite('dashboard-covers-');
  let snapshot;

  before(async () => {
    const { api, token } = suite;
    const created = await api.call('POST', '/api/mocs', {
      token,
      body: { title: 'Cover Gone Missing', theme: 'Castle', buildStatus: 'ADDED',
        partsCoverageStatus: 'NONE', coverImageUrl: MISSING_COVER },
    });
    assert.equal(created.status, 201, created.text);
    snapshot = (await api.call('GET', '/api/dashboard', { token })).body;
  });

  test('demo covers are served by the dashboard itself', async () => {
    const urls = snapshot.recentMocs.map((m) => m.coverImageUrl);
    assert.equal(urls[0], MISSING_COVER);
    const covers = urls.filter((u) => u && u !== MISSING_COVER);
    assert.ok(covers.length >= 5, `most recent MOCs have covers: ${urls}`);
    assert.ok(urls.some((u) => u === null), 'some have none');
    for (const url of new Set(covers)) {
      assert.match(url, /^\/covers\/[a-z]+\.png$/);
      const response = await fetch(suite.baseUrl + url);
      assert.equal(response.status, 200, url);
      assert.equal(response.headers.get('content-type'), 'image/png');
    }
    assert.equal((await fetch(suite.baseUrl + MISSING_COVER)).status, 404);
  });

  test('recent MOCs show their covers, placeholders otherwise', async () => {
    const viewport = { width: 1280, height: 1500, deviceScaleFactor: 1 };
    const { context, page, problems } = await openPage(suite.browser, viewport);
    const missing = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && msg.location().url.endsWith(MISSING_COVER)) {
        missing.push(msg.text());
      }
    });
    try {
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      await page.route('**/covers/**', async (route) => { await held; await route.continue(); });
      await loadSignedInDashboard(page, { baseUrl: suite.baseUrl, token: suite.token });
      await page.mouse.move(1, 1);
      const before = await waitUntilIdle(page);

      release();
      const covers = snapshot.recentMocs.map((m) => m.coverImageUrl);
      const distinct = new Set(covers.filter((u) => u && u !== MISSING_COVER));
      await page.waitForFunction(
        (want) => window.dashboardImages
          && window.dashboardImages.loaded === want && window.dashboardImages.failed === 1,
        distinct.size, { timeout: 15000 });
      // The frame the arrivals ask for. Nothing else would draw one but the
      // minute tick, so a page that the covers do not wake fails here (or,
      // once in twelve runs, passes on the tick).
      const coversInAt = Date.now();
      const woke = await page.waitForFunction((n) => window.dashboardFramesDrawn > n, before,
        { timeout: 5000, polling: 50 }).then(() => true, () => false);
      assert.ok(woke, 'an arriving cover draws a frame without any input');
      console.log(`first frame ${Date.now() - coversInAt} ms after the covers were in`);
      await waitUntilIdle(page);  // every frame the arrivals asked for is drawn

      const rows = await page.locator(byTestId('recent-moc')).all();
      assert.equal(rows.length, covers.length);
      const shot = PNG.sync.read(await page.screenshot({
        path: artifactPath('e2e', 'cover-images.png'),
      }));
      const thumbs = [];
      for (const row of rows) {
        const box = await row.boundingBox();
        const x = Math.round(box.x + THUMB_LEFT_CSS);
        const y = Math.round(box.y + box.height / 2 - THUMB_CSS / 2);
        thumbs.push(meanColour(shot, x + INSET, y + INSET, x + THUMB_CSS - INSET,
          y + THUMB_CSS - INSET));
      }
      const placeholder = thumbs[covers.indexOf(null)];
      covers.forEach((url, i) => {
        if (url && url !== MISSING_COVER) {
          const want = expectedMean(url);
          assert.ok(distance(thumbs[i], want) < 24,
            `row ${i} shows ${url}: ${thumbs[i].map(Math.round)} vs ${want.map(Math.round)}`);
          assert.ok(distance(thumbs[i], placeholder) > 10 || distance(want, placeholder) <= 10,
            `row ${i} is not the placeholder`);
        } else {
          assert.ok(distance(thumbs[i], placeholder) < 2,
            `row ${i} (${url}) shows the placeholder: ${thumbs[i]} vs ${placeholder}`);
        }
      });

      assert.equal(missing.length, 1, 'the missing cover was asked for once');
      const expected404 = /^console\.error: Failed to load resource: .*404/;
      assert.deepEqual(problems.filter((p) => !expected404.test(p)), []);
      assert.ok(problems.filter((p) => expected404.test(p)).length <= 1);
    } finally {
      await context.close();
    }
  });
});

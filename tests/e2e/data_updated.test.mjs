// The header's "Data updated" pill in Chromium against the real server
// (issue 15): a change made elsewhere (here through the API, as another tab
// or device of alice would) shows it on the open page for a moment, and it
// goes; the first load never shows it, nor does this tab's own edit made
// through the UI. A MutationObserver installed before the page's scripts
// records every time the pill's overlay element appears, with what the
// page showed at that instant, so a pill too brief for polling still counts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { artifactPath, openPage } from '../support/browser.mjs';
import { byTestId, loadSignedInDashboard, waitForText } from '../support/overlay.mjs';
import { dragCard, shareWithBob, topCard, waitForCard } from '../support/board.mjs';
import { clickItem, createMoc, loadRoute, waitForMoc } from '../support/pages.mjs';
import { signedInSuite } from '../support/signed_in_suite.mjs';

const TIMEOUT = 20000;

// Before any of the page's scripts: window.dataUpdatedSeen gets one entry
// per appearance of the pill, {at, gone, shown: the texts of the `watch`
// elements then, joined by |}.
function recordPill(page, watch) {
  return page.addInitScript((watched) => {
    window.dataUpdatedSeen = [];
    let current = null;
    const look = () => {
      const pill = document.querySelector('[data-testid="data-updated"]');
      if (pill && !current) {
        const shown = [...document.querySelectorAll(`[data-testid="${watched}"]`)];
        current = { at: performance.now(), gone: null, text: pill.textContent,
                    shown: shown.map((e) => e.textContent).join('|') };
        window.dataUpdatedSeen.push(current);
      } else if (!pill && current) {
        current.gone = performance.now();
        current = null;
      }
    };
    new MutationObserver(look).observe(document, { childList: true, subtree: true,
                                                   characterData: true });
  }, watch);
}

const seen = (page) => page.evaluate(() => window.dataUpdatedSeen);

async function waitForPillGone(page) {
  await page.waitForFunction(() => {
    const s = window.dataUpdatedSeen;
    return s.length > 0 && s[s.length - 1].gone !== null;
  }, null, { timeout: TIMEOUT });
}

describe('"Data updated" pill in Chromium', () => {
  const suite = signedInSuite('dashboard-updated-');

  test('a MOC added elsewhere shows it on the open dashboard, then it goes', async () => {
    const before = (await suite.api.call('GET', '/api/dashboard', { token: suite.token })).body;
    const total = before.summary.totalMocs;
    const opened = await openPage(suite.browser, { width: 1280, height: 800 });
    const { context, page, problems } = opened;
    try {
      await recordPill(page, 'total-mocs-count');
      await loadSignedInDashboard(page, { baseUrl: suite.baseUrl, token: suite.token });
      await waitForText(page, 'connection-status', (t) => t.startsWith('Live'), TIMEOUT);
      await waitForText(page, 'total-mocs-count', (t) => t === String(total));
      assert.deepEqual(await seen(page), [], 'the first load is no news');

      await createMoc(suite.api, suite.token, { title: 'Added In Another Tab' });
      await waitForText(page, 'data-updated', (t) => t === 'Data updated', TIMEOUT);
      await page.screenshot({ path: artifactPath('e2e', 'data-updated.png') });
      await waitForPillGone(page);
      const [pill, ...more] = await seen(page);
      assert.equal(more.length, 0, 'one change, one pill');
      assert.equal(pill.shown, String(total + 1), 'it came with the change, not before');
      // 2.5 s on the page's clock; a late frame only makes it longer.
      assert.ok(pill.gone - pill.at >= 1500, `shown ${pill.gone - pill.at} ms`);
      assert.equal(await page.locator(byTestId('data-updated')).count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('this tab\'s own edit on a MOC page does not show it; another tab\'s edit does', async () => {
    const moc = await createMoc(suite.api, suite.token, { title: 'Own Edits', buildStatus: 'ADDED' });
    const opened = await openPage(suite.browser, { width: 1280, height: 800 });
    const { context, page, problems } = opened;
    try {
      await recordPill(page, 'moc-heading');
      await loadRoute(page, { baseUrl: suite.baseUrl, token: suite.token,
                              route: `/mocs/${moc.id}`, section: 'moc-page' });
      await waitForText(page, 'moc-heading', (t) => t === 'Own Edits', TIMEOUT);
      await waitForText(page, 'connection-status', (t) => t.startsWith('Live'), TIMEOUT);

      // This tab's edit, through the UI: its echo on the stream is no news.
      await clickItem(page, 'moc-build-status', 'Built');
      await waitForText(page, 'moc-build-status-selected', (t) => t === 'Built');
      const built = await waitForMoc(suite.api, suite.token, moc.id, (m) => m.buildStatus === 'BUILT');

      // Then another tab renames it. The stream is in order, so by the time
      // the rename shows, the own edit's echo was applied before it.
      const renamed = await suite.api.call('PATCH', `/api/mocs/${moc.id}`, {
        token: suite.token, body: { title: 'Renamed Elsewhere' },
        headers: { 'If-Match': `"${built.version}"` },
      });
      assert.equal(renamed.status, 200, renamed.text);
      await waitForText(page, 'moc-heading', (t) => t === 'Renamed Elsewhere', TIMEOUT);
      await waitForText(page, 'data-updated', (t) => t === 'Data updated', TIMEOUT);
      await waitForPillGone(page);
      const appearances = await seen(page);
      assert.deepEqual(appearances.map((p) => p.shown), ['Renamed Elsewhere'],
        'only the other tab\'s change showed it');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('on the board: this tab\'s drag does not show it; bob\'s move does', async () => {
    const card = await topCard(suite.api, suite.token, 'Pill Keep');
    await shareWithBob(suite.api, suite.token, 'editor');
    const bobToken = await suite.api.login('bob');
    const { context, page, problems } = await openPage(suite.browser, { width: 1440, height: 900 });
    try {
      await recordPill(page, 'board-card-in_progress');
      await loadRoute(page, { baseUrl: suite.baseUrl, token: suite.token, route: '/board',
                              section: 'board-page' });
      await waitForCard(page, 'Pill Keep', 'added');
      await waitForText(page, 'connection-status', (t) => t.startsWith('Live'), TIMEOUT);

      await dragCard(page, 'Pill Keep', 'built');
      await waitForCard(page, 'Pill Keep', 'built');
      const built = await waitForMoc(suite.api, suite.token, card.id, (m) => m.buildStatus === 'BUILT');

      const moved = await suite.api.call('PATCH', `/api/mocs/${card.id}`, {
        token: bobToken, headers: { 'if-match': `"${built.version}"` },
        body: { buildStatus: 'IN_PROGRESS', boardRank: '1' },
      });
      assert.equal(moved.status, 200, moved.text);
      await waitForCard(page, 'Pill Keep', 'in_progress');
      await waitForText(page, 'data-updated', (t) => t === 'Data updated', TIMEOUT);
      await waitForPillGone(page);
      const appearances = await seen(page);
      assert.equal(appearances.length, 1, JSON.stringify(appearances));
      assert.ok(appearances[0].shown.split('|').includes('Pill Keep'),
        `it came with bob's move: ${appearances[0].shown}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

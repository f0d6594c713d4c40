// The collection pages in Chromium against the real server with alice's
// demo collection, driven through the semantics overlay: every route by
// deep link and by click, Back/Forward and reload; a MOC added through the
// form shows on the dashboard and in a second tab; a status edited on the
// MOC page moves the dashboard's counts; a refused edit (400, 500) rolls
// back with a toast and Retry; a concurrent edit in another tab is a 409
// "Changed elsewhere" that keeps what was typed; a MOC deleted elsewhere
// while its page is open says so; delete and Undo; a wishlist add whose
// answer is cut, retried, carries one Idempotency-Key and makes one item.
// Screenshots go to tests/artifacts/e2e/pages/.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { artifactPath } from '../support/browser.mjs';
import {
  byTestId, openSignedInPage, overlayText, scrollIntoView, waitForText,
} from '../support/overlay.mjs';
import {
  PAGE_OF, clickItem, createMoc, fillField, loadRoute, openRoute, waitForMoc,
} from '../support/pages.mjs';
import { signedInSuite } from '../support/signed_in_suite.mjs';

const TIMEOUT = 20000;

async function pathIs(page, path) {
  await page.waitForFunction((p) => location.pathname === p, path, { timeout: TIMEOUT });
}

describe('collection pages in Chromium', () => {
  const suite = signedInSuite('dashboard-pages-');
  const route = (r, section) => ({ baseUrl: suite.baseUrl, token: suite.token, route: r, section });

  test('every route by deep link: its page, title and sidebar item', async () => {
    const moc = await createMoc(suite.api, suite.token, { title: 'Deep Link Tower' });
    const cases = [
      ['/dashboard', 'collection-summary-card', 'MOC Dashboard', 'Dashboard'],
      ['/mocs', 'mocs-page', 'MOCs \u00b7 MOC Dashboard', 'MOCs'],
      ['/mocs/new', 'add-moc-page', 'Add MOC \u00b7 MOC Dashboard', 'MOCs'],
      [`/mocs/${moc.id}`, 'moc-page', 'Deep Link Tower \u00b7 MOC Dashboard', 'MOCs'],
      ['/wishlist', 'wishlist-page', 'Wishlist \u00b7 MOC Dashboard', 'Wishlist'],
      ['/gallery', 'gallery-page', 'Gallery \u00b7 MOC Dashboard', 'Gallery'],
      ['/no/such/page', 'not-found-page', 'Page not found \u00b7 MOC Dashboard', null],
    ];
    const { context, page, problems } = await openRoute(suite.browser,
      { ...route('/dashboard', 'collection-summary-card'), viewport: { width: 1440, height: 900 } });
    try {
      for (const [path, section, title, current] of cases) {
        await loadRoute(page, route(path, section));
        if (path.startsWith('/mocs/') && path !== '/mocs/new') {
          await waitForText(page, 'moc-heading', (t) => t === 'Deep Link Tower');
        }
        await page.waitForFunction((t) => document.title === t, title, { timeout: TIMEOUT });
        assert.equal(await overlayText(page, 'nav-current'), current, `${path}: the sidebar's current item`);
        await page.screenshot({ path: artifactPath('e2e', 'pages', `deep-link${path.replace(/\//g, '_')}.png`) });
      }
      assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
    } finally {
      await context.close();
    }
  });

  test('every route by click, then Back and Forward, then a reload of /mocs/<id>', async () => {
    const { context, page, problems } = await openSignedInPage(suite.browser,
      { baseUrl: suite.baseUrl, token: suite.token, viewport: { width: 1440, height: 900 } });
    try {
      for (const [nav, path] of [['nav-mocs', '/mocs'], ['nav-gallery', '/gallery'],
        ['nav-wishlist', '/wishlist'], ['nav-dashboard', '/dashboard']]) {
        await clickItem(page, nav);
        await pathIs(page, path);
        if (PAGE_OF[path]) await page.waitForSelector(byTestId(PAGE_OF[path]), { state: 'attached' });
      }
      await scrollIntoView(page, `${byTestId('quick-action')}:text-is("Add New MOC")`, 900);
      await clickItem(page, 'quick-action', 'Add New MOC');
      await pathIs(page, '/mocs/new');
      await page.waitForSelector(byTestId('add-moc-page'), { state: 'attached' });
      await clickItem(page, 'nav-mocs');
      await page.waitForSelector(byTestId('moc-row'), { state: 'attached', timeout: TIMEOUT });
      const title = await overlayText(page, 'moc-row');
      await clickItem(page, 'moc-row', title);
      await page.waitForFunction(() => /^\/mocs\/[^/]+$/.test(location.pathname) &&
        location.pathname !== '/mocs/new', null, { timeout: TIMEOUT });
      const mocPath = await page.evaluate(() => location.pathname);
      await waitForText(page, 'moc-heading', (t) => t === title);

      await page.goBack();
      await pathIs(page, '/mocs');
      await page.waitForSelector(byTestId('mocs-page'), { state: 'attached' });
      await page.goBack();
      await pathIs(page, '/mocs/new');
      await page.waitForSelector(byTestId('add-moc-page'), { state: 'attached' });
      await page.goForward();
      await page.goForward();
      await pathIs(page, mocPath);
      await waitForText(page, 'moc-heading', (t) => t === title);

      await page.reload();
      await waitForText(page, 'moc-heading', (t) => t === title);
      assert.equal(await page.title(), `${title} \u00b7 MOC Dashboard`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('a MOC added through the form shows on the dashboard and in a second tab', async () => {
    const before = (await suite.api.call('GET', '/api/dashboard', { token: suite.token })).body;
    const other = await openSignedInPage(suite.browser,
      { baseUrl: suite.baseUrl, token: suite.token, viewport: { width: 1280, height: 800 } });
    const { context, page, problems } = await openRoute(suite.browser, route('/mocs/new', 'add-moc-page'));
    try {
      await fillField(page, 'add-title', 'Lighthouse \u00e9 \u706f\u5854');
      await page.keyboard.press('Tab');  // to the theme, as on any form
      await page.keyboard.type('Coast');
      await clickItem(page, 'add-build-status', 'In progress');
      await page.locator('input[data-testid="add-title"]').focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => /^\/mocs\/[0-9a-f-]{36}$/.test(location.pathname), null,
        { timeout: TIMEOUT });
      await waitForText(page, 'moc-heading', (t) => t === 'Lighthouse \u00e9 \u706f\u5854');
      const id = await page.evaluate(() => location.pathname.split('/').pop());
      const saved = await waitForMoc(suite.api, suite.token, id, (m, s) => s === 200);
      assert.equal(saved.theme, 'Coast');
      assert.equal(saved.buildStatus, 'IN_PROGRESS');
      await page.screenshot({ path: artifactPath('e2e', 'pages', 'added-moc.png') });

      await waitForText(other.page, 'total-mocs-count',
        (t) => Number(t.replace(/,/g, '')) === before.summary.totalMocs + 1, TIMEOUT);
      await waitForText(other.page, 'recent-moc', (t) => t === 'Lighthouse \u00e9 \u706f\u5854', TIMEOUT);
      await clickItem(page, 'nav-dashboard');
      await waitForText(page, 'recent-moc', (t) => t === 'Lighthouse \u00e9 \u706f\u5854', TIMEOUT);
      assert.deepEqual(problems, []);
      assert.deepEqual(other.problems, []);
    } finally {
      await context.close();
      await other.context.close();
    }
  });

  test('a status edited on the MOC page moves the dashboard counts, in this tab and another', async () => {
    const moc = await createMoc(suite.api, suite.token, { title: 'Status Mover', buildStatus: 'ADDED' });
    const builtBefore = async () =>
      (await suite.api.call('GET', '/api/dashboard', { token: suite.token })).body.summary.mocsByBuildStatus.BUILT;
    const built = await builtBefore();
    const other = await openSignedInPage(suite.browser,
      { baseUrl: suite.baseUrl, token: suite.token, viewport: { width: 1280, height: 800 } });
    const { context, page, problems } = await openRoute(suite.browser, route(`/mocs/${moc.id}`, 'moc-page'));
    try {
      await waitForText(page, 'moc-heading', (t) => t === 'Status Mover');
      await clickItem(page, 'moc-build-status', 'Built');
      await waitForText(page, 'moc-build-status-selected', (t) => t === 'Built');
      await waitForMoc(suite.api, suite.token, moc.id, (m) => m.buildStatus === 'BUILT');
      await waitForText(other.page, 'build-status-built', (t) => Number(t.replace(/,/g, '')) === built + 1, TIMEOUT);
      await clickItem(page, 'nav-dashboard');
      await waitForText(page, 'build-status-built', (t) => Number(t.replace(/,/g, '')) === built + 1, TIMEOUT);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await other.context.close();
    }
  });

  test('a refused edit rolls back with a toast and Retry (500, then 400 under its field)', async () => {
    const moc = await createMoc(suite.api, suite.token, { title: 'Refused Edit', coveragePercentage: 10 });
    const { context, page, problems } = await openRoute(suite.browser, route(`/mocs/${moc.id}`, 'moc-page'));
    try {
      await waitForText(page, 'moc-heading', (t) => t === 'Refused Edit');
      let refuse = true;
      await page.route(`**/api/mocs/${moc.id}`, (r) => (r.request().method() === 'PATCH' && refuse
        ? r.fulfill({ status: 500, contentType: 'application/json',
          body: '{"error":{"code":"INTERNAL","message":"the database is on fire"}}' })
        : r.continue()));
      await clickItem(page, 'moc-build-status', 'Built');
      await waitForText(page, 'toast', (t) => t.includes('Could not save') && t.includes('the database is on fire'), TIMEOUT);
      await waitForText(page, 'moc-build-status-selected', (t) => t === 'Added');
      assert.equal((await suite.api.call('GET', `/api/mocs/${moc.id}`, { token: suite.token })).body.buildStatus, 'ADDED');
      await page.screenshot({ path: artifactPath('e2e', 'pages', 'refused-edit.png') });
      refuse = false;
      await clickItem(page, 'toast-action', 'Retry');
      await waitForMoc(suite.api, suite.token, moc.id, (m) => m.buildStatus === 'BUILT');
      await waitForText(page, 'moc-build-status-selected', (t) => t === 'Built');

      // The server's own 400 names the field: shown under it, rolled back.
      await fillField(page, 'moc-coverage-percentage', '150');
      await page.keyboard.press('Enter');
      await page.waitForSelector(byTestId('moc-coverage-percentage-error'), { state: 'attached', timeout: TIMEOUT });
      assert.match(await overlayText(page, 'moc-coverage-percentage-error'), /^coveragePercentage: /);
      assert.equal((await suite.api.call('GET', `/api/mocs/${moc.id}`, { token: suite.token })).body.coveragePercentage, 10);
      assert.ok((await page.locator('input[data-testid="moc-coverage-percentage"]').getAttribute('aria-invalid')) === 'true');
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => document.querySelector('input[data-testid="moc-coverage-percentage"]').value === '10');
      assert.deepEqual(problems.filter((p) => !/status of (400|500)/.test(p)), []);
    } finally {
      await context.close();
    }
  });

  test('a concurrent edit in another tab is a 409: "Changed elsewhere", and what was typed applies again', async () => {
    const moc = await createMoc(suite.api, suite.token, { title: 'Contested' });
    const a = await openRoute(suite.browser, route(`/mocs/${moc.id}`, 'moc-page'));
    const b = await openRoute(suite.browser, route(`/mocs/${moc.id}`, 'moc-page'));
    try {
      await waitForText(a.page, 'moc-heading', (t) => t === 'Contested');
      await waitForText(b.page, 'moc-heading', (t) => t === 'Contested');
      // A starts typing; B saves first.
      await fillField(a.page, 'moc-title', 'Contested (tab A)');
      await fillField(b.page, 'moc-title', 'Contested (tab B)');
      await b.page.keyboard.press('Enter');
      await waitForMoc(suite.api, suite.token, moc.id, (m) => m.title === 'Contested (tab B)');
      await waitForText(a.page, 'moc-heading', (t) => t === 'Contested (tab B)', TIMEOUT);
      await a.page.keyboard.press('Enter');
      await waitForText(a.page, 'moc-conflict', (t) => t.includes('Changed elsewhere'), TIMEOUT);
      const conflict = await overlayText(a.page, 'moc-conflict');
      assert.match(conflict, /now \u201cContested \(tab B\)\u201d, yours \u201cContested \(tab A\)\u201d/);
      await a.page.screenshot({ path: artifactPath('e2e', 'pages', 'changed-elsewhere.png') });
      assert.equal((await suite.api.call('GET', `/api/mocs/${moc.id}`, { token: suite.token })).body.title,
        'Contested (tab B)', 'no last write wins');
      await clickItem(a.page, 'moc-conflict-apply');
      await waitForMoc(suite.api, suite.token, moc.id, (m) => m.title === 'Contested (tab A)');
      await waitForText(b.page, 'moc-heading', (t) => t === 'Contested (tab A)', TIMEOUT);
      assert.deepEqual(a.problems.filter((p) => !/status of 409/.test(p)), []);
      assert.deepEqual(b.problems, []);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  test('a MOC deleted elsewhere while its page is open says so, with a way back', async () => {
    const moc = await createMoc(suite.api, suite.token, { title: 'Soon Gone' });
    const { context, page, problems } = await openRoute(suite.browser, route(`/mocs/${moc.id}`, 'moc-page'));
    try {
      await waitForText(page, 'moc-heading', (t) => t === 'Soon Gone');
      const res = await suite.api.call('DELETE', `/api/mocs/${moc.id}`, { token: suite.token });
      assert.equal(res.status, 204);
      await waitForText(page, 'moc-deleted', (t) => t === 'This MOC was deleted', TIMEOUT);
      await page.screenshot({ path: artifactPath('e2e', 'pages', 'deleted-elsewhere.png') });
      await clickItem(page, 'moc-deleted-back');
      await pathIs(page, '/mocs');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('delete asks first, then Undo brings the MOC back everywhere', async () => {
    const moc = await createMoc(suite.api, suite.token, { title: 'Undo Me' });
    const { context, page, problems } = await openRoute(suite.browser, route(`/mocs/${moc.id}`, 'moc-page'));
    try {
      await waitForText(page, 'moc-heading', (t) => t === 'Undo Me');
      await clickItem(page, 'moc-delete');
      await page.waitForSelector(byTestId('moc-delete-confirm'), { state: 'attached' });
      await clickItem(page, 'moc-delete-confirm');
      await pathIs(page, '/mocs');
      await waitForText(page, 'toast', (t) => t.includes('Deleted \u201cUndo Me\u201d'));
      await waitForMoc(suite.api, suite.token, moc.id, (m, status) => status === 404);
      await clickItem(page, 'toast-action', 'Undo');
      const back = await waitForMoc(suite.api, suite.token, moc.id, (m, status) => status === 200);
      assert.equal(back.title, 'Undo Me');
      assert.deepEqual(problems.filter((p) => !/status of 404/.test(p)), []);
    } finally {
      await context.close();
    }
  });

  test('the MOCs list searches, filters and counts; the wishlist adds and removes', async () => {
    await createMoc(suite.api, suite.token, { title: 'Zebra Crossing Unique', theme: 'City', buildStatus: 'BUILT' });
    const { context, page, problems } = await openRoute(suite.browser, route('/mocs', 'mocs-page'));
    try {
      await page.waitForSelector(byTestId('moc-row'), { state: 'attached', timeout: TIMEOUT });
      await fillField(page, 'mocs-search', 'zebra crossing');
      await waitForText(page, 'mocs-count', (t) => t === '1 MOC', TIMEOUT);
      await waitForText(page, 'moc-row', (t) => t === 'Zebra Crossing Unique');
      await pathIs(page, '/mocs');
      // "zebr" already finds the MOC; the address follows the whole query a
      // frame or two after the last keystroke.
      await page.waitForFunction(() => /q=zebra%20crossing/.test(location.search), null, { timeout: TIMEOUT });
      await clickItem(page, 'filter-build', 'Added');
      await waitForText(page, 'mocs-count', (t) => t === 'No MOCs match', TIMEOUT);
      await clickItem(page, 'filter-build', 'Built');
      await waitForText(page, 'mocs-count', (t) => t === '1 MOC', TIMEOUT);

      await loadRoute(page, route('/wishlist', 'wishlist-page'));
      await fillField(page, 'wish-name', 'Galaxy Explorer \u{1F680}');
      await page.keyboard.press('Tab');
      await page.keyboard.type('10497-1');
      await page.keyboard.press('Enter');
      await waitForText(page, 'wishlist-item', (t) => t === 'Galaxy Explorer \u{1F680}');
      const listed = async () => (await suite.api.call('GET', '/api/wishlist', { token: suite.token })).body.items
        .some((i) => i.name === 'Galaxy Explorer \u{1F680}' && i.setNumber === '10497-1');
      for (let i = 0; i < 100 && !(await listed()); ++i) await page.waitForTimeout(100);
      assert.ok(await listed(), 'saved on the server');
      await page.waitForFunction(() => !/Saving/.test(
        document.querySelector('[data-testid="wishlist-item-detail"]').textContent));
      await clickItem(page, 'wishlist-remove');
      for (let i = 0; i < 100 && (await listed()); ++i) await page.waitForTimeout(100);
      assert.ok(!(await listed()), 'removed on the server');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
  test('a wishlist add whose answer is cut is retried with the same Idempotency-Key: one item', async () => {
    const name = 'Cut Answer Shuttle';
    const { context, page, problems } = await openRoute(suite.browser, route('/wishlist', 'wishlist-page'));
    try {
      const posts = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/wishlist') {
          posts.push({ key: r.headers()['idempotency-key'], body: r.postData() });
        }
      });
      // The first POST reaches the server and is done there; its answer never
      // comes back (the connection is reset on the way).
      let cut = true;
      await page.route('**/api/wishlist', async (r) => {
        if (r.request().method() !== 'POST' || !cut) return r.continue();
        cut = false;
        const answered = await r.fetch();
        assert.equal(answered.status(), 201);
        return r.abort('connectionreset');
      });
      await fillField(page, 'wish-name', name);
      await page.keyboard.press('Enter');
      await waitForText(page, 'toast', (t) => t.includes('Could not add'), TIMEOUT);
      await clickItem(page, 'toast-action', 'Retry');
      const mine = async () => (await suite.api.call('GET', '/api/wishlist', { token: suite.token })).body.items
        .filter((i) => i.name === name);
      for (let i = 0; i < 100 && posts.length < 2; ++i) await page.waitForTimeout(100);
      await page.waitForFunction(() => !/Saving/.test(
        document.querySelector('[data-testid="wishlist-item-detail"]')?.textContent ?? 'Saving'), null,
      { timeout: TIMEOUT });
      assert.equal(posts.length, 2, JSON.stringify(posts));
      assert.match(posts[0].key, /^[0-9a-f]{16}-\d+$/);
      assert.equal(posts[1].key, posts[0].key);
      assert.equal(posts[1].body, posts[0].body);
      assert.equal((await mine()).length, 1, 'the retry did not add a second item');
      assert.deepEqual(problems.filter((p) => !/ERR_CONNECTION_RESET|Failed to load resource/.test(p)), []);
    } finally {
      await context.close();
    }
  });
});

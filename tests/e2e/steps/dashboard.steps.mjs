// Steps of tests/e2e/features/dashboard.feature. Pages are read and
// clicked through the semantics overlay (tests/support/overlay.mjs);
// expected values come from the JSON API at the moment of the check, so
// the scenarios hold whatever ran before them on the same server.
import assert from 'node:assert/strict';

import { Given, Then, When } from '@cucumber/cucumber';

import { DEMO_PASSWORDS } from '../../support/api_client.mjs';
import {
  byTestId,
  centerOf,
  clickAndSettle,
  overlayText,
  scrollIntoView,
  texts,
  waitForText,
} from '../../support/overlay.mjs';

// How long a live change may take to reach the canvas before a step fails;
// in practice it is milliseconds, and a bound only decides how long a
// broken page takes to fail.
const LIVE_TIMEOUT_MS = 20_000;
// Entering degraded mode takes five failed attempts at 0.5..2 s each.
const DEGRADED_TIMEOUT_MS = 60_000;

function newMoc(title) {
  return { title, theme: 'Space', buildStatus: 'ADDED', partsCoverageStatus: 'NONE' };
}

// Polls `read` until `check` passes (it throws assert errors until then);
// the last error is the step's failure.
async function eventually(page, read, check, timeout = LIVE_TIMEOUT_MS) {
  const start = Date.now();
  for (;;) {
    const value = await read();
    try {
      check(value);
      return value;
    } catch (err) {
      if (Date.now() - start > timeout) throw err;
    }
    await page.waitForTimeout(25);
  }
}

// Waits until the page's Collection Summary equals `user`'s snapshot; reads
// the API again on every miss, since a live change may still be arriving.
async function expectTotals(world, page, user) {
  await eventually(
    page,
    async () => ({
      view: (await world.dashboardOf(user)).summary,
      shown: {
        total: await overlayText(page, 'total-mocs-count'),
        wishlist: await overlayText(page, 'wishlist-items-count'),
      },
    }),
    ({ view, shown }) => assert.deepEqual(shown, {
      total: String(view.totalMocs),
      wishlist: String(view.totalWishlistItems),
    }),
  );
}

async function expectTopsRecent(page, title) {
  await eventually(page, () => texts(page, 'recent-moc'),
    (shown) => assert.equal(shown[0], title, `Recent MOCs: ${JSON.stringify(shown)}`));
}

// The Partial Parts table submits only the rows on screen (ImGui's list
// clipper), so its checks need the whole card in the viewport.
async function expectWholeCardOnScreen(page, testid) {
  const box = await page.locator(byTestId(testid)).boundingBox();
  assert.ok(box, `${testid} is laid out`);
  assert.ok(box.y >= 0 && box.y + box.height <= page.viewportSize().height,
    `${testid} at ${JSON.stringify(box)} is on screen`);
}

async function partialPartsRows(page) {
  const titles = await texts(page, 'partial-parts-row');
  const coverage = await texts(page, 'partial-parts-coverage');
  return titles.map((title, i) => ({ title, coverage: coverage[i] }));
}

// [SECTION] Setup

Given('a fresh dashboard server where alice and bob each have a demo collection',
  async function () {
    const seen = {};
    for (const user of Object.keys(DEMO_PASSWORDS)) {
      const view = await this.dashboardOf(user);
      assert.ok(view.summary.totalMocs > 0, `${user} has MOCs`);
      assert.ok(view.recentMocs.length > 0, `${user} has recent MOCs`);
      seen[user] = new Set(view.recentMocs.map((m) => m.id));
    }
    assert.ok([...seen.alice].every((id) => !seen.bob.has(id)), 'alice and bob own different MOCs');
  });

Given('{word} has the dashboard open', async function (user) {
  const tab = await this.openTab(user);
  await waitForText(tab.page, 'connection-status', (t) => t.startsWith('Live'), LIVE_TIMEOUT_MS);
});

Given('{word} has a second tab open', async function (user) {
  const tab = await this.openTab(user, { sameBrowser: true });
  await waitForText(tab.page, 'connection-status', (t) => t.startsWith('Live'), LIVE_TIMEOUT_MS);
});

Given("{word}'s browser holds an invalid token", function (user) {
  this.badTokens.set(user, 'not-a-valid-token.for-this-server');
});

When('{word} opens the dashboard', async function (user) {
  await this.openTab(user, { untilShown: false });
});

// [SECTION] Changes made elsewhere

When('{word} adds the MOC {string} through the API', async function (user, title) {
  const res = await this.api.call('POST', '/api/mocs',
    { token: await this.tokenOf(user), body: newMoc(title) });
  assert.equal(res.status, 201, res.text);
  this.mocIds.set(title, res.body.id);
});

When('the parts coverage of {string} changes to partly ordered at {float}%',
  async function (title, percent) {
    const id = this.mocIds.get(title);
    assert.ok(id, `${title} was created in this scenario`);
    const res = await this.api.call('PATCH', `/api/mocs/${id}`, {
      token: await this.tokenOf(this.tabs[0].user),
      body: { partsCoverageStatus: 'PARTIAL_ORDERED', coveragePercentage: percent },
    });
    assert.equal(res.status, 200, res.text);
  });

// [SECTION] What the page shows

Then('the dashboard shows these cards:', async function (table) {
  for (const [testid] of table.raw()) {
    assert.equal(await this.page.locator(byTestId(testid)).count(), 1, `${testid} shown once`);
  }
});

Then("the Collection Summary shows {word}'s totals from the API", async function (user) {
  await expectTotals(this, this.tabOf(user).page, user);
});

Then("Recent MOCs lists {word}'s latest MOCs newest first, as the API has them",
  async function (user) {
    const { recentMocs } = await this.dashboardOf(user);
    const created = recentMocs.map((m) => Date.parse(m.createdAt));
    assert.deepEqual(created, [...created].sort((a, b) => b - a), 'the API lists newest first');
    const shown = await texts(this.tabOf(user).page, 'recent-moc');
    assert.deepEqual(shown, recentMocs.map((m) => m.title));
  });

Then('{string} tops Recent MOCs', async function (title) {
  await expectTopsRecent(this.page, title);
});

Then("{string} tops Recent MOCs in each of {word}'s tabs", async function (title, user) {
  const tabs = this.tabsOf(user);
  assert.ok(tabs.length >= 2, `${user} has ${tabs.length} tabs`);
  await Promise.all(tabs.map((t) => expectTopsRecent(t.page, title)));
});

Then("each of {word}'s tabs shows {word}'s totals from the API", async function (user, owner) {
  await Promise.all(this.tabsOf(user).map((t) => expectTotals(this, t.page, owner)));
});

Then("{word}'s dashboard still shows {word}'s totals from the API, without {string}",
  async function (user, owner, title) {
    const { page } = this.tabOf(user);
    // The others' tabs already show the change, so its events are out;
    // a little longer covers one more frame of the slowest tab.
    await page.waitForTimeout(500);
    await expectTotals(this, page, owner);
    const { recentMocs } = await this.dashboardOf(owner);
    const shown = await texts(page, 'recent-moc');
    assert.ok(!shown.includes(title), `${user} sees ${title}: ${JSON.stringify(shown)}`);
    assert.deepEqual(shown, recentMocs.map((m) => m.title));
  });

Then('the page was not reloaded', async function () {
  assert.equal(await this.page.evaluate(() => window.dashboardTestSameDocument), true);
});

Then('{string} is not in the Partial Parts table', async function (title) {
  await expectWholeCardOnScreen(this.page, 'partial-parts-table');
  const rows = await partialPartsRows(this.page);
  assert.ok(rows.length > 0, 'the table shows rows');
  assert.ok(!rows.some((r) => r.title === title), `rows: ${JSON.stringify(rows)}`);
});

Then('the Partial Parts table lists {string} at {string}', async function (title, coverage) {
  const { page } = this;
  await expectWholeCardOnScreen(page, 'partial-parts-table');
  // Sorted by last update, newest first: the changed MOC is the top row.
  await eventually(page, () => partialPartsRows(page),
    (rows) => assert.deepEqual(rows[0], { title, coverage }, `rows: ${JSON.stringify(rows)}`));
});

// [SECTION] Navigation

When('she clicks the {string} quick action', async function (label) {
  const { page } = this;
  const selector = `${byTestId('quick-action')}:text-is("${label}")`;
  this.historyLength = await page.evaluate(() => history.length);
  await scrollIntoView(page, selector, page.viewportSize().height);
  await clickAndSettle(page, await centerOf(page, selector));
});

Then('the address becomes {string} through history, without a reload', async function (route) {
  const { page } = this;
  await page.waitForFunction((r) => location.pathname === r, route, { timeout: LIVE_TIMEOUT_MS });
  assert.equal(await page.evaluate(() => history.length), this.historyLength + 1, 'one pushState');
  assert.equal(await page.evaluate(() => window.dashboardTestSameDocument), true, 'no reload');
});

Then('going back returns to {string}', async function (route) {
  const { page } = this;
  await page.goBack();
  await page.waitForFunction((r) => location.pathname === r, route, { timeout: LIVE_TIMEOUT_MS });
  assert.equal(await page.evaluate(() => window.dashboardTestSameDocument), true, 'no reload');
  await page.waitForSelector(byTestId('collection-summary-card'));
});

// [SECTION] The connection

Then('the connection status reads {string}', async function (label) {
  await waitForText(this.page, 'connection-status', (t) => t.startsWith(label), LIVE_TIMEOUT_MS);
});

Then('after repeated failures the connection status reads {string}', async function (label) {
  await waitForText(this.page, 'connection-status', (t) => t.startsWith(label),
    DEGRADED_TIMEOUT_MS);
});

When('the server goes away', async function () {
  await this.stopServer();
});

When('the server comes back', async function () {
  await this.startServerAgain();
});

Given('the network starts refusing WebSocket upgrades', async function () {
  // A proxy or firewall that refuses upgrades, until told otherwise; the
  // socket already open is not affected.
  this.websocketsBlocked = true;
  this.refusedUpgrades = [];
  await this.page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (this.websocketsBlocked) {
      this.refusedUpgrades.push(Date.now());
      ws.close({ code: 1011, reason: 'blocked' });
    } else {
      ws.connectToServer();
    }
  });
});

When('the network accepts WebSocket upgrades again', function () {
  this.websocketsBlocked = false;
});

When('the live connection drops', async function () {
  await this.restartServer();
  this.droppedAt = Date.now();
});

Then('the degraded mode banner reads {string}', async function (text) {
  const banner = await waitForText(this.page, 'degraded-mode-banner', () => true,
    DEGRADED_TIMEOUT_MS);
  assert.equal(banner, text);
});

Then('the degraded mode banner shows', async function () {
  await waitForText(this.page, 'degraded-mode-banner', () => true, DEGRADED_TIMEOUT_MS);
});

Then('the degraded mode banner is gone', async function () {
  await this.page.waitForSelector(byTestId('degraded-mode-banner'),
    { state: 'detached', timeout: LIVE_TIMEOUT_MS });
});

Then('a {string} toast shows', async function (text) {
  await waitForText(this.page, 'toast', (t) => t.includes(text), LIVE_TIMEOUT_MS);
});

Then('the page polled the snapshot since the connection dropped', function () {
  const tab = this.tabs[0];
  const polls = tab.requests.filter(
    (r) => r.at >= this.droppedAt && new URL(r.url).pathname === '/api/dashboard');
  assert.ok(polls.length >= 1, 'GET /api/dashboard after the drop');
  // The page does not see routed sockets as 'websocket' events: the route counts them.
  assert.ok(this.refusedUpgrades.length >= 5,
    `${this.refusedUpgrades.length} refused WebSocket attempts before degraded mode`);
});

// [SECTION] Sign-in

Then('the sign-in form shows', async function () {
  await this.page.waitForSelector(byTestId('sign-in-form'), { timeout: LIVE_TIMEOUT_MS });
});

Then('over the next {int} seconds the page neither reconnects nor refetches',
  async function (seconds) {
    const tab = this.tabs[0];
    const counts = () => ({
      websockets: tab.sockets.length,
      apiRequests: tab.requests.filter((r) => new URL(r.url).pathname.startsWith('/api/')).length,
    });
    const before = counts();
    await tab.page.waitForTimeout(seconds * 1000);
    assert.deepEqual(counts(), before, `requests meanwhile: ${JSON.stringify(
      tab.requests.slice(-5).map((r) => r.url))}`);
    assert.ok(before.websockets <= 1, `${before.websockets} WebSocket attempts`);
    await this.page.waitForSelector(byTestId('sign-in-form'));
  });

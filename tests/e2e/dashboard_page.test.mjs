// The dashboard page as a person sees it, in Chromium against the real
// server with alice's demo collection: at 375, 800 and 1440 px wide and
// DPR 1 and 2, every card is present through the semantics overlay with
// the snapshot's values; clicks on a Recent MOC and on each Quick Action
// land on their routes; an idle page draws no frames; sign-in works
// through the form. Screenshots go to tests/artifacts/e2e/.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { PNG } from 'pngjs';

import {
  afterInput, artifactPath, openPage, waitForAppReady, waitUntilIdle,
} from '../support/browser.mjs';
import {
  centerOf, clickAndSettle, loadSignedInDashboard, openSignedInPage, pressKey, scrollIntoView, texts,
} from '../support/overlay.mjs';
import { signedInSuite } from '../support/signed_in_suite.mjs';

const CARDS = [
  'collection-summary-card',
  'theme-breakdown-card',
  'recent-mocs-card',
  'quick-actions-card',
  'partial-parts-table',
];

const viewports = [375, 800, 1440].flatMap((width) =>
  [1, 2].map((dpr) => ({ width, height: width < 600 ? 812 : 900, deviceScaleFactor: dpr })));

// Frames drawn in the three seconds after the page has settled (drawn
// nothing for 2.5 s: the last wake-up's frames take seconds at 1440 px x
// DPR 2 under a software rasterizer on a loaded machine), and the frames
// the page may draw in that time: one for each WebSocket message it
// received meanwhile (every message wakes one frame: the server's pings,
// every 25 s, and the answers to the connection indicator's round-trip
// probe, every 10 s), and one for the once-a-minute redraw that moves
// relative dates on. `received` holds the times of the page's messages.
async function idleFrames(page, received) {
  await page.mouse.move(1, 1);
  const settled = await waitUntilIdle(page);
  const from = Date.now() - 1000;  // a message just before may draw inside the window
  await page.waitForTimeout(3000);  // the window observed
  const drawn = (await page.evaluate(() => window.dashboardFramesDrawn)) - settled;
  const messages = received.filter((at) => at >= from).length;
  return { drawn, allowed: messages + 1, messages };
}

describe('dashboard page in Chromium', () => {
  const suite = signedInSuite('dashboard-page-');
  let snapshot;

  before(async () => {
    snapshot = (await suite.api.call('GET', '/api/dashboard', { token: suite.token })).body;
  });

  // A returning visitor: the token is already in localStorage.
  function signedInPage(viewport) {
    return openSignedInPage(suite.browser,
      { baseUrl: suite.baseUrl, token: suite.token, user: 'alice', viewport });
  }

  // signedInPage, also recording when the page receives WebSocket messages.
  async function recordedSignedInPage(viewport) {
    const opened = await openPage(suite.browser, viewport);
    opened.received = [];
    opened.page.on('websocket', (ws) => ws.on('framereceived', () => opened.received.push(Date.now())));
    await loadSignedInDashboard(opened.page,
      { baseUrl: suite.baseUrl, token: suite.token, user: 'alice' });
    return opened;
  }

  for (const viewport of viewports) {
    const name = `${viewport.width}@${viewport.deviceScaleFactor}x`;
    test(`every card shows the snapshot at ${name}`, async () => {
      const { context, page, problems, received } = await recordedSignedInPage(viewport);
      try {
        for (const id of CARDS) {
          assert.equal(await page.locator(`[data-testid="${id}"]`).count(), 1, `${id} present`);
        }
        assert.deepEqual(await texts(page, 'total-mocs-count'), [String(snapshot.summary.totalMocs)]);
        assert.deepEqual(await texts(page, 'wishlist-items-count'),
          [String(snapshot.summary.totalWishlistItems)]);
        assert.deepEqual(await texts(page, 'recent-moc'), snapshot.recentMocs.map((m) => m.title));
        const themes = await texts(page, 'theme-row');
        assert.ok(themes.length >= 8, `themes listed: ${themes}`);
        assert.ok(themes.every((t) => snapshot.themeBreakdown.some((s) => s.theme === t)));
        assert.deepEqual(await texts(page, 'quick-action'),
          ['Add New MOC', 'Browse Gallery', 'View Wishlist']);
        assert.match((await texts(page, 'connection-status'))[0], /^Live/);
        await page.screenshot({ path: artifactPath('e2e', `dashboard-${name}.png`) });

        const backbuffer = await page.evaluate(() => document.getElementById('canvas').width);
        assert.equal(backbuffer, viewport.width * viewport.deviceScaleFactor, 'one texel per pixel');
        const idle = await idleFrames(page, received);
        assert.ok(idle.drawn <= idle.allowed, `an idle page draws no frames but the minute tick ` +
          `and one per message: ${idle.drawn} frames, ${idle.messages} messages`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }

  test('skeletons shimmer (the GLSL shader) while the snapshot loads', async () => {
    const opened = await openPage(suite.browser, { width: 1024, height: 700, deviceScaleFactor: 1 });
    const { context, page, problems } = opened;
    const warnings = [];
    page.on('console', (m) => { if (/shimmer/.test(m.text())) warnings.push(m.text()); });
    try {
      await page.addInitScript((t) => {
        localStorage.setItem('dashboard.token', t);
        localStorage.setItem('dashboard.user', 'alice');
      }, suite.token);
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      await page.route('**/api/dashboard', async (route) => { await held; await route.continue(); });
      await page.goto(`${suite.baseUrl}/dashboard`);
      await waitForAppReady(page);
      const card = { x: 0, y: 60, width: 1024, height: 300 };
      const first = await page.screenshot({ clip: card });
      // The band moves from frame to frame: a later shot differs, however
      // slowly a loaded machine draws.
      let moved = false;
      for (const deadline = Date.now() + 15000; !moved && Date.now() < deadline;) {
        await afterInput(page, async () => {});  // two more frames of the animation
        const later = await page.screenshot({ clip: card });
        moved = !later.equals(first);
      }
      await page.screenshot({ clip: card, path: artifactPath('e2e', 'skeleton.png') });
      assert.ok(moved, 'the band moves between frames');
      release();
      await page.waitForSelector('[data-testid="total-mocs-count"]');
      assert.deepEqual(warnings, []);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('right-click copies a value, Ctrl+C copies the one under the pointer', async () => {
    const { context, page, problems } = await signedInPage(
      { width: 1280, height: 800, deviceScaleFactor: 1 });
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const total = await centerOf(page, '[data-testid="total-mocs-count"]');
      await page.mouse.click(total.x, total.y, { button: 'right' });
      await page.waitForSelector('[data-testid="copy-action"]');
      await clickAndSettle(page, await centerOf(page, '[data-testid="copy-action"]'));
      await page.waitForFunction(async (want) => (await navigator.clipboard.readText()) === want,
        String(snapshot.summary.totalMocs));
      await page.waitForSelector('[data-testid="toast"]');

      const title = await centerOf(page, '[data-testid="recent-moc"]');
      await afterInput(page, () => page.mouse.move(title.x, title.y));  // hovered
      await page.keyboard.down('Control');
      await pressKey(page, 'c');
      await page.keyboard.up('Control');
      await page.waitForFunction(async (want) => (await navigator.clipboard.readText()) === want,
        snapshot.recentMocs[0].title);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('keyboard: the arrows move focus through the links, Space follows one', async () => {
    const { context, page, problems } = await signedInPage(
      { width: 1440, height: 900, deviceScaleFactor: 1 });
    try {
      await page.focus('#canvas');
      await pressKey(page, 'ArrowDown');  // focus lands on the first link, Dashboard
      await pressKey(page, 'ArrowDown');  // then MOCs
      await pressKey(page, 'Space');
      await page.waitForFunction(() => location.pathname === '/mocs');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('the mouse wheel scrolls the page the way a web page scrolls', async () => {
    const { context, page, problems } = await signedInPage(
      { width: 1280, height: 800, deviceScaleFactor: 1 });
    try {
      const topOf = async () => (await page.locator('[data-testid="partial-parts-table"]').boundingBox()).y;
      const before = await topOf();
      await page.mouse.move(640, 400);
      // Down 300 CSS px, as a notch or two of a real wheel.
      await afterInput(page, () => page.mouse.wheel(0, 300));
      const after = await topOf();
      assert.ok(Math.abs((before - after) - 300) < 60, `down by ~300 px: ${before} -> ${after}`);
      await afterInput(page, () => page.mouse.wheel(0, -300));
      assert.ok(Math.abs((await topOf()) - before) < 60, 'and back up');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('a finger drag scrolls the page on a touch screen', async () => {
    const { context, page, problems } = await signedInPage(
      { width: 375, height: 812, deviceScaleFactor: 2, hasTouch: true });
    try {
      const topOf = async () => (await page.locator('[data-testid="partial-parts-table"]').boundingBox()).y;
      const before = await topOf();
      const cdp = await context.newCDPSession(page);
      const touch = (type, y) => cdp.send('Input.dispatchTouchEvent', {
        type, touchPoints: type === 'touchEnd' ? [] : [{ x: 180, y }] });
      await afterInput(page, async () => {
        await touch('touchStart', 600);
        for (let y = 580; y >= 200; y -= 20) {
          await touch('touchMove', y);
          await page.waitForTimeout(16);  // a finger's pace, not a wait for the page
        }
        await touch('touchEnd', 200);
      });
      const after = await topOf();
      assert.ok(before - after > 250, `content moved up by the drag: ${before} -> ${after}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('follows the system dark setting', async () => {
    const { context, page, problems } = await signedInPage(
      { width: 1024, height: 700, deviceScaleFactor: 1, colorScheme: 'dark' });
    try {
      const shot = await page.screenshot({ path: artifactPath('e2e', 'dashboard-dark.png') });
      const png = PNG.sync.read(shot);
      const at = (x, y) => { const i = (y * png.width + x) * 4; return png.data.slice(i, i + 3); };
      const page_background = at(4, 690);  // below the cards' shadow, left margin
      assert.ok(page_background.every((c) => c < 40), `dark page: ${[...page_background]}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('clicks on a Recent MOC and on each Quick Action land on their routes', async () => {
    const viewport = { width: 1440, height: 900, deviceScaleFactor: 1 };
    const { context, page, problems } = await signedInPage(viewport);
    try {
      const first = snapshot.recentMocs[0];
      const at = await centerOf(page, '[data-testid="recent-moc"]');
      await page.mouse.click(at.x, at.y);
      await page.waitForFunction((id) => location.pathname === `/mocs/${id}`, first.id);

      // Each link leads to its page; Back returns to the dashboard.
      const routes = { 'Add New MOC': '/mocs/new', 'Browse Gallery': '/gallery',
        'View Wishlist': '/wishlist' };
      for (const [label, route] of Object.entries(routes)) {
        await page.goBack();
        await page.waitForFunction(() => location.pathname === '/dashboard');
        const selector = `[data-testid="quick-action"]:text-is("${label}")`;
        await page.waitForSelector(selector);
        await scrollIntoView(page, selector, viewport.height);
        const button = await centerOf(page, selector);
        await page.mouse.click(button.x, button.y);
        await page.waitForFunction((r) => location.pathname === r, route);
      }
      await page.goBack();
      await page.waitForFunction(() => location.pathname === '/dashboard');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('the sidebar, and the menu drawer on a phone, lead to the sections', async () => {
    const wide = await signedInPage({ width: 1440, height: 900, deviceScaleFactor: 1 });
    try {
      const link = await centerOf(wide.page, '[data-testid="nav-wishlist"]');
      await wide.page.mouse.click(link.x, link.y);
      await wide.page.waitForFunction(() => location.pathname === '/wishlist');
      assert.deepEqual(wide.problems, []);
    } finally {
      await wide.context.close();
    }
    const phone = await signedInPage({ width: 375, height: 812, deviceScaleFactor: 2 });
    try {
      assert.equal(await phone.page.locator('[data-testid="sidebar"]').count(), 0, 'no sidebar');
      await clickAndSettle(phone.page, await centerOf(phone.page, '[data-testid="nav-menu"]'));
      await phone.page.waitForSelector('[data-testid="nav-drawer"]');
      await phone.page.screenshot({ path: artifactPath('e2e', 'nav-drawer-375@2x.png') });
      await clickAndSettle(phone.page, await centerOf(phone.page, '[data-testid="nav-gallery"]'));
      await phone.page.waitForFunction(() => location.pathname === '/gallery');
      await phone.page.waitForSelector('[data-testid="nav-drawer"]', { state: 'detached' });
      assert.deepEqual(phone.problems, []);
    } finally {
      await phone.context.close();
    }
  });

  test('a first visit signs in through the form and sees the collection', async () => {
    const { context, page, problems } = await openPage(suite.browser,
      { width: 800, height: 700, deviceScaleFactor: 1 });
    try {
      await page.goto(`${suite.baseUrl}/dashboard`);
      await waitForAppReady(page);
      await page.waitForSelector('[data-testid="sign-in-form"]');
      await page.screenshot({ path: artifactPath('e2e', 'sign-in.png') });

      const user = await centerOf(page, '[data-testid="sign-in-username"]');
      await clickAndSettle(page, user);
      await page.keyboard.type('alice');
      const password = await centerOf(page, '[data-testid="sign-in-password"]');
      await clickAndSettle(page, password);
      await page.keyboard.type('wrong-password');
      await pressKey(page, 'Enter');
      await page.waitForSelector('[data-testid="sign-in-error"]');
      assert.match((await texts(page, 'sign-in-error'))[0], /Wrong username or password/);

      await clickAndSettle(page, password);
      await page.keyboard.down('Control');
      await pressKey(page, 'a');  // replace the wrong password, as a person would
      await page.keyboard.up('Control');
      await page.keyboard.type('alice-bricks');
      await pressKey(page, 'Enter');
      await page.waitForSelector('[data-testid="total-mocs-count"]');
      assert.equal(await page.evaluate(() => localStorage.getItem('dashboard.user')), 'alice');

      // Sign out returns to the form and forgets the token.
      const out = await centerOf(page, '[data-testid="sign-out"]');
      await page.mouse.click(out.x, out.y);
      await page.waitForSelector('[data-testid="sign-in-form"]');
      assert.equal(await page.evaluate(() => localStorage.getItem('dashboard.token')), null);
      assert.deepEqual(problems.filter((p) => !p.includes('401')), []);
    } finally {
      await context.close();
    }
  });
});

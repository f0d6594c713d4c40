// Text fields are real DOM inputs over the canvas, in Chromium against the
// real server: the sign-in form's inputs carry autocomplete username and
// current-password inside a <form> (password managers fill and save it);
// any UTF-8 typed (accents, CJK, emoji) and an IME composition driven over
// CDP reach the server and the canvas draws them (the CJK fallback face is
// fetched only then); Tab moves between fields, Enter submits, Esc puts the
// saved value back; paste works; on a 375 px touch screen a tap on a field focuses its
// input (so the phone shows its keyboard).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { PNG } from 'pngjs';

import { artifactPath, openPage, waitForAppReady } from '../support/browser.mjs';
import { byTestId, waitForText } from '../support/overlay.mjs';
import { createMoc, fillField, loadRoute, openRoute, waitForMoc } from '../support/pages.mjs';
import { signedInSuite } from '../support/signed_in_suite.mjs';

const TIMEOUT = 20000;

// Distinct colours inside the overlay element's box: text drawn there
// (rather than an empty field) has anti-aliased edges of many shades.
async function inkIn(page, testid) {
  const box = await page.locator(`input${byTestId(testid)}`).boundingBox();
  const shot = await page.screenshot({
    clip: { x: box.x + 8, y: box.y + 4, width: Math.min(box.width - 16, 300), height: box.height - 8 } });
  const png = PNG.sync.read(shot);
  const colours = new Set();
  for (let i = 0; i < png.data.length; i += 4) colours.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
  return colours.size;
}

describe('text fields are DOM inputs', () => {
  const suite = signedInSuite('dashboard-text-');

  test('the sign-in form is a real form with username and current-password inputs', async () => {
    const { context, page, problems } = await openPage(suite.browser, { width: 800, height: 700 });
    try {
      await page.goto(`${suite.baseUrl}/dashboard`);
      await waitForAppReady(page);
      const user = page.locator('form[data-testid="sign-in-form"] input[data-testid="sign-in-username"]');
      const password = page.locator('form[data-testid="sign-in-form"] input[data-testid="sign-in-password"]');
      await user.waitFor({ state: 'attached' });
      assert.equal(await user.getAttribute('autocomplete'), 'username');
      assert.equal(await user.getAttribute('name'), 'username');
      assert.equal(await password.getAttribute('autocomplete'), 'current-password');
      assert.equal(await password.getAttribute('type'), 'password');
      assert.equal(await page.locator('form[data-testid="sign-in-form"] button[type="submit"]').count(), 1);
      // Filled as a password manager does (value set, input event), then Tab and Enter.
      await user.click();
      await user.fill('alice');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'sign-in-password');
      await page.keyboard.type('alice-bricks');
      await page.keyboard.press('Enter');
      await page.waitForSelector(byTestId('total-mocs-count'), { timeout: TIMEOUT });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('accents, CJK and emoji typed and composed with an IME reach the server and are drawn', async () => {
    const moc = await createMoc(suite.api, suite.token, { title: 'Plain' });
    const { context, page, problems } = await openRoute(suite.browser,
      { baseUrl: suite.baseUrl, token: suite.token, route: `/mocs/${moc.id}`, section: 'moc-page' });
    const fonts = [];
    page.on('request', (r) => { if (/fallback-/.test(r.url())) fonts.push(r.url()); });
    try {
      await waitForText(page, 'moc-heading', (t) => t === 'Plain');
      assert.deepEqual(fonts, [], 'no fallback face before a character needs one');
      await fillField(page, 'moc-title', 'Caf\u00e9 \u57ce\u5821 \u{1F9F1}');
      await page.keyboard.press('Enter');
      await waitForMoc(suite.api, suite.token, moc.id, (m) => m.title === 'Caf\u00e9 \u57ce\u5821 \u{1F9F1}');
      await waitForText(page, 'moc-heading', (t) => t === 'Caf\u00e9 \u57ce\u5821 \u{1F9F1}');

      // A Japanese IME: composition (underlined while composing), then commit.
      const cdp = await context.newCDPSession(page);
      await fillField(page, 'moc-theme');
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await cdp.send('Input.imeSetComposition', { text: '\u306b', selectionStart: 1, selectionEnd: 1 });
      await cdp.send('Input.imeSetComposition', { text: '\u306b\u307b\u3093', selectionStart: 3, selectionEnd: 3 });
      await page.waitForFunction(() => document.querySelector('input[data-testid="moc-theme"]').value === '\u306b\u307b\u3093');
      await cdp.send('Input.insertText', { text: '\u65e5\u672c' });
      await page.keyboard.press('Enter');
      await waitForMoc(suite.api, suite.token, moc.id, (m) => m.theme === '\u65e5\u672c');
      await page.waitForFunction(() => document.querySelector('input[data-testid="moc-theme"]').value === '\u65e5\u672c');
      // The CJK face came in for it, and the canvas draws the text (not '?').
      await page.waitForFunction(() => true);
      assert.ok(fonts.some((u) => /fallback-cjk/.test(u)), `fetched: ${fonts}`);
      await page.waitForTimeout(500);
      assert.ok((await inkIn(page, 'moc-theme')) > 8, 'the theme is drawn in the field');
      await page.screenshot({ path: artifactPath('e2e', 'pages', 'non-ascii.png') });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('Esc puts the saved value back; Tab moves on; the submit button is disabled in flight', async () => {
    const moc = await createMoc(suite.api, suite.token, { title: 'Keep Me' });
    const { context, page, problems } = await openRoute(suite.browser,
      { baseUrl: suite.baseUrl, token: suite.token, route: `/mocs/${moc.id}`, section: 'moc-page' });
    try {
      await waitForText(page, 'moc-heading', (t) => t === 'Keep Me');
      await fillField(page, 'moc-title', 'Not this');
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => document.querySelector('input[data-testid="moc-title"]').value === 'Keep Me');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'moc-theme');

      await loadRoute(page, { baseUrl: suite.baseUrl, token: suite.token, route: '/mocs/new', section: 'add-moc-page' });
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      await page.route('**/api/mocs', async (r) => {
        if (r.request().method() === 'POST') await held;
        await r.continue();
      });
      await fillField(page, 'add-title', 'Slow Save');
      await page.keyboard.press('Tab');
      await page.keyboard.type('City');
      await page.keyboard.press('Enter');
      const submit = page.locator('form[data-testid="add-moc-form"] button[type="submit"]');
      await page.waitForFunction(() => document.querySelector('form[data-testid="add-moc-form"] button').disabled);
      assert.equal(await submit.textContent(), 'Adding\u2026');
      release();
      await page.waitForFunction(() => /^\/mocs\/[0-9a-f-]{36}$/.test(location.pathname), null, { timeout: TIMEOUT });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('paste puts the clipboard into the field', async () => {
    const { context, page, problems } = await openRoute(suite.browser,
      { baseUrl: suite.baseUrl, token: suite.token, route: '/wishlist', section: 'wishlist-page' });
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await fillField(page, 'wish-name');
      await page.evaluate(() => navigator.clipboard.writeText('Pasted \u00c9toile \u661f'));
      await page.keyboard.press('Control+V');
      await page.waitForFunction(() =>
        document.querySelector('input[data-testid="wish-name"]').value === 'Pasted \u00c9toile \u661f');
      await page.keyboard.press('Enter');
      await waitForText(page, 'wishlist-item', (t) => t === 'Pasted \u00c9toile \u661f', TIMEOUT);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('on a 375 px touch screen a tap on a field focuses its input', async () => {
    const moc = await createMoc(suite.api, suite.token, { title: 'Phone Edit' });
    const { context, page, problems } = await openRoute(suite.browser, {
      baseUrl: suite.baseUrl, token: suite.token, route: `/mocs/${moc.id}`, section: 'moc-page',
      viewport: { width: 375, height: 812, deviceScaleFactor: 2, hasTouch: true } });
    try {
      await waitForText(page, 'moc-heading', (t) => t === 'Phone Edit');
      const box = await page.locator('input[data-testid="moc-title"]').boundingBox();
      assert.ok(box.width > 200 && box.width <= 375, `laid over the canvas field: ${JSON.stringify(box)}`);
      await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForFunction(() => document.activeElement?.dataset.testid === 'moc-title');
      assert.equal(await page.evaluate(() => document.activeElement.tagName), 'INPUT');
      await page.keyboard.press('End');
      await page.keyboard.type(' \u00fc');
      await page.keyboard.press('Enter');
      await waitForMoc(suite.api, suite.token, moc.id, (m) => m.title === 'Phone Edit \u00fc');
      await page.screenshot({ path: artifactPath('e2e', 'pages', 'phone-field.png') });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

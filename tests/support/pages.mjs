// Driving the collection pages (/mocs, /mocs/<id>, /mocs/new, /wishlist,
// /gallery) as a person does: deep links, clicks on what the canvas draws
// (at the overlay element's place), typing into the overlay's real inputs.
//
//   const { page } = await openRoute(browser, { baseUrl, token, route: `/mocs/${id}` });
//   await clickItem(page, 'moc-build-status', 'Built');
//   await waitForMoc(api, token, id, (m) => m.buildStatus === 'BUILT');
import assert from 'node:assert/strict';

import { openPage, waitForAppReady } from './browser.mjs';
import { byTestId, rememberSignIn } from './overlay.mjs';

// The overlay section each route shows.
export const PAGE_OF = {
  '/mocs': 'mocs-page',
  '/mocs/new': 'add-moc-page',
  '/wishlist': 'wishlist-page',
  '/gallery': 'gallery-page',
};

// Loads `route` in `page` as a returning visitor and waits for `section`
// (the page's overlay section) to be laid out.
export async function loadRoute(page, { baseUrl, token, user = 'alice', route, section }) {
  await rememberSignIn(page, token, user);
  await page.goto(`${baseUrl}${route}`);
  await waitForAppReady(page);
  if (section) await page.waitForSelector(byTestId(section), { state: 'attached' });
}

// A new browser context showing `route` (see loadRoute).
export async function openRoute(browser, { viewport = { width: 1280, height: 800 }, ...rest }) {
  const opened = await openPage(browser, viewport);
  await loadRoute(opened.page, rest);
  return opened;
}

// The centre of the overlay element `testid` whose text is `text` (any
// when omitted).
export async function itemCenter(page, testid, text) {
  const selector = text === undefined ? byTestId(testid) : `${byTestId(testid)}:text-is("${text}")`;
  const locator = page.locator(selector).first();
  await locator.waitFor({ state: 'attached' });
  const box = await locator.boundingBox();
  assert.ok(box, `${selector} is laid out`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

// Clicks what the canvas draws under the overlay element (ImGui samples
// input once per frame, so the press lasts a moment).
export async function clickItem(page, testid, text) {
  const at = await itemCenter(page, testid, text);
  await page.mouse.move(at.x, at.y);
  await page.waitForTimeout(50);
  await page.mouse.down();
  await page.waitForTimeout(50);
  await page.mouse.up();
}

// Focuses the text field `testid` (its real <input>, or <textarea> for a
// multi-line one) by clicking it, and replaces its text with `text` when
// given.
export async function fillField(page, testid, text) {
  const input = page.locator(`:is(input, textarea)${byTestId(testid)}`);
  await input.click();
  if (text !== undefined) {
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
  }
  return input;
}

// Polls GET /api/mocs/{id} until `predicate(moc)` holds; returns the MOC.
export async function waitForMoc(api, token, id, predicate, timeout = 15000) {
  const start = Date.now();
  let last;
  while (Date.now() - start < timeout) {
    last = await api.call('GET', `/api/mocs/${id}`, { token });
    if (predicate(last.body, last.status)) return last.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`MOC ${id} never matched; last: ${last?.status} ${last?.text}`);
}

// Creates a MOC through the API; returns it.
export async function createMoc(api, token, fields = {}) {
  const res = await api.call('POST', '/api/mocs', {
    token,
    body: { title: 'Harbour Crane', theme: 'City', buildStatus: 'ADDED', partsCoverageStatus: 'NONE',
            coveragePercentage: 0, ...fields },
  });
  assert.equal(res.status, 201, res.text);
  return res.body;
}

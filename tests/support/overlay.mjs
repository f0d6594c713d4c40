// Reading and driving the dashboard as a person does, through the
// semantics overlay: invisible DOM elements over the canvas, one per value
// the canvas shows, each with a data-testid (web/semantics_overlay.js).
// Reads go to the overlay's text; clicks and keys go to the canvas at the
// overlay element's place, so ImGui sees real input.
//
//   const { page } = await openSignedInPage(browser, { baseUrl, token, user: 'alice' });
//   await waitForText(page, 'connection-status', (t) => t.startsWith('Live'));
//   await clickAndSettle(page, await centerOf(page, byTestId('sign-out')));
import assert from 'node:assert/strict';

import { afterInput, drawFrames, holdFrames, openPage, releaseFrames, waitForAppReady } from './browser.mjs';

// The CSS selector of the overlay elements with `testid`.
export function byTestId(testid) {
  return `[data-testid="${testid}"]`;
}

// Text of the overlay element with `testid` (the first one), or null.
export function overlayText(page, testid) {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el ? el.textContent : null;
  }, testid);
}

// Texts of every overlay element with `testid`, in drawing order.
export function texts(page, testid) {
  return page.$$eval(byTestId(testid), (els) => els.map((e) => e.textContent));
}

// Polls every `testid` element until one's text satisfies `predicate`;
// returns that text (a list's rows, a thread's messages).
export async function waitForAny(page, testid, predicate, timeout = 30000) {
  const start = Date.now();
  let last = [];
  while (Date.now() - start < timeout) {
    last = await texts(page, testid);
    const found = last.find(predicate);
    if (found !== undefined) return found;
    await page.waitForTimeout(25);
  }
  throw new Error(`${testid}: none matched after ${timeout} ms; shown: ${JSON.stringify(last.slice(0, 8))}`);
}

// Polls the first `testid` element until its text satisfies `predicate`;
// the overlay changes only when the canvas does, so polling is the way.
// The bound only decides how long a broken page takes to fail.
export async function waitForText(page, testid, predicate, timeout = 30000) {
  const start = Date.now();
  let last = null;
  while (Date.now() - start < timeout) {
    last = await overlayText(page, testid);
    if (last !== null && predicate(last)) return last;
    await page.waitForTimeout(25);
  }
  throw new Error(`${testid}: still "${last}" after ${timeout} ms`);
}

export async function centerOf(page, selector) {
  const box = await page.locator(selector).first().boundingBox();
  assert.ok(box, `${selector} is laid out`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

// Scrolls the canvas until the element's centre is inside the viewport;
// each turn of the wheel is applied before the next look.
export async function scrollIntoView(page, selector, viewportHeight) {
  for (let i = 0; i < 40; ++i) {
    const { y } = await centerOf(page, selector);
    if (y > 80 && y < viewportHeight - 20) return;
    await page.mouse.move(100, viewportHeight / 2);
    await afterInput(page, () => page.mouse.wheel(0, y > viewportHeight ? 200 : -200));
  }
  throw new Error(`could not scroll ${selector} into view`);
}

// ImGui 1.86 samples input once per frame (its input queue came in 1.87),
// so a key must stay down for a frame and a click must land before typing
// starts, as they do for a person. Both go by the page's frames (the frame
// gate, browser.mjs), not by a time a loaded machine may not draw a frame
// in: a key is down for exactly one frame and up in the next (the same key
// pressed again before a frame saw it up would read as held, not pressed
// twice); a click is seen pressed, then released.
export async function pressKey(page, key) {
  await holdFrames(page);
  try {
    await page.keyboard.down(key);
    await drawFrames(page, 1);
    await page.keyboard.up(key);
    await drawFrames(page, 1);
  } finally {
    await releaseFrames(page).catch(() => {});  // the key may have left the page
  }
}

export function clickAndSettle(page, at) {
  return afterInput(page, () => page.mouse.click(at.x, at.y), 2);
}

// Puts `token` where the page looks for a saved sign-in, before any of the
// page's scripts run, on every load of `page`.
export function rememberSignIn(page, token, user) {
  return page.addInitScript(([t, u]) => {
    localStorage.setItem('dashboard.token', t);
    localStorage.setItem('dashboard.user', u);
  }, [token, user]);
}

// Loads `${baseUrl}/dashboard${query}` in `page` as a returning visitor
// holding `token`, and resolves once the collection is on the canvas.
export async function loadSignedInDashboard(page, { baseUrl, token, user = 'alice', query = '' }) {
  await rememberSignIn(page, token, user);
  await page.goto(`${baseUrl}/dashboard${query}`);
  await waitForAppReady(page);
  await page.waitForSelector(byTestId('total-mocs-count'));
}

// A returning visitor in a new browser context: openPage's { context, page,
// problems } with the dashboard loaded as loadSignedInDashboard does.
export async function openSignedInPage(
  browser,
  { baseUrl, token, user = 'alice', viewport = { width: 1280, height: 800 }, query = '' },
) {
  const opened = await openPage(browser, viewport);
  await loadSignedInDashboard(opened.page, { baseUrl, token, user, query });
  return opened;
}

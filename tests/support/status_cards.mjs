// The /status page's service cards as the semantics overlay mirrors them.
import { openPage } from './browser.mjs';
import { byTestId } from './overlay.mjs';
import { loadRoute } from './pages.mjs';

const TIMEOUT = 30000;

// One service's card as the overlay has it, by the card's name.
export async function card(page, name) {
  return page.evaluate((wanted) => {
    const all = (id) => [...document.querySelectorAll(`[data-testid="${id}"]`)].map((e) => e.textContent);
    const i = all('service-name').indexOf(wanted);
    if (i < 0) return null;
    const at = (id) => all(id)[i];
    return {
      health: at('service-health'), response: at('service-response'), uptime: at('service-uptime'),
      checked: at('service-checked'), details: at('service-details'), refresh: at('service-refresh-button'),
    };
  }, name);
}

// Polls until `name`'s card satisfies `predicate`; answers when it first did.
export async function waitForCard(page, name, predicate, timeout = TIMEOUT) {
  const start = Date.now();
  let last = null;
  while (Date.now() - start < timeout) {
    last = await card(page, name);
    if (last && predicate(last)) return { card: last, at: Date.now() };
    await page.waitForTimeout(20);
  }
  throw new Error(`${name}: card still ${JSON.stringify(last)} after ${timeout} ms`);
}

// Opens /status as `user` in a new page of `browser`, once its banner shows.
export async function openStatusPage(browser, { baseUrl, token, user, width = 1280, height = 900 }) {
  const opened = await openPage(browser, { width, height });
  await loadRoute(opened.page, { baseUrl, token, user, route: '/status', section: 'status-page' });
  await opened.page.waitForSelector(byTestId('status-banner'), { state: 'attached', timeout: TIMEOUT });
  return opened;
}

// Render tracing: once a test creates window.dashboardTraceVersions, the
// page records when each view version first reached the screen
// (web/dashboard_interop.js), so a commit's server timestamp can be set
// against the frame that showed it.
//
//   const { page } = await openTracedLivePage(browser, { baseUrl, token, viewport });
//   // ... commits through the API ...
//   const shown = await page.evaluate(() => window.dashboardTraceVersions.shown);
//   // [[version, Date.now() when first drawn], ...], oldest first
import { openPage, waitForAppReady } from './browser.mjs';
import { rememberSignIn } from './overlay.mjs';

// Creates the trace before any of the page's scripts run, on every load,
// so even the first frame is recorded.
export function traceVersions(page) {
  return page.addInitScript(() => {
    window.dashboardTraceVersions = { last: -1, shown: [] };
  });
}

// openPage's { context, page, problems } with the dashboard loaded as a
// returning visitor holding `token`, traced, and resolved only once the
// connection indicator says Live: from then on every commit reaches the
// page over the socket, which is what the latency figures are about.
// `initScript` (optional) runs before the page's own, like traceVersions.
export async function openTracedLivePage(browser,
  { baseUrl, token, user = 'alice', viewport, query = '', initScript }) {
  const opened = await openPage(browser, viewport);
  await rememberSignIn(opened.page, token, user);
  await traceVersions(opened.page);
  if (initScript) await opened.page.addInitScript(initScript);
  await opened.page.goto(`${baseUrl}/dashboard${query}`);
  await waitForAppReady(opened.page);
  await opened.page.waitForFunction(() =>
    document.querySelector('[data-testid="connection-status"]')?.textContent.startsWith('Live'));
  return opened;
}

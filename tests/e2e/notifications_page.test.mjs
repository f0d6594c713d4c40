// Notifications in Chromium against the real server: a message to bob
// rings his bell in every tab; the bell opens /notifications, a row opens
// what it points at and is read in his other tab too; an announcement from
// an admin arrives live and Mark all read clears the bell; turning a
// kind's toast off on the page means no toast for it (in another tab too:
// preferences are the server's), and on again brings it back. Sound on
// plays the chime (an AudioContext, counted in the page); browser
// notifications on need the permission and show nothing in a visible tab
// (tests/e2e/tab_lifecycle.test.mjs shows one in a tab hidden for real).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { artifactPath, openPage } from '../support/browser.mjs';
import { texts, waitForAny, waitForText } from '../support/overlay.mjs';
import { clickItem, loadRoute } from '../support/pages.mjs';
import { signedInSuite } from '../support/signed_in_suite.mjs';

const TIMEOUT = 20000;

describe('notifications in Chromium', () => {
  const suite = signedInSuite('dashboard-notifications-');
  let bobToken;
  const openBob = async (route, width = 1280) => {
    bobToken ??= await suite.api.login('bob');
    const opened = await openPage(suite.browser, { width, height: 800 });
    const section = route === '/notifications' ? 'notifications-page' : undefined;
    await loadRoute(opened.page, { baseUrl: suite.baseUrl, token: bobToken, user: 'bob', route, section });
    return opened;
  };
  const aliceSends = async (text) => {
    const res = await suite.api.call('POST', '/api/conversations/bob/messages', { token: suite.token, body: { text } });
    assert.equal(res.status, 201, res.text);
  };
  const bellCount = async (page) => (await texts(page, 'notifications-unread'))[0] ?? '0';
  const waitForBell = async (page, count) => {
    const start = Date.now();
    let shown;
    while ((shown = await bellCount(page)) !== count) {
      if (Date.now() - start > TIMEOUT) throw new Error(`the bell shows ${shown}, not ${count}`);
      await page.waitForTimeout(50);
    }
  };
  const markAllRead = async () => {
    bobToken ??= await suite.api.login('bob');
    const res = await suite.api.call('POST', '/api/notifications/read', { token: bobToken, body: {} });
    assert.equal(res.status, 200, res.text);
  };

  test('a message rings the bell in both tabs; opening its row reads it in both', async () => {
    const first = await openBob('/dashboard');
    const second = await openBob('/dashboard');
    try {
      await markAllRead();
      await waitForBell(first.page, '0');
      await aliceSends('Look at my new harbour');
      await waitForBell(first.page, '1');
      await waitForBell(second.page, '1');
      await waitForText(first.page, 'notifications-bell', (t) => t === 'Notifications, 1 unread');
      await clickItem(first.page, 'notifications-bell');
      await waitForAny(first.page, 'notification-unread', (t) => t.includes('Look at my new harbour'));
      await first.page.screenshot({ path: artifactPath('e2e', 'notifications', 'list-1280.png') });
      await clickItem(first.page, 'notification-unread');
      await first.page.waitForURL(/\/messages\/alice$/, { timeout: TIMEOUT });
      await waitForBell(first.page, '0');
      await waitForBell(second.page, '0');
      assert.deepEqual(first.problems.filter((p) => !/404/.test(p)), []);
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });

  test('an announcement arrives live; Mark all read clears the bell', async () => {
    await markAllRead();
    const { context, page } = await openBob('/notifications');
    try {
      const res = await suite.api.call('POST', '/api/announcements',
        { token: suite.token, body: { text: 'The shop closes at six today' } });
      assert.equal(res.status, 201, res.text);
      await waitForAny(page, 'notification-unread', (t) => t === 'The shop closes at six today');
      await aliceSends('And one more thing');
      await waitForBell(page, '2');
      await clickItem(page, 'notifications-read-all', 'Mark all read');
      await waitForBell(page, '0');
      assert.deepEqual(await texts(page, 'notification-unread'), []);
      const server = (await suite.api.call('GET', '/api/notifications', { token: bobToken })).body;
      assert.equal(server.unread, 0);
    } finally {
      await context.close();
    }
  });

  test('a kind\'s toast turned off shows none, in another tab too; on again shows it', async () => {
    const prefsPage = await openBob('/notifications', 375);
    const other = await openBob('/notifications');
    try {
      await waitForText(prefsPage.page, 'pref-message-toast', (t) => t === 'Toast: on');
      await prefsPage.page.screenshot({ path: artifactPath('e2e', 'notifications', 'prefs-375.png') });
      await clickItem(prefsPage.page, 'pref-message-toast');
      await waitForText(prefsPage.page, 'pref-message-toast', (t) => t === 'Toast: off');
      const saved = (await suite.api.call('GET', '/api/notifications/preferences', { token: bobToken })).body;
      assert.equal(saved.preferences.message.toast, false);
      // The other tab hears the change; then a message is counted, not
      // toasted (both come from the same event, in the same frame).
      await waitForText(other.page, 'pref-message-toast', (t) => t === 'Toast: off');
      await aliceSends('Quietly now');
      await waitForText(other.page, 'nav-messages', (t) => /unread/.test(t));
      assert.deepEqual((await texts(other.page, 'toast')).filter((t) => t.includes('Quietly now')), []);

      await clickItem(prefsPage.page, 'pref-message-toast');
      await waitForText(prefsPage.page, 'pref-message-toast', (t) => t === 'Toast: on');
      await waitForText(other.page, 'pref-message-toast', (t) => t === 'Toast: on');
      await aliceSends('Loud again');
      await waitForText(other.page, 'toast', (t) => t.includes('alice: Loud again'));
    } finally {
      await prefsPage.context.close();
      await other.context.close();
    }
  });

  test('sound on plays the chime; a visible tab shows no browser notification', async () => {
    const opened = await openBob('/notifications');
    const { context, page } = opened;
    try {
      await context.grantPermissions(['notifications'], { origin: suite.baseUrl });
      // What the page shows through the Notifications API.
      await page.evaluate(() => {
        window.shownNotifications = [];
        const Native = window.Notification;
        window.Notification = class extends Native {
          constructor(title, options) {
            super(title, options);
            window.shownNotifications.push(options?.body ?? '');
          }
        };
        window.Notification.requestPermission = Native.requestPermission.bind(Native);
        Object.defineProperty(window.Notification, 'permission', { get: () => Native.permission });
      });
      await waitForText(page, 'pref-message-sound', (t) => t === 'Sound: off');
      await aliceSends('No chime for this one');
      await waitForAny(page, 'notification-unread', (t) => t.includes('No chime for this one'));
      assert.equal(await page.evaluate(() => window.dashboardChimes ?? 0), 0);

      await clickItem(page, 'pref-message-sound');
      await waitForText(page, 'pref-message-sound', (t) => t === 'Sound: on');
      await clickItem(page, 'pref-message-browser');
      await waitForText(page, 'pref-message-browser', (t) => t === 'Browser: on');
      await aliceSends('Ding');
      await waitForAny(page, 'notification-unread', (t) => t.includes('Ding'));
      assert.equal(await page.evaluate(() => window.dashboardChimes), 1);
      assert.ok(await page.evaluate(() => typeof window.AudioContext === 'function'));
      // Visible: the toast says it, no browser notification.
      assert.deepEqual(await page.evaluate(() => window.shownNotifications), []);
    } finally {
      await context.close();
    }
  });
});

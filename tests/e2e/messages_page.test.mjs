// The messages pages in Chromium against the real server: alice writes to
// bob from /messages/bob; bob's sidebar counts it, his list and the thread
// show it, and opening it clears the count; his reply reaches alice's open
// thread live. The composer takes several lines (Shift+Enter) and sends
// them with Enter, line breaks kept, to the server and the peer's thread.
// A send that cannot reach the server stays on the page with the reason
// and a Retry that sends the same text. Field errors, an unknown person,
// and the 375 px layout (list, then the thread with a way back).
// Screenshots go to tests/artifacts/e2e/messages/.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { artifactPath, openPage } from '../support/browser.mjs';
import { byTestId, texts, waitForAny, waitForText } from '../support/overlay.mjs';
import { clickItem, fillField, loadRoute } from '../support/pages.mjs';
import { signedInSuite } from '../support/signed_in_suite.mjs';

const TIMEOUT = 20000;

describe('the messages pages in Chromium', () => {
  const suite = signedInSuite('dashboard-messages-');
  let bobToken;
  const open = async ({ user = 'alice', route = '/messages', width = 1280, height = 800 } = {}) => {
    const opened = await openPage(suite.browser, { width, height });
    const token = user === 'alice' ? suite.token : (bobToken ??= await suite.api.login('bob'));
    const section = route.startsWith('/messages') ? 'messages-page' : undefined;
    await loadRoute(opened.page, { baseUrl: suite.baseUrl, token, user, route, section });
    return opened;
  };
  const send = async (page, text) => {
    await fillField(page, 'message-text', text);
    await page.keyboard.press('Enter');
  };
  const waitFor = async (condition, what) => {
    const start = Date.now();
    while (!(await condition())) {
      if (Date.now() - start > TIMEOUT) throw new Error(`never happened: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  // The height of the message bubble whose overlay text is `text`.
  const bubbleHeight = (page, text) => page.$$eval(byTestId('message'), (els, t) => {
    const el = els.find((e) => e.textContent === t);
    return el ? el.getBoundingClientRect().height : null;
  }, text);
  const waitUntilGone = async (page, testid) => {
    const start = Date.now();
    while ((await texts(page, testid)).length > 0) {
      if (Date.now() - start > TIMEOUT) throw new Error(`${testid} still shows`);
      await page.waitForTimeout(50);
    }
  };

  test('alice writes to bob: his badge, list and thread show it; his reply reaches her live', async () => {
    const bob = await open({ user: 'bob', route: '/dashboard' });
    const alice = await open({ user: 'alice', route: '/messages/bob' });
    try {
      await waitForText(alice.page, 'messages-peer', (t) => t === 'bob');
      await send(alice.page, 'Shall we build the castle on Saturday?');
      await waitForAny(alice.page, 'message', (t) => t === 'alice: Shall we build the castle on Saturday?');
      // The composer is empty again, ready for the next line.
      assert.equal(await alice.page.locator(`textarea${byTestId('message-text')}`).inputValue(), '');

      await waitForText(bob.page, 'nav-messages-unread', (t) => t === '1');
      await waitForText(bob.page, 'nav-messages', (t) => t === 'Messages, 1 unread');
      await clickItem(bob.page, 'nav-messages');
      await waitForAny(bob.page, 'conversation',
        (t) => t === 'alice: Shall we build the castle on Saturday? (1 unread)');
      await clickItem(bob.page, 'conversation');
      await waitForAny(bob.page, 'message', (t) => t === 'alice: Shall we build the castle on Saturday?');
      assert.equal(new URL(bob.page.url()).pathname, '/messages/alice');
      // Read while open: the count goes, in the list and the sidebar.
      await waitUntilGone(bob.page, 'nav-messages-unread');
      await waitForAny(bob.page, 'conversation', (t) => t === 'alice: Shall we build the castle on Saturday?');

      await send(bob.page, 'Yes! I will bring the grey plates.');
      await waitForAny(alice.page, 'message', (t) => t === 'bob: Yes! I will bring the grey plates.');
      // Her thread is open, so his line is read at once: no badge for her.
      await waitForAny(alice.page, 'conversation', (t) => t === 'bob: Yes! I will bring the grey plates.');
      await waitUntilGone(alice.page, 'nav-messages-unread');
      const server = (await suite.api.call('GET', '/api/conversations', { token: suite.token })).body;
      assert.equal(server.unreadTotal, 0);
      await alice.page.screenshot({ path: artifactPath('e2e', 'messages', 'thread-1280.png') });
      assert.deepEqual(alice.problems.filter((p) => !/404/.test(p)), []);
    } finally {
      await bob.context.close();
      await alice.context.close();
    }
  });

  test('the composer takes several lines: Shift+Enter starts one, Enter sends them with their break', async () => {
    const sent = await suite.api.call('POST', '/api/conversations/bob/messages',
      { token: suite.token, body: { text: 'A line on its own' } });
    assert.equal(sent.status, 201, sent.text);
    const bob = await open({ user: 'bob', route: '/messages/alice' });
    const alice = await open({ route: '/messages/bob' });
    const text = 'line one\nline two \u{1F9F1}';
    try {
      await waitForText(alice.page, 'messages-peer', (t) => t === 'bob');
      const field = await fillField(alice.page, 'message-text', 'line one');
      assert.equal(await field.evaluate((el) => el.tagName), 'TEXTAREA');
      const oneLine = await field.boundingBox();
      await alice.page.keyboard.press('Shift+Enter');
      await alice.page.keyboard.type('line two \u{1F9F1}');
      // The canvas field grew a line, and the textarea over it with it.
      await waitFor(async () => (await field.boundingBox()).height > oneLine.height + 10, 'the composer grows');
      assert.equal(await field.inputValue(), text, 'Shift+Enter sent nothing');
      await alice.page.screenshot({ path: artifactPath('e2e', 'messages', 'composer-two-lines-1280.png') });
      assert.deepEqual(await texts(alice.page, 'message-pending'), []);

      await alice.page.keyboard.press('Enter');
      await waitForAny(alice.page, 'message', (t) => t === `alice: ${text}`);
      assert.equal(await field.inputValue(), '', 'the composer is empty again');
      await waitFor(async () => Math.abs((await field.boundingBox()).height - oneLine.height) < 1, 'one line again');
      const thread = (await suite.api.call('GET', '/api/conversations/bob/messages', { token: suite.token })).body;
      assert.equal(thread.items.filter((m) => m.text === text).length, 1, 'the server has it once, with its line break');

      // Seven lines: the composer stops growing at five and scrolls.
      for (let i = 1; i <= 7; ++i) {
        await alice.page.keyboard.type(`row ${i}`);
        if (i < 7) await alice.page.keyboard.press('Shift+Enter');
      }
      const fiveLines = oneLine.height + 4 * 15;  // the body font's 15 px a line
      await waitFor(async () => Math.abs((await field.boundingBox()).height - fiveLines) < 1, 'five lines tall');
      await alice.page.screenshot({ path: artifactPath('e2e', 'messages', 'composer-seven-lines-1280.png') });
      await alice.page.keyboard.press('Control+A');
      await alice.page.keyboard.press('Backspace');
      await waitFor(async () => Math.abs((await field.boundingBox()).height - oneLine.height) < 1, 'one line once cleared');

      // Bob's open thread shows it live, on two lines: its bubble is a line
      // taller than a one-line message's.
      await waitForAny(bob.page, 'message', (t) => t === `alice: ${text}`);
      const single = await bubbleHeight(bob.page, 'alice: A line on its own');
      const double = await bubbleHeight(bob.page, `alice: ${text}`);
      assert.ok(double - single > 10 && double - single < 25, `one line more: ${single} px, then ${double} px`);
      await bob.page.screenshot({ path: artifactPath('e2e', 'messages', 'two-lines-1280.png') });
      assert.deepEqual(alice.problems.filter((p) => !/404/.test(p)), []);
    } finally {
      await bob.context.close();
      await alice.context.close();
    }
  });

  test('a send the server never gets keeps its text, says why, and Retry sends it', async () => {
    const { context, page, problems } = await open({ route: '/messages/bob' });
    try {
      await waitForText(page, 'messages-peer', (t) => t === 'bob');
      // The network refuses the POST (the socket stays up).
      const refuse = (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue());
      await page.route('**/api/conversations/bob/messages', refuse);
      await send(page, 'Lost in the post');
      await waitForAny(page, 'message-failed', (t) => t === 'alice: Lost in the post');
      await waitForText(page, 'message-error', (t) => t === 'Not sent: no connection');
      await page.unroute('**/api/conversations/bob/messages', refuse);
      await clickItem(page, 'message-retry', 'Retry');
      await waitForAny(page, 'message', (t) => t === 'alice: Lost in the post');
      assert.equal((await texts(page, 'message-failed')).length, 0);
      const thread = (await suite.api.call('GET', '/api/conversations/bob/messages', { token: suite.token })).body;
      assert.equal(thread.items.filter((m) => m.text === 'Lost in the post').length, 1, 'sent once');
      assert.deepEqual(problems.filter((p) => !/404|ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(p)), []);
    } finally {
      await context.close();
    }
  });

  test('field errors, an unknown person, and the 375 px layout', async () => {
    const sent = await suite.api.call('POST', '/api/conversations/bob/messages',
      { token: suite.token, body: { text: 'Setting up' } });
    assert.equal(sent.status, 201, sent.text);
    const { context, page } = await open({ route: '/messages', width: 375, height: 760 });
    try {
      await fillField(page, 'message-to', '');
      await page.keyboard.press('Enter');
      await waitForText(page, 'message-to-error', (t) => t === 'Enter a username');
      await fillField(page, 'message-to', 'nobody-here');
      await page.keyboard.press('Enter');
      await waitForText(page, 'messages-no-user-detail', (t) => t.includes('nobody-here'));
      await clickItem(page, 'messages-list', 'All conversations');
      await waitForAny(page, 'conversation', (t) => t.startsWith('bob: '));
      assert.deepEqual(await texts(page, 'message-to-error'), [], 'a new page starts without the old error');
      await page.screenshot({ path: artifactPath('e2e', 'messages', 'list-375.png') });
      await clickItem(page, 'conversation');
      await waitForText(page, 'page-title', (t) => t === 'bob');
      await send(page, '   ');
      await waitForText(page, 'message-text-error', (t) => t === 'Write something first');
      await page.screenshot({ path: artifactPath('e2e', 'messages', 'thread-375.png') });
      await clickItem(page, 'messages-back');
      await waitForText(page, 'page-title', (t) => t === 'Messages');
      assert.equal(new URL(page.url()).pathname, '/messages');
    } finally {
      await context.close();
    }
  });
});

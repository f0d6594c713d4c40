// From alice's send to bob's frame: alice (a Chromium page on /messages/bob)
// types a line and presses Enter; bob (a second Chromium context on
// /messages/alice, the thread open) draws it. A socket.io-client 4.8 peer
// signed in as bob records its receipt of the same message:new in the same
// run. Times are epoch ms on one machine: the send is alice's Enter, bob's
// frame is the overlay update that shows the message, the peer's is its
// handler. Inside bob's page the message's arrival on his WebSocket is also
// timed, so the part that is bob's own drawing shows apart from the wire.
//
// Then a conversation of --history messages (100,000 by default, imported
// through the API's SQL-backed store in batches) opens and pages back: the
// page reads one page of 50, never the whole conversation.
//
//   node tests/bench/messages/send_to_display.mjs [--sends 20] [--history 100000]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { io } from 'socket.io-client';

import { apiClient } from '../../support/api_client.mjs';
import { launchChromium, openPage } from '../../support/browser.mjs';
import { byTestId, texts, waitForAny, waitForText } from '../../support/overlay.mjs';
import { clickItem, fillField, loadRoute } from '../../support/pages.mjs';
import { siteDir } from '../../support/paths.mjs';
import { startServer, stopServer } from '../../support/server_process.mjs';
import { firstShown, recordFirstShown, socketArrivals } from '../support/page_timing.mjs';
import { fmt, quantile } from '../support/stats.mjs';

const { values } = parseArgs({ options: {
  sends: { type: 'string', default: '20' },
  history: { type: 'string', default: '100000' },
} });
const SENDS = Number(values.sends);
const HISTORY = Number(values.history);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-send-bench-'));
// Seeding 100,000 messages outlasts the default 15 min access token.
const server = await startServer({ site: siteDir, dataDir, args: ['--access-token-ttl-seconds', '7200'] });
const baseUrl = `http://127.0.0.1:${server.port}`;
let browser;
let peer;
try {
  const api = apiClient(server.port);
  const aliceToken = await api.login('alice');
  const bobToken = await api.login('bob');
  peer = io(`${baseUrl}/dashboard`, { transports: ['websocket'], auth: { token: bobToken }, forceNew: true });
  const received = new Map();  // text -> epoch ms
  peer.on('message:new', (envelope) => {
    const text = envelope?.payload?.message?.text;
    if (text && !received.has(text)) received.set(text, Date.now());
  });
  await new Promise((resolve, reject) => { peer.once('connect', resolve); peer.once('connect_error', reject); });

  browser = await launchChromium();
  const alice = await openPage(browser, { width: 1280, height: 800 });
  await loadRoute(alice.page, { baseUrl, token: aliceToken, user: 'alice', route: '/messages/bob', section: 'messages-page' });
  await waitForText(alice.page, 'messages-peer', (t) => t === 'bob');
  const bob = await openPage(browser, { width: 1280, height: 800 });
  await bob.page.addInitScript(socketArrivals('"message:new".*?"text":"(Send \\d+)"'));
  await loadRoute(bob.page, { baseUrl, token: bobToken, user: 'bob', route: '/messages/alice', section: 'messages-page' });
  await waitForText(bob.page, 'messages-peer', (t) => t === 'alice');
  await recordFirstShown(bob.page, 'message');

  const sent = new Map();
  for (let i = 0; i < SENDS; ++i) {
    const text = `Send ${String(i).padStart(2, '0')}`;
    await fillField(alice.page, 'message-text', text);
    sent.set(text, Date.now());
    await alice.page.keyboard.press('Enter');
    await waitForAny(bob.page, 'message', (t) => t === `alice: ${text}`, 30000);
  }
  const shown = await firstShown(bob.page);
  const arrived = await bob.page.evaluate(() => window.arrivedAt);
  const frame = [];
  const socket = [];
  const own = [];
  for (const [text, at] of sent) {
    const seen = shown[`alice: ${text}`];
    if (seen) frame.push(seen - at);
    if (received.has(text)) socket.push(received.get(text) - at);
    if (seen && arrived[text]) own.push(seen - arrived[text]);
  }
  console.log(`send-to-display over ${sent.size} messages at 1280x800`);
  console.log(`alice's Enter -> bob's frame (Chromium):      p50 ${fmt(quantile(frame, 0.5))} p99 ${fmt(quantile(frame, 0.99))} ms (n=${frame.length})`);
  console.log(`alice's Enter -> socket.io-client peer:       p50 ${fmt(quantile(socket, 0.5))} p99 ${fmt(quantile(socket, 0.99))} ms (n=${socket.length})`);
  console.log(`frame - peer at p50: ${fmt(quantile(frame, 0.5) - quantile(socket, 0.5))} ms; in bob's page, arrival -> frame: ` +
    `p50 ${fmt(quantile(own, 0.5))} p99 ${fmt(quantile(own, 0.99))} ms`);
  await alice.context.close();
  await bob.context.close();
  peer.close();

  // A long conversation: alice to bob, HISTORY more messages, with nobody
  // watching while they are written.
  if (HISTORY > 0) {
    const from = 'alice';
    const token = aliceToken;
    const started = Date.now();
    // Sent 16 at a time, so the conversation's order (seq) is not the
    // numbering: each text is found again by the seq the server gave it.
    const textOfSeq = new Map();
    for (let done = 0; done < HISTORY;) {
      const batch = [];
      for (let j = 0; j < 16 && done < HISTORY; ++j, ++done) {
        batch.push(api.call('POST', '/api/conversations/bob/messages', { token, body: { text: `History ${done}` } }));
      }
      for (const res of await Promise.all(batch)) {
        if (res.status !== 201) throw new Error(`seeding: ${res.status} ${res.text}`);
        textOfSeq.set(res.body.seq, res.body.text);
      }
      if (done % 10000 === 0) console.log(`seeded ${done} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    const seeded = (Date.now() - started) / 1000;
    const lastSeq = Math.max(...textOfSeq.keys());
    const reader = await openPage(browser, { width: 1280, height: 800 });
    const requests = [];
    reader.page.on('request', (r) => { if (r.url().includes(`/api/conversations/${from}/messages`)) requests.push(r.url()); });
    const opened = Date.now();
    await loadRoute(reader.page, { baseUrl, token: bobToken, user: 'bob', route: `/messages/${from}`, section: 'messages-page' });
    await waitForAny(reader.page, 'message', (t) => t === `${from}: ${textOfSeq.get(lastSeq)}`, 60000);
    const openMs = Date.now() - opened;
    // Scroll up to the top of what was read (the wheel over the pane), load
    // the next older page, and scroll into it.
    const olderStarted = Date.now();
    const pane = await reader.page.locator(byTestId('messages-peer')).boundingBox();
    await reader.page.mouse.move(pane.x + 300, pane.y + 300);
    // Until the Load older button shows (not while it says Loading…).
    const scrollUntil = async (testid) => {
      for (let k = 0; k < 400 && !(await texts(reader.page, testid)).includes('Load older messages'); ++k) {
        await reader.page.mouse.wheel(0, -600);
        await reader.page.waitForTimeout(30);
      }
    };
    await scrollUntil('messages-older');
    await clickItem(reader.page, 'messages-older', 'Load older messages');
    await scrollUntil('messages-older');
    // The oldest of the two pages read, at the top of the pane.
    await waitForAny(reader.page, 'message', (t) => t === `${from}: ${textOfSeq.get(lastSeq - 99)}`, 60000);
    const olderMs = Date.now() - olderStarted;
    const shownCount = (await texts(reader.page, 'message')).length;
    console.log(`a conversation of ${HISTORY} messages (seeded in ${seeded.toFixed(0)} s): opened in ${openMs} ms, ` +
      `one older page and a scroll to it in ${olderMs} ms; ${requests.length} thread reads of 50 ` +
      `(${requests.length * 50} of ${HISTORY} messages loaded), ${shownCount} bubbles on screen`);
  }
} finally {
  peer?.close();
  await browser?.close();
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}

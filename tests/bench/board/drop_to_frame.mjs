// From bob's drop to alice's frame: bob (a Chromium page on alice's board,
// editor) drags a card to another column; alice (a second Chromium context
// on her board, subscribed to board:alice on the socket) draws it there. A
// socket.io-client 4.8 peer subscribed to the same topic in the same run
// records its receipt of the same event. Times are epoch ms on one machine:
// the drop is bob's mouse-up, alice's frame is the overlay update that shows
// the card in its new column (a MutationObserver in her page), the peer's is
// its 'topic:event' handler. Inside alice's page it also times the topic
// event's arrival on her WebSocket and counts the frames she drew before the
// card showed ("within a frame of its arrival").
//
//   node tests/bench/board/drop_to_frame.mjs [--moves 20] [--width 1280] [--height 800]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { io } from 'socket.io-client';

import { apiClient } from '../../support/api_client.mjs';
import { drawFrames, holdFrames, launchChromium, openPage, releaseFrames, waitForAppReady } from '../../support/browser.mjs';
import { columnOf, topCard, waitForCard } from '../../support/board.mjs';
import { byTestId, rememberSignIn } from '../../support/overlay.mjs';
import { itemCenter } from '../../support/pages.mjs';
import { siteDir } from '../../support/paths.mjs';
import { startServer, stopServer } from '../../support/server_process.mjs';

const { values } = parseArgs({ options: {
  moves: { type: 'string', default: '20' },
  width: { type: 'string', default: '1280' },
  height: { type: 'string', default: '800' },
} });
const MOVES = Number(values.moves);
const WIDTH = Number(values.width);
const HEIGHT = Number(values.height);
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const fmt = (x) => (x === undefined ? 'n/a' : x.toFixed(1));

// Runs in alice's page before the app: the time each socket message that
// moves a "Drop NN" card to Built reaches the page (before the app's handler
// runs), so "within a frame of its arrival" is measured in her own page.
function recordArrivals() {
  window.arrivedAt = {};
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        // The topic event of the move (dashboard updates also name the card).
        if (typeof e.data !== 'string' || !e.data.includes('"topic:event"') ||
            !e.data.includes('"buildStatus":"BUILT"')) return;
        const title = /"title":"(Drop \d+)"/.exec(e.data)?.[1];
        if (title && !(title in window.arrivedAt)) window.arrivedAt[title] = performance.timeOrigin + performance.now();
      });
    }
  };
}

async function openBoard(browser, baseUrl, token, user, route, initScript) {
  const opened = await openPage(browser, { width: WIDTH, height: HEIGHT });
  if (initScript) await opened.page.addInitScript(initScript);
  await rememberSignIn(opened.page, token, user);
  // Slow REST polling: what alice sees comes from the socket.
  await opened.page.goto(`${baseUrl}${route}?boardPollMs=600000`);
  await waitForAppReady(opened.page);
  await opened.page.waitForSelector(byTestId('board-column-added'), { state: 'attached', timeout: 60000 });
  return opened;
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-board-drop-'));
const server = await startServer({ site: siteDir, dataDir });
const baseUrl = `http://127.0.0.1:${server.port}`;
let browser;
let peer;
try {
  const api = apiClient(server.port);
  const aliceToken = await api.login('alice');
  const bobToken = await api.login('bob');
  peer = io(`${baseUrl}/dashboard`, { transports: ['websocket'], auth: { token: bobToken }, forceNew: true });
  const received = new Map();  // title -> epoch ms
  peer.on('topic:event', (arg) => {
    const moc = arg.payload?.data?.payload;
    if (moc?.buildStatus === 'BUILT' && !received.has(moc.title)) received.set(moc.title, Date.now());
  });
  await new Promise((resolve, reject) => { peer.once('connect', resolve); peer.once('connect_error', reject); });
  const ack = await peer.timeout(15000).emitWithAck('subscribe', { topic: 'board:alice' });
  if (!ack.ok) throw new Error(`peer subscribe: ${JSON.stringify(ack)}`);

  browser = await launchChromium();
  const alice = await openBoard(browser, baseUrl, aliceToken, 'alice', '/board', recordArrivals);
  const bob = await openBoard(browser, baseUrl, bobToken, 'bob', '/board/alice');
  await alice.page.evaluate(() => {
    window.builtAt = {};
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[data-testid="board-card-built"]')) {
        const t = el.textContent;
        if (!(t in window.builtAt)) window.builtAt[t] = performance.timeOrigin + performance.now();
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
    window.dashboardFrameLog = [];
  });
  const drops = new Map();
  for (let i = 0; i < MOVES; ++i) {
    // One new card per drag, at the top of Added where bob sees it (a column
    // shows only the cards that fit; twenty cards made up front would not).
    const card = await topCard(api, aliceToken, `Drop ${String(i).padStart(2, '0')}`);
    await waitForCard(bob.page, card.title, 'added');
    const from = await itemCenter(bob.page, 'board-card-added', card.title);
    const header = await bob.page.locator(byTestId('board-column-built')).first().boundingBox();
    const to = { x: header.x + header.width / 2, y: header.y + header.height + 24 };
    await holdFrames(bob.page);
    try {
      await bob.page.mouse.move(from.x, from.y);
      await drawFrames(bob.page, 1);
      await bob.page.mouse.down();
      await drawFrames(bob.page, 1);
      for (let i = 1; i <= 6; ++i) {
        await bob.page.mouse.move(from.x + ((to.x - from.x) * i) / 6, from.y + ((to.y - from.y) * i) / 6);
        await drawFrames(bob.page, 1);
      }
      drops.set(card.title, Date.now());
      await bob.page.mouse.up();
      await drawFrames(bob.page, 2);
    } finally {
      await releaseFrames(bob.page).catch(() => {});
    }
    if (await columnOf(bob.page, card.title) !== 'built') throw new Error(`${card.title}: the drop missed`);
    await waitForCard(alice.page, card.title, 'built', 30000);
  }
  const { builtAt, arrivedAt, frameLog } = await alice.page.evaluate(() =>
    ({ builtAt: window.builtAt, arrivedAt: window.arrivedAt,
       frameLog: window.dashboardFrameLog.map(([when, cpu]) => [performance.timeOrigin + when, cpu]) }));
  const frame = [];
  const socket = [];
  const arrivalToFrame = [];
  const framesToShow = [];
  for (const [title, at] of drops) {
    if (builtAt[title]) frame.push(builtAt[title] - at);
    if (received.has(title)) socket.push(received.get(title) - at);
    if (builtAt[title] && arrivedAt[title]) {
      arrivalToFrame.push(builtAt[title] - arrivedAt[title]);
      // Frames alice drew from the arrival to the one that showed the card
      // (frame_drawn is logged just before that frame's overlay update).
      framesToShow.push(frameLog.filter(([when]) => when >= arrivedAt[title] && when <= builtAt[title]).length);
    }
  }
  // Alice's frame time while she idles and cards arrive: the "frame" of
  // "within a frame of its arrival" (SwiftShader draws without a GPU).
  const frameCpu = frameLog.map(([, cpu]) => cpu);
  const presence = await alice.page.evaluate(() =>
    document.querySelector('[data-testid="board-presence"]')?.textContent ?? null);
  await alice.context.close();
  await bob.context.close();
  console.log(`drop-to-frame over ${drops.size} drags at ${WIDTH}x${HEIGHT} (alice's presence line: ${presence})`);
  console.log(`bob's drop -> alice's frame (Chromium):      p50 ${fmt(quantile(frame, 0.5))} p99 ${fmt(quantile(frame, 0.99))} ms (n=${frame.length})`);
  console.log(`bob's drop -> socket.io-client peer receipt: p50 ${fmt(quantile(socket, 0.5))} p99 ${fmt(quantile(socket, 0.99))} ms (n=${socket.length})`);
  console.log(`frame - peer at p50: ${fmt(quantile(frame, 0.5) - quantile(socket, 0.5))} ms`);
  console.log(`in alice's page, the message's arrival -> its frame: p50 ${fmt(quantile(arrivalToFrame, 0.5))} ` +
    `p99 ${fmt(quantile(arrivalToFrame, 0.99))} ms (n=${arrivalToFrame.length}); her frame CPU median ` +
    `${fmt(quantile(frameCpu, 0.5))} p99 ${fmt(quantile(frameCpu, 0.99))} ms over ${frameLog.length} frames`);
  const firstFrame = framesToShow.filter((n) => n === 1).length;
  console.log(`shown by the first frame alice drew after the message arrived: ${firstFrame}/${framesToShow.length} moves ` +
    `(frames needed: ${framesToShow.join(' ')}); the rest of arrival -> frame is the wait for that animation frame`);
} finally {
  peer?.close();
  await browser?.close();
  await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}

// Real services fail and come back; a subscribed socket.io-client 4.8 sees
// each change within a second of the check that found it (the delta's
// timestamp is when the check finished) and sees it recover:
// - a monitored local HTTP server that the test slows (degraded), stops
//   (down: refused) and starts again on the same port (up);
// - the data folder on a 16 MB tmpfs that the test fills (disk down) and
//   empties (up);
// - PostgreSQL stopped (database down, and the live stream degraded since
//   the outbox cannot be pruned) and started again (up).
// For the disk and the database, alice's /status page in Chromium shows
// each change within a second of the check too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { io } from 'socket.io-client';

import { apiClient } from '../support/api_client.mjs';
import { launchChromium } from '../support/browser.mjs';
import { siteDir } from '../support/paths.mjs';
import { startPostgres } from '../support/postgres.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';
import { openStatusPage, waitForCard } from '../support/status_cards.mjs';

const CHECK_TO_RECEIPT_MS = 1000;

async function until(predicate, timeoutMs = 20000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function subscribedAdmin(server) {
  const token = await apiClient(server.port).login('alice');
  const socket = io(`http://127.0.0.1:${server.port}/dashboard`,
    { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  socket.deltas = [];
  socket.on('service:status', (delta) => socket.deltas.push({ at: Date.now(), delta }));
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  socket.emit('subscribe:status');
  socket.token = token;
  return socket;
}

// Where the socket's deltas stand now: take it before the action whose
// effect turns() waits for, so a delta that comes while the test is still
// awaiting something else (the action itself, another service's turn, the
// page) is not missed.
const mark = (socket) => socket.deltas.length;

// Waits for `id` to turn `status` in a delta after `from` (a mark());
// returns how long after its check the delta arrived.
async function turns(socket, id, status, { from, timeoutMs = 20000 }) {
  let hit;
  await until(() => {
    hit = socket.deltas.slice(from).find((d) => d.delta.serviceId === id && d.delta.status === status);
    return hit !== undefined;
  }, timeoutMs);
  const lag = hit.at - Date.parse(hit.delta.timestamp);
  assert.ok(lag < CHECK_TO_RECEIPT_MS, `${id} ${status} arrived ${lag} ms after its check`);
  return { lag, delta: hit.delta };
}

const HEALTH = { up: 'Up', degraded: 'Degraded', down: 'Down' };

// The page shows what `turned` (an answer of turns()) said, within a second
// of the check that found it.
async function pageShows(page, name, turned) {
  const { delta } = turned;
  const shown = await waitForCard(page, name, (c) => c.health === HEALTH[delta.status]);
  const lag = shown.at - Date.parse(delta.timestamp);
  assert.ok(lag < CHECK_TO_RECEIPT_MS, `the page showed ${name} ${delta.status} ${lag} ms after its check`);
  return shown.card;
}

function listen(server, port) {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
}

describe('status of real services failing and recovering', () => {
  let browser;
  before(async () => { browser = await launchChromium(); });
  after(async () => { await browser?.close(); });
  const statusPage = (server, socket) => openStatusPage(browser,
    { baseUrl: `http://127.0.0.1:${server.port}`, token: socket.token, user: 'alice' });

  test('a monitored HTTP server slowed, stopped and started again', async () => {
    let slow = false;
    const handler = (req, res) => {
      if (slow) setTimeout(() => res.writeHead(200).end('slow'), 1500);
      else res.writeHead(200).end('ok');
    };
    let endpoint = http.createServer(handler);
    await listen(endpoint, 0);
    const { port } = endpoint.address();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-status-http-'));
    const server = await startServer({ site: siteDir, dataDir, args: [
      '--status-interval-ms', '1000', '--monitor-degraded-ms', '700', '--monitor-timeout-ms', '4000',
      '--monitor', `covers=http://127.0.0.1:${port}/cover.png`] });
    const socket = await subscribedAdmin(server);
    try {
      await until(() => socket.deltas.some((d) => d.delta.serviceId === 'covers'));
      let from = mark(socket);
      slow = true;
      const degraded = await turns(socket, 'covers', 'degraded', { from });
      assert.match(degraded.delta.details, /HTTP 200/);
      from = mark(socket);
      endpoint.closeAllConnections();
      await new Promise((resolve) => endpoint.close(resolve));
      const down = await turns(socket, 'covers', 'down', { from });
      assert.match(down.delta.details, /refused/i);
      from = mark(socket);
      slow = false;
      endpoint = http.createServer(handler);
      await listen(endpoint, port);
      await turns(socket, 'covers', 'up', { from });
    } finally {
      socket.disconnect();
      endpoint.close();
      await stopServer(server);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('the data folder\'s disk filled up and emptied', async (t) => {
    const mountPoint = mkdtempSync(path.join(os.tmpdir(), 'dashboard-status-disk-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mountPoint]);
    if (mounted.status !== 0) {
      rmSync(mountPoint, { recursive: true, force: true });
      t.skip(`cannot mount a tmpfs here: ${mounted.stderr}`);
      return;
    }
    let server;
    let socket;
    let opened;
    try {
      server = await startServer({ site: siteDir, dataDir: mountPoint,
                                   args: ['--status-interval-ms', '1000'] });
      socket = await subscribedAdmin(server);
      await until(() => socket.deltas.some((d) => d.delta.serviceId === 'disk'));
      opened = await statusPage(server, socket);
      await waitForCard(opened.page, 'Data folder disk', (c) => c.health === 'Up');
      // Everything but a few KB: past the 98 % "down" line.
      const filler = path.join(mountPoint, 'filler');
      let from = mark(socket);
      spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });
      const down = await turns(socket, 'disk', 'down', { from });
      assert.match(down.delta.details, /% used/);
      assert.match((await pageShows(opened.page, 'Data folder disk', down)).details, /% used/);
      from = mark(socket);
      rmSync(filler);
      await pageShows(opened.page, 'Data folder disk', await turns(socket, 'disk', 'up', { from }));
    } finally {
      await opened?.context.close();
      socket?.disconnect();
      if (server) await stopServer(server);
      spawnSync('umount', [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  describe('PostgreSQL stopped and started', () => {
    let pg;
    before(async () => { pg = await startPostgres({ name: 'status-failures' }); });
    after(async () => { await pg?.stop(); });

    test('the database goes down and comes back', async () => {
      const url = await pg.createDatabase('status');
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-status-pg-'));
      const server = await startServer({ site: siteDir, dataDir, args: [
        '--database', url, '--status-interval-ms', '1000', '--database-timeout-ms', '500',
        // Pruning every second, so a few seconds without it are overdue.
        '--event-retention-seconds', '4'] });
      const socket = await subscribedAdmin(server);
      let opened;
      try {
        await until(() => socket.deltas.some((d) => d.delta.serviceId === 'database'));
        opened = await statusPage(server, socket);
        await waitForCard(opened.page, 'Database', (c) => c.health === 'Up');
        // Both services turn after each action, in either order.
        let from = mark(socket);
        await pg.down();
        const down = await turns(socket, 'database', 'down', { from, timeoutMs: 30000 });
        assert.match(down.delta.details, /unreachable/);
        assert.match((await pageShows(opened.page, 'Database', down)).details, /unreachable/);
        // The outbox cannot be pruned either: the live stream says so.
        const late = await turns(socket, 'stream', 'degraded', { from, timeoutMs: 30000 });
        assert.match(late.delta.details, /not pruned in over 3 s/);
        await pageShows(opened.page, 'Live stream', late);
        from = mark(socket);
        await pg.up();
        await pageShows(opened.page, 'Database',
                        await turns(socket, 'database', 'up', { from, timeoutMs: 30000 }));
        const back = await turns(socket, 'stream', 'up', { from, timeoutMs: 30000 });
        assert.match(back.delta.details, /pruned every 1 s/);
        await pageShows(opened.page, 'Live stream', back);
      } finally {
        await opened?.context.close();
        socket.disconnect();
        await stopServer(server);
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});

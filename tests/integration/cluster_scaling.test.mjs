// Instances come and go without dropping sockets: behind HAProxy (its
// runtime API, no reload), with 24 clients connected and a writer retrying
// with Idempotency-Keys throughout, an instance is added (the busy one moves
// its excess there: sockets even out), the first one is removed (drained,
// then stopped gracefully: its clients reconnect to the other), and then both
// are replaced one after another by new processes (a rolling upgrade). No
// event is lost, no write is done twice, and no client is without a socket
// for longer than one reconnect.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { apiClient } from '../support/api_client.mjs';
import { startHaproxy } from '../support/haproxy.mjs';
import { liveClient, metric, until } from '../support/live_client.mjs';
import { siteDir } from '../support/paths.mjs';
import { startPostgres } from '../support/postgres.mjs';
import { assertNothingLostOrDoubled, startWriter } from '../support/retrying_writer.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

const SECRET = 'cluster-scaling-secret-'.repeat(2);
const CLIENTS = 24;
// What deploy/haproxy.cfg's default-server gives the servers it lists.
const SERVER_WORDS = 'check inter 500ms fall 2 rise 1 slowstart 2s on-marked-down shutdown-sessions';

describe('instances added, removed and upgraded at runtime behind HAProxy', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-scaling-'));
  let pg;
  let url;
  let lb;
  const live = new Map();  // HAProxy server name -> dashboard-server process
  let started = 0;

  const startInstance = () => startServer({
    site: siteDir, dataDir: path.join(work, `i${++started}`), name: `scaling-${started}`,
    args: ['--database', url, '--jwt-secret', SECRET, '--balance-interval-ms', '1000'],
  });
  const sockets = (instance) => metric(instance.port, 'dashboard_connected_sockets');

  async function addInstance(name) {
    const instance = await startInstance();
    for (const command of [`add server instances/${name} 127.0.0.1:${instance.port} ${SERVER_WORDS}`,
      `enable health instances/${name}`, `enable server instances/${name}`]) {
      const answer = await lb.admin(command);
      assert.doesNotMatch(answer, /error|unknown|not found/i, `${command}: ${answer}`);
    }
    live.set(name, instance);
    return instance;
  }

  // Drained first (no new connections), then a graceful stop: its sockets
  // close with a close frame and their clients reconnect elsewhere.
  async function removeInstance(name) {
    const instance = live.get(name);
    await lb.admin(`set server instances/${name} state drain`);
    await stopServer(instance);
    live.delete(name);
    await lb.admin(`set server instances/${name} state maint`);
    const answer = await lb.admin(`del server instances/${name}`);
    assert.match(answer, /deleted/i, answer);
  }

  async function balanced(what) {
    const startedAt = Date.now();
    const fair = CLIENTS / live.size;
    await until(async () => {
      const counts = await Promise.all([...live.values()].map(sockets));
      return counts.reduce((a, b) => a + b, 0) === CLIENTS &&
        counts.every((c) => Math.abs(c - fair) <= Math.max(2, fair / 10) + 1);
    }, what, 40000);
    return Date.now() - startedAt;
  }

  before(async () => {
    pg = await startPostgres({ name: 'cluster-scaling' });
    url = await pg.createDatabase('dashboard');
    const first = await startInstance();
    live.set('instance1', first);
    lb = await startHaproxy([first.port], { slowstart: '2s' });
  });

  after(async () => {
    await lb?.stop();
    for (const instance of live.values()) await stopServer(instance);
    await pg?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('sockets even out after a join, move on a removal and a rolling upgrade, nothing lost', async () => {
    const api = apiClient(lb.port);
    const token = await api.login('alice');
    const clients = Array.from({ length: CLIENTS }, () => liveClient(lb.port, token, { reconnect: true }));
    await Promise.all(clients.map((c) => c.connected()));
    assert.equal(await sockets(live.get('instance1')), CLIENTS);
    const writer = startWriter(api, token, 'Scaling Keep');
    const figures = {};

    await addInstance('added1');
    figures.joinBalancedMs = await balanced('sockets even out after an instance joins');
    const movedOnJoin = clients.filter((c) => c.disconnects > 0).length;
    assert.ok(movedOnJoin <= CLIENTS / 2 + 3, `${movedOnJoin} clients moved to even out 2 instances`);

    await removeInstance('instance1');
    await until(async () => (await sockets(live.get('added1'))) === CLIENTS, 'all on the one left');

    // Rolling upgrade: a new process joins, then the old one goes; twice.
    await addInstance('upgraded1');
    figures.upgradeBalancedMs = await balanced('even after the first new process joins');
    await removeInstance('added1');
    await addInstance('upgraded2');
    figures.upgrade2BalancedMs = await balanced('even after the second new process joins');

    const outages = await assertNothingLostOrDoubled({ writer, api, token, clients, prefix: 'Scaling Keep' });
    console.log(JSON.stringify({
      ...figures, clients: CLIENTS, movedOnJoin, disconnects: outages.length,
      longestOutageMs: Math.max(0, ...outages), writes: writer.acknowledged.length,
      writesFailed: writer.attempts.filter((a) => a.status !== 201).length, lost: 0, duplicates: 0,
    }));
    for (const client of clients) client.socket.disconnect();
  });
});

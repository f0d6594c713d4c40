// The native client live against the real server, under Xvfb: its Beast
// transport (HTTP + WebSocket on an I/O thread) feeds the same LiveClient as
// the browser, and --report mirrors the view it shows into a JSON file. Each
// scenario ends with that view equal to GET /api/dashboard, version and all:
// after a plain REST mutation, across a server kill and restart on the same
// port, and through a proxy that drops every connection or silently stalls
// (the Engine.IO heartbeat has to notice that one).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';

import { apiClient } from '../support/api_client.mjs';
import { nativeBin, processLogPath, siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';
import { startXvfb } from '../support/xvfb.mjs';

// A heartbeat short enough that a stall is noticed within seconds (after
// ping interval + timeout), long enough that a loaded machine answers every
// ping in time.
const FAST_PING = ['--ping-interval-ms', '1000', '--ping-timeout-ms', '2000'];
const SETTLE_MS = 30000;

function newMoc(title) {
  return { title, theme: 'Space', buildStatus: 'ADDED', partsCoverageStatus: 'NONE' };
}

// [SECTION] The native client

const liveClients = new Set();
process.on('exit', () => {
  for (const client of liveClients) client.proc.kill('SIGKILL');
});

// Starts dashboard-native on an X display of its own, live against `port`,
// reporting into a file; its stderr goes to the test's log folder too.
async function startNative(dir, port, credentials) {
  const report = path.join(dir, `report-${liveClients.size}-${Date.now()}.json`);
  const xvfb = await startXvfb('1024x768x24');
  const logFd = openSync(processLogPath('dashboard-native'), 'w');
  const proc = spawn(nativeBin, ['--width', '800', '--height', '600',
    '--server', `http://127.0.0.1:${port}`, ...credentials,
    '--reconnect-delay-ms', '100', '--reconnect-max-ms', '500',
    '--report', report],
  { env: { ...process.env, DISPLAY: xvfb.display }, stdio: ['ignore', logFd, 'pipe'] });
  const client = { proc, xvfb, report, stderr: '' };
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (chunk) => {
    client.stderr += chunk;
    writeSync(logFd, chunk);
  });
  client.exited = new Promise((resolve) => proc.on('close', (code, signal) => {
    closeSync(logFd);
    liveClients.delete(client);
    resolve({ code, signal });
  }));
  liveClients.add(client);
  return client;
}

// Quits the client as a user's SIGTERM would, while its display still
// exists (an X server gone first takes the client down with an X I/O
// error), then stops the display.
async function stopNative(client) {
  if (liveClients.has(client)) {
    client.proc.kill('SIGTERM');
    const timer = setTimeout(() => client.proc.kill('SIGKILL'), 15000);
    await client.exited;
    clearTimeout(timer);
  }
  await client.xvfb.stop();
}

// The report as last written, or null before the first write. The client
// renames a finished file into place, so a read never sees half of one.
function readReport(client) {
  try {
    return JSON.parse(readFileSync(client.report, 'utf8'));
  } catch {
    return null;
  }
}

function describeReport(report) {
  if (!report) return 'no report yet';
  const { view, ...link } = report;
  return `${JSON.stringify(link)} view version ${view?.version ?? 'none'}`;
}

async function waitForReport(client, what, predicate, timeoutMs = SETTLE_MS) {
  const deadline = Date.now() + timeoutMs;
  let report = null;
  while (Date.now() < deadline) {
    report = readReport(client);
    if (report && predicate(report)) return report;
    if (!liveClients.has(client)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`native client: ${what} not seen in ${timeoutMs} ms; last: ` +
    `${describeReport(report)}\nclient stderr:\n${client.stderr}`);
}

// Waits until the client is live and shows exactly what the server serves.
async function waitForConvergence(client, api, token, what) {
  const res = await api.call('GET', '/api/dashboard', { token });
  assert.equal(res.status, 200, res.text);
  const report = await waitForReport(client, `${what}: view at version ${res.body.version}`,
    (r) => r.status === 'Live' && isDeepStrictEqual(r.view, res.body));
  assert.deepEqual(report.view, res.body);
  return report;
}

const notLive = (r) => r.status !== 'Live';

async function mutate(api, token, title) {
  const res = await api.call('POST', '/api/mocs', { token, body: newMoc(title) });
  assert.equal(res.status, 201, res.text);
}

// [SECTION] A proxy that can fail

// A TCP proxy to `targetPort` that can drop every connection (and refuse
// new ones while `refusing`) or stall: stop forwarding in both directions,
// closes included, without closing anything, until resume().
async function startProxy(targetPort) {
  const pairs = new Set();
  const proxy = { stalled: false, refusing: false, port: 0 };

  const server = net.createServer((client) => {
    if (proxy.refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair = { client, upstream, flushes: [] };
    pairs.add(pair);
    pair.flushes.push(forward(client, upstream), forward(upstream, client));
    const forget = () => {
      if (client.destroyed && upstream.destroyed) pairs.delete(pair);
    };
    client.on('close', forget);
    upstream.on('close', forget);
  });

  // Copies `from` to `to`; while stalled, data and the end of the stream
  // are held back. Returns the function that releases what was held.
  function forward(from, to) {
    const held = [];
    const deliver = (item) => {
      if (item.data) to.write(item.data);
      else if (item.error) to.destroy();
      else to.end();
    };
    const pass = (item) => (proxy.stalled ? held.push(item) : deliver(item));
    from.on('data', (data) => pass({ data }));
    from.on('end', () => pass({}));
    from.on('error', () => {});
    from.on('close', (hadError) => pass(hadError ? { error: true } : {}));
    return () => held.splice(0).forEach(deliver);
  }

  proxy.drop = () => {
    for (const { client, upstream } of pairs) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  proxy.stall = () => {
    proxy.stalled = true;
  };
  proxy.resume = () => {
    proxy.stalled = false;
    for (const pair of pairs) pair.flushes.forEach((flush) => flush());
  };
  proxy.close = () => {
    proxy.drop();
    return new Promise((resolve) => server.close(resolve));
  };
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = server.address().port;
  return proxy;
}

// [SECTION] Scenarios

test('native client rejects a bad --server and credentials without one', () => {
  const cases = [
    [['--server', 'ftp://127.0.0.1:8080'], /--server ftp:\/\/127\.0\.0\.1:8080: expected http:\/\/host:port/],
    [['--server', 'http://127.0.0.1:99999'], /expected http:\/\/host:port/],
    [['--server', 'http://127.0.0.1:8080/dashboard'], /expected http:\/\/host:port/],
    [['--token', 'abc'], /--token and --user need --server/],
    [['--server', 'http://127.0.0.1:8080', '--user', 'alice'], /--user and --password go together/],
    [['--server', 'http://127.0.0.1:8080', '--fixture', 'x.json'], /exclude each other/],
  ];
  for (const [args, message] of cases) {
    const run = spawnSync(nativeBin, args, { encoding: 'utf8' });
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
  }
});

describe('native client live against the server', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-native-live-'));
  const servers = [];
  const cleanups = [];

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    for (const server of servers) await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('signs in, goes live, and a REST mutation shows in its view', async () => {
    const dir = mkdtempSync(path.join(dataDir, 'a-'));
    const server = await startServer({ site: siteDir, dataDir: dir });
    servers.push(server);
    const api = apiClient(server.port);
    const token = await api.login('alice');
    const client = await startNative(dir, server.port, ['--user', 'alice', '--password', 'alice-bricks']);
    cleanups.push(() => stopNative(client));

    const first = await waitForConvergence(client, api, token, 'first snapshot');
    await mutate(api, token, 'Native Probe');
    const report = await waitForConvergence(client, api, token, 'after the mutation');
    assert.equal(report.view.summary.totalMocs, first.view.summary.totalMocs + 1);
    assert.ok(report.view.recentMocs.some((m) => m.title === 'Native Probe'));
    assert.ok(report.view.version > first.view.version);
    const connected = server.logs.filter((l) => l.msg === 'socket connected').at(-1);
    await stopNative(client);
    // Exiting says goodbye: the namespace DISCONNECT, then a close frame.
    await server.waitForLog((l) => l.msg === 'socket left namespace' && l.sid === connected.sid);
    const closed =
      await server.waitForLog((l) => l.msg === 'socket closed' && l.sid === connected.sid);
    assert.match(closed.reason, /gracefully closed/);
  });

  test('a server killed and restarted on the same port: the view ends equal to the snapshot',
    async () => {
      const dir = mkdtempSync(path.join(dataDir, 'b-'));
      let server = await startServer({ site: siteDir, dataDir: dir });
      servers.push(server);
      const port = server.port;
      const api = apiClient(port);
      const token = await api.login('alice');
      const client = await startNative(dir, port, ['--token', token]);
      cleanups.push(() => stopNative(client));
      await waitForConvergence(client, api, token, 'first snapshot');

      await mutate(api, token, 'Before Restart');
      await stopServer(server);  // SIGKILL: no goodbye to the client
      await waitForReport(client, 'the lost connection', notLive);
      server = await startServer({ site: siteDir, dataDir: dir, port });
      servers.push(server);
      await mutate(api, token, 'After Restart 1');
      await mutate(api, token, 'After Restart 2');

      const report = await waitForConvergence(client, api, token, 'after the restart');
      const titles = report.view.recentMocs.map((m) => m.title);
      for (const title of ['Before Restart', 'After Restart 1', 'After Restart 2']) {
        assert.ok(titles.includes(title), `${title} in ${titles}`);
      }
      await stopNative(client);
    });

  test('through a proxy that drops, then stalls: the view ends equal to the snapshot',
    async () => {
      const dir = mkdtempSync(path.join(dataDir, 'c-'));
      const server = await startServer({ site: siteDir, dataDir: dir, args: FAST_PING });
      servers.push(server);
      const proxy = await startProxy(server.port);
      cleanups.push(() => proxy.close());
      const api = apiClient(server.port);
      const token = await api.login('alice');
      const client = await startNative(dir, proxy.port, ['--token', token]);
      cleanups.push(() => stopNative(client));
      await waitForConvergence(client, api, token, 'first snapshot');
      await mutate(api, token, 'Live Before Faults');
      await waitForConvergence(client, api, token, 'live mutation');

      // Drop: every connection reset, new ones refused while we write.
      proxy.refusing = true;
      proxy.drop();
      await waitForReport(client, 'the dropped connection', notLive);
      await mutate(api, token, 'During Drop 1');
      await mutate(api, token, 'During Drop 2');
      proxy.refusing = false;
      await waitForConvergence(client, api, token, 'after the drop');

      // Stall: nothing flows and nothing closes; only the heartbeat tells.
      proxy.stall();
      await mutate(api, token, 'During Stall 1');  // its event is stuck in the proxy
      const stallStart = Date.now();
      const noticed = await waitForReport(client, 'the stalled connection', notLive);
      const noticedAfter = Date.now() - stallStart;
      assert.match(noticed.error, /stopped answering/, describeReport(noticed));
      await mutate(api, token, 'During Stall 2');
      proxy.resume();
      const report = await waitForConvergence(client, api, token, 'after the stall');
      const titles = report.view.recentMocs.map((m) => m.title);
      for (const title of ['During Drop 1', 'During Drop 2', 'During Stall 1', 'During Stall 2']) {
        assert.ok(titles.includes(title), `${title} in ${titles}`);
      }
      // The heartbeat's limit is ping interval + timeout (3 s) after the last
      // ping; with room for a loaded machine, well short of never.
      assert.ok(noticedAfter < 10000, `stall noticed after ${noticedAfter} ms`);
      await stopNative(client);
    });
});

// Load driver for the fan-out benchmark. Opens N raw WebSocket clients (the
// `ws` package, no socket.io-client) against one target and speaks the
// Engine.IO v4 / socket.io v4 text protocol by hand: answers pings, sends the
// namespace CONNECT, reads the seq out of `42/dashboard,[...]` frames.
//
//   node driver.mjs --target ours|reference|floor --port P --pid SERVER_PID \
//        --sockets N [--events K] [--rate 20] [--latency-seconds 3]
//
// Sockets alternate between users alice and bob (the server has no signup
// API, so "many users" are two users with N/2 sockets each). Events are
// triggered for alice only, so every figure is fan-out to N/2 sockets;
// bob's sockets must receive nothing.
//
// Phases, all bounded:
//   1. connect N sockets in batches of 200 (each batch waits for the
//      namespace CONNECT reply), then 2 s idle; server VmRSS before/after
//   2. throughput: K triggers back-to-back (at most 8 in flight), until all
//      K x N/2 deliveries arrive or 60 s pass
//   3. latency: triggers at --rate per second for --latency-seconds, one at
//      a time; per delivery, time since the trigger request started and
//      since its response headers arrived
// Prints one JSON line with the results on stdout; progress on stderr.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

import WebSocket from 'ws';

const { values: opt } = parseArgs({
  options: {
    target: { type: 'string' },
    port: { type: 'string' },
    pid: { type: 'string' },
    sockets: { type: 'string', default: '1000' },
    events: { type: 'string' },
    rate: { type: 'string', default: '20' },
    'latency-seconds': { type: 'string', default: '3' },
    batch: { type: 'string', default: '200' },
    'in-flight': { type: 'string', default: '8' },
  },
});
const target = opt.target;
// ours: dashboard-server (login, a real mutation per trigger); reference:
// reference_server.mjs (socket.io 4.8); floor: fanout_floor (floor.cpp), the
// raw-write floor. The last two take any auth and POST /emit.
if (!['ours', 'reference', 'floor'].includes(target)) throw new Error('--target ours|reference|floor');
const port = Number(opt.port);
const serverPid = Number(opt.pid);
const N = Number(opt.sockets);
const K = Number(opt.events ?? (N >= 5000 ? 50 : 200));
const rate = Number(opt.rate);
const latencySeconds = Number(opt['latency-seconds']);
const batchSize = Number(opt.batch);
const maxInFlight = Number(opt['in-flight']);
const USERS = ['alice', 'bob'];
const PASSWORDS = { alice: 'alice-bricks', bob: 'bob-bricks' };
const HOT = 'alice'; // the user whose events are triggered

const log = (...a) => console.error(`[driver ${target} N=${N}]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Server CPU seconds [user, system] from /proc/<pid>/stat.
const serverCpuSplit = () => {
  const stat = readFileSync(`/proc/${serverPid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(f[11]) / 100, Number(f[12]) / 100]; // fields 14, 15; USER_HZ = 100
};
const serverCpu = () => serverCpuSplit().reduce((a, b) => a + b);
const driverCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const rssKb = () => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${serverPid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
};

// ---------------------------------------------------------------- HTTP

const agent = new http.Agent({ keepAlive: true, maxSockets: maxInFlight });

// Resolves { status, tStart, tHeaders, tEnd, headers, body }.
function httpCall(method, path, { body, token } = {}) {
  return new Promise((resolve, reject) => {
    const headers = {};
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    if (token) headers.authorization = `Bearer ${token}`;
    const tStart = performance.now();
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const tHeaders = performance.now();
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          tStart,
          tHeaders,
          tEnd: performance.now(),
        }),
      );
    });
    req.setTimeout(10000, () => req.destroy(new Error(`${method} ${path}: timeout`)));
    req.on('error', reject);
    req.end(payload);
  });
}

const tokens = {};
if (target === 'ours') {
  for (const u of USERS) {
    const r = await httpCall('POST', '/api/auth/login', { body: { username: u, password: PASSWORDS[u] } });
    if (r.status !== 200) throw new Error(`login ${u}: ${r.status} ${r.body}`);
    tokens[u] = JSON.parse(r.body).token;
  }
}

let triggerCount = 0;
// One event for HOT: ours a real mutation (one wishlist add = one
// summaryUpdated event), the reference a bare emit.
function trigger() {
  triggerCount++;
  if (target === 'ours') {
    return httpCall('POST', '/api/wishlist', { token: tokens[HOT], body: { name: `fanout ${triggerCount}` } });
  }
  return httpCall('POST', `/emit?user=${HOT}`);
}

// ---------------------------------------------------------------- sockets

const NSP = '/dashboard';
const EVENT_PREFIX = Buffer.from(`42${NSP},`);
const COMMIT_LAST_SEQ = Buffer.from('"commitLastSeq"');
const SEQ_KEY = Buffer.from('"seq":');
const TIMESTAMP_KEY = Buffer.from('"timestamp":"');
const CONNECT_OK = `40${NSP},`;
const CONNECT_ERR = `44${NSP},`;

const stats = {
  connectErrors: 0,
  unexpectedCloses: 0,
  closeReasons: {},
  errors: {},
  wrongUserDeliveries: 0,
  gaps: 0,
  duplicates: 0,
};
let phase = 'connect';
let sink = null; // (client, seq, now) during measured phases
const clients = [];

function noteError(map, key) {
  map[key] = (map[key] ?? 0) + 1;
}

function parseSeq(buf) {
  const i = buf.indexOf(SEQ_KEY, EVENT_PREFIX.length);
  if (i < 0) return -1;
  let seq = 0;
  for (let j = i + SEQ_KEY.length; j < buf.length; j++) {
    const c = buf[j];
    if (c < 48 || c > 57) break;
    seq = seq * 10 + (c - 48);
  }
  return seq;
}

// The envelope's timestamp (RFC 3339, ms): when the server committed the
// event (ours: the outbox row's created_at; the reference: its emit), as
// epoch ms on this machine's clock, which driver and server share.
function parseTimestamp(buf) {
  const i = buf.indexOf(TIMESTAMP_KEY, EVENT_PREFIX.length);
  if (i < 0) return NaN;
  const start = i + TIMESTAMP_KEY.length;
  return Date.parse(buf.toString('latin1', start, buf.indexOf(0x22, start)));
}

function openClient(index) {
  const user = USERS[index % USERS.length];
  const client = { index, user, ws: null, connected: false, lastSeq: -1, received: 0 };
  client.ready = new Promise((resolve) => {
    client.resolveReady = resolve;
  });
  const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, {
    perMessageDeflate: false,
    skipUTF8Validation: true,
    handshakeTimeout: 30000,
  });
  client.ws = ws;
  ws.on('message', (data) => {
    const first = data[0];
    if (first === 0x32 /* '2' ping */ && data.length === 1) {
      ws.send('3');
      return;
    }
    if (first === 0x34 /* '4' message */ && data[1] === 0x32 /* '2' EVENT */) {
      const now = performance.now();
      if (!data.subarray(0, EVENT_PREFIX.length).equals(EVENT_PREFIX)) return;
      const seq = parseSeq(data);
      client.received++;
      // A commit of several events (ours: the wishlist, then the summary)
      // marks all but its last with commitLastSeq; the peers send one event
      // per trigger, so a delivery here is a commit's last event.
      const final = data.indexOf(COMMIT_LAST_SEQ) < 0;
      if (client.user !== HOT) stats.wrongUserDeliveries++;
      if (client.lastSeq >= 0) {
        if (seq <= client.lastSeq) stats.duplicates++;
        else if (seq !== client.lastSeq + 1) stats.gaps++;
      }
      client.lastSeq = seq;
      if (sink && final) sink(client, seq, now, data);
      return;
    }
    const text = data.toString('utf8');
    if (text[0] === '0') {
      // Engine.IO open: CONNECT to the namespace.
      const auth = target === 'ours' ? { token: tokens[user] } : { token: 'x', user };
      ws.send(`40${NSP},${JSON.stringify(auth)}`);
    } else if (text.startsWith(CONNECT_OK)) {
      client.connected = true;
      client.resolveReady(true);
    } else if (text.startsWith(CONNECT_ERR)) {
      stats.connectErrors++;
      client.resolveReady(false);
    }
  });
  ws.on('error', (err) => {
    noteError(stats.errors, `${phase}: ${err.code ?? err.message}`);
    client.resolveReady(false);
  });
  ws.on('close', (code, reason) => {
    if (phase !== 'closing') {
      stats.unexpectedCloses++;
      noteError(stats.closeReasons, `${phase}: ${code} ${reason.toString()}`);
    }
    client.connected = false;
    client.resolveReady(false);
  });
  return client;
}

// ---------------------------------------------------------------- phase 0

// What a trigger costs the server by itself, before any socket listens
// (ours: a mutation, a commit, an outbox row; no fan-out): subtracted from
// the throughput phase's CPU to get the fan-out's own cost per delivery.
const TRIGGER_PROBES = 200;
let triggerCpuSeconds = NaN;
{
  await trigger(); // warm (first-use paths, the agent's connections)
  const cpu0 = serverCpu();
  for (let i = 0; i < TRIGGER_PROBES; i++) {
    const r = await trigger();
    if (r.status >= 300) throw new Error(`trigger probe: ${r.status} ${r.body}`);
  }
  triggerCpuSeconds = (serverCpu() - cpu0) / TRIGGER_PROBES;
}

// Ours counts its writes (writev calls): frames per write shows batching.
async function wsCounters() {
  if (target !== 'ours') return undefined;
  const r = await httpCall('GET', '/metrics');
  const value = (name) => Number(new RegExp(`^${name} ([0-9.e+]+)$`, 'm').exec(r.body)?.[1] ?? NaN);
  return { events: value('dashboard_events_sent_total'), writes: value('dashboard_ws_writes_total') };
}

// ---------------------------------------------------------------- phase 1

await sleep(300);
const rssBefore = rssKb();
const tConnect0 = performance.now();
for (let i = 0; i < N; i += batchSize) {
  const batch = [];
  for (let j = i; j < Math.min(N, i + batchSize); j++) batch.push(openClient(j));
  clients.push(...batch);
  const timeout = sleep(30000).then(() => 'timeout');
  const outcome = await Promise.race([Promise.all(batch.map((c) => c.ready)), timeout]);
  if (outcome === 'timeout') noteError(stats.errors, 'connect: batch timeout (30 s)');
}
const connectSeconds = (performance.now() - tConnect0) / 1000;
const connected = clients.filter((c) => c.connected).length;
log(`${connected}/${N} connected in ${connectSeconds.toFixed(2)} s`);
phase = 'idle';
await sleep(2000);
const rssAfter = rssKb();
const idleConnected = clients.filter((c) => c.connected).length;
log(`server VmRSS ${rssBefore} kB -> ${rssAfter} kB`);

const hot = clients.filter((c) => c.user === HOT && c.connected);
const M = hot.length;

// ---------------------------------------------------------------- phase 2

// Resolves true once `counted` reaches `expected` (checked by the sinks),
// false after timeoutMs.
let counted = 0;
let waiter = null;
function deliveriesDone(expected, timeoutMs) {
  if (counted >= expected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiter = null;
      resolve(false);
    }, timeoutMs);
    waiter = { expected, resolve: () => (clearTimeout(timer), (waiter = null), resolve(true)) };
  });
}
const countOne = () => {
  counted++;
  if (waiter && counted >= waiter.expected) waiter.resolve();
};

phase = 'throughput';
const seqStart = Math.max(...hot.map((c) => c.lastSeq)); // -1 before any event
let lastArrival = 0;
let tpSeqMin = Infinity;
sink = (client, seq, now) => {
  lastArrival = now;
  if (seq < tpSeqMin) tpSeqMin = seq;
  countOne();
};
const wsTp0 = await wsCounters();
const tTp0 = performance.now();
const cpuTp0 = [serverCpu(), driverCpu(), serverCpuSplit()[1]];
{
  let issued = 0;
  const inFlight = new Set();
  const failures = [];
  while (issued < K) {
    while (inFlight.size < maxInFlight && issued < K) {
      issued++;
      const p = trigger()
        .then((r) => {
          if (r.status >= 300) failures.push(`${r.status} ${r.body}`);
        })
        .catch((e) => failures.push(e.message))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failures.length) noteError(stats.errors, `throughput triggers failed: ${failures[0]} (x${failures.length})`);
}
const tpTriggersDone = performance.now();
const tpComplete = await deliveriesDone(K * M, 60000);
const cpuTp1 = [serverCpu(), driverCpu(), serverCpuSplit()[1]];
const wsTp1 = await wsCounters();
const tpExpected = K * M;
const tpDelivered = counted;
const tpSeconds = ((tpComplete ? lastArrival : performance.now()) - tTp0) / 1000;
log(
  `throughput: ${tpDelivered}/${tpExpected} deliveries in ${tpSeconds.toFixed(3)} s, CPU s ` +
    `server ${(cpuTp1[0] - cpuTp0[0]).toFixed(2)} (system ${(cpuTp1[2] - cpuTp0[2]).toFixed(2)}) driver ${(cpuTp1[1] - cpuTp0[1]).toFixed(2)} ` +
    `(triggers took ${((tpTriggersDone - tTp0) / 1000).toFixed(3)} s)`,
);
// The last seq of the throughput phase: latency-phase triggers follow it.
await sleep(500);
const seqAfterTp = Math.max(...hot.filter((c) => c.connected).map((c) => c.lastSeq));

// ---------------------------------------------------------------- phase 3

phase = 'latency';
counted = 0;
const triggers = new Map(); // trigger index (1-based) -> { tStart, tHeaders }
const fromStart = [];
const fromHeaders = [];
const early = []; // deliveries that arrived before their trigger's timing was known
const perEvent = new Map(); // seq -> { first, last } receipt times
const fromCommit = []; // receipt (epoch ms) - the envelope's timestamp
const committedAt = new Map(); // seq -> epoch ms, parsed once per event
// Serial triggers, so commits arrive in issue order: the i-th distinct
// final seq seen is the i-th trigger's (a commit may hold several events,
// so seqs do not count triggers).
const triggerOfSeq = new Map(); // final seq -> trigger index, 1-based
sink = (client, seq, now, data) => {
  if (!triggerOfSeq.has(seq)) triggerOfSeq.set(seq, triggerOfSeq.size + 1);
  const index = triggerOfSeq.get(seq);
  const e = perEvent.get(seq);
  if (e) e.last = now;
  else perEvent.set(seq, { first: now, last: now });
  if (!committedAt.has(seq)) committedAt.set(seq, parseTimestamp(data));
  fromCommit.push(performance.timeOrigin + now - committedAt.get(seq));
  const t = triggers.get(index);
  if (t && t.tHeaders !== undefined) {
    fromStart.push(now - t.tStart);
    fromHeaders.push(now - t.tHeaders);
  } else {
    early.push({ index, now });
  }
  countOne();
};
const L = Math.round(rate * latencySeconds);
const wsLat0 = await wsCounters();
const cpuLat0 = serverCpu();
const tLat0 = performance.now();
let latFailures = 0;
let seqMismatch = 0;
for (let i = 1; i <= L; i++) {
  const slot = tLat0 + ((i - 1) * 1000) / rate;
  const wait = slot - performance.now();
  if (wait > 0) await sleep(wait);
  // The peers answer with the seq they will send (x-seq): one event per
  // trigger, so it is seqAfterTp + i there.
  const seq = seqAfterTp + i;
  const entry = { tStart: performance.now(), tHeaders: undefined };
  triggers.set(i, entry);
  try {
    const r = await trigger();
    entry.tStart = r.tStart;
    entry.tHeaders = r.tHeaders;
    if (r.status >= 300) latFailures++;
    if (r.headers['x-seq'] !== undefined && Number(r.headers['x-seq']) !== seq) seqMismatch++;
  } catch {
    latFailures++;
  }
}
await deliveriesDone(L * M, 15000);
const cpuLat1 = serverCpu();
const wsLat1 = await wsCounters();
const framesPerWrite = (a, b) => (a && b ? (b.events - a.events) / (b.writes - a.writes) : NaN);
// Deliveries processed before the trigger's response: headers-based time is
// negative (the frame overtook the HTTP response); counted, not dropped.
for (const { index, now } of early) {
  const t = triggers.get(index);
  if (!t || t.tHeaders === undefined) continue;
  fromStart.push(now - t.tStart);
  fromHeaders.push(now - t.tHeaders);
}
const latDelivered = counted;
// Per event: its first and its last receipt over the N/2 sockets.
const firstFromStart = [];
const lastFromStart = [];
for (const [seq, e] of perEvent) {
  const t = triggers.get(triggerOfSeq.get(seq));
  if (!t) continue;
  firstFromStart.push(e.first - t.tStart);
  lastFromStart.push(e.last - t.tStart);
}
if (latFailures) noteError(stats.errors, `latency triggers failed: ${latFailures}`);
if (seqMismatch) noteError(stats.errors, `latency: ${seqMismatch} triggers got an unexpected seq`);

function pct(arr, p) {
  if (!arr.length) return NaN;
  const s = Float64Array.from(arr).sort();
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
log(
  `latency: ${latDelivered}/${L * M} deliveries; from request start p50 ${pct(fromStart, 50).toFixed(2)} ` +
    `p99 ${pct(fromStart, 99).toFixed(2)} ms; from response headers p50 ${pct(fromHeaders, 50).toFixed(2)} ` +
    `p99 ${pct(fromHeaders, 99).toFixed(2)} ms; from commit p50 ${pct(fromCommit, 50).toFixed(2)} ` +
    `p99 ${pct(fromCommit, 99).toFixed(2)} ms`,
);

// ---------------------------------------------------------------- close

const stillConnected = clients.filter((c) => c.connected).length;
phase = 'closing';
sink = null;
for (const c of clients) c.ws.terminate();
agent.destroy();

const result = {
  target,
  sockets: N,
  hotSockets: M,
  connected,
  connectSeconds,
  connectPerSecond: connected / connectSeconds,
  idleConnected,
  stillConnectedAtEnd: stillConnected,
  rssBeforeKb: rssBefore,
  rssAfterKb: rssAfter,
  rssPerConnKb: (rssAfter - rssBefore) / N,
  throughput: {
    events: K,
    expected: tpExpected,
    delivered: tpDelivered,
    complete: tpComplete,
    seconds: tpSeconds,
    triggerSeconds: (tpTriggersDone - tTp0) / 1000,
    deliveriesPerSecond: tpDelivered / tpSeconds,
    serverCpuSeconds: cpuTp1[0] - cpuTp0[0],
    serverSystemCpuSeconds: cpuTp1[2] - cpuTp0[2],
    driverCpuSeconds: cpuTp1[1] - cpuTp0[1],
    firstSeq: tpSeqMin,
    seqBefore: seqStart,
    triggerCpuSeconds,
    framesPerWrite: framesPerWrite(wsTp0, wsTp1),
  },
  latency: {
    events: L,
    rate,
    expected: L * M,
    delivered: latDelivered,
    fromStartP50: pct(fromStart, 50),
    fromStartP99: pct(fromStart, 99),
    fromStartMax: pct(fromStart, 100),
    fromHeadersP50: pct(fromHeaders, 50),
    fromHeadersP99: pct(fromHeaders, 99),
    fromCommitP50: pct(fromCommit, 50),
    fromCommitP99: pct(fromCommit, 99),
    firstReceiptFromStartP50: pct(firstFromStart, 50),
    firstReceiptFromStartP99: pct(firstFromStart, 99),
    lastReceiptFromStartP50: pct(lastFromStart, 50),
    lastReceiptFromStartP99: pct(lastFromStart, 99),
    deliveriesBeforeResponse: fromHeaders.filter((x) => x < 0).length,
    serverCpuSeconds: cpuLat1 - cpuLat0,
    framesPerWrite: framesPerWrite(wsLat0, wsLat1),
  },
  stats,
};
console.log(JSON.stringify(result));
setTimeout(() => process.exit(0), 200);

// The socket.io side of the reconnect storm: N socket.io-client 4.8 clients
// against reference_server.mjs, with the reconnection policy set to the
// product's (reconnectionDelay 1 s, reconnectionDelayMax 30 s,
// randomizationFactor 0.5; infinite attempts, socket.io-client's default).
// Writes the same timeline and prints the same JSON totals as
// `socket_load storm`, so report_storm.mjs reads both.
//
//   node storm_socketio.mjs --port P --clients N --seconds S --events-per-second R --timeline FILE
//
// socket.io has no replay: an event emitted while a client is away is
// simply not delivered to it. Each client counts what it missed after its
// first event (events emitted by the trickle that it never got).
import { writeFileSync, appendFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';

import { io } from 'socket.io-client';

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string' },
    clients: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '90' },
    'events-per-second': { type: 'string', default: '5' },
    timeline: { type: 'string', default: '/dev/null' },
    user: { type: 'string', default: 'alice' },
  },
});
const port = Number(opt.port);
const N = Number(opt.clients);
const seconds = Number(opt.seconds);
const rate = Number(opt['events-per-second']);
const url = `http://127.0.0.1:${port}/dashboard`;

const counters = { live: 0, connects: 0, attempts: 0, losses: 0 };
let last = { ...counters };
const emitted = []; // global order of emitted events: `${epoch}:${seq}`
const emittedIndex = new Map();
let epoch = 0;
let lastEmittedSeq = 0;

const clients = [];
function makeClient() {
  const c = { live: false, firstIndex: -1, received: 0, duplicates: 0 };
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true, // one connection per client, as separate browser tabs
    auth: { token: 'x', user: opt.user },
    reconnectionDelay: 1000,
    reconnectionDelayMax: 30000,
    randomizationFactor: 0.5,
    timeout: 20000,
  });
  socket.io.on('reconnect_attempt', () => counters.attempts++);
  socket.on('connect', () => {
    c.live = true;
    counters.live++;
    counters.connects++;
  });
  socket.on('disconnect', () => {
    if (c.live) counters.live--;
    c.live = false;
    counters.losses++;
  });
  socket.on('dashboard:summaryUpdated', (envelope) => {
    const index = emittedIndex.get(`${epoch}:${envelope.seq}`);
    if (index === undefined) return; // before the trickle knew of it; counted nowhere
    if (c.firstIndex < 0) c.firstIndex = index;
    c.received++;
  });
  c.socket = socket;
  return c;
}

// Resolves once, whatever happens to the request (a server going down
// mid-answer included).
function post(path) {
  return new Promise((resolve) => {
    let answer = { status: 0 };
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, agent: false }, (res) => {
      answer = { status: res.statusCode, seq: Number(res.headers['x-seq']) };
      res.resume();
    });
    req.setTimeout(5000, () => req.destroy());
    req.on('error', () => {});
    req.on('close', () => resolve(answer));
    req.end();
  });
}

const started = Date.now();
writeFileSync(opt.timeline, 't_ms,live,connects,attempts,losses,degraded\n');
const sampler = setInterval(() => {
  appendFileSync(
    opt.timeline,
    `${Date.now() - started},${counters.live},${counters.connects - last.connects},` +
      `${counters.attempts - last.attempts},${counters.losses - last.losses},0\n`,
  );
  last = { ...counters };
}, 100);

// Tabs open over the first 5 s, like socket_load's.
for (let i = 0; i < 50; i++) {
  setTimeout(() => {
    for (let j = 0; j < N / 50; j++) clients.push(makeClient());
  }, i * 100);
}

let triggersOk = 0;
let triggersFailed = 0;
let trickling = true;
(async () => {
  let next = Date.now();
  while (trickling) {
    next += 1000 / rate;
    const r = await post(`/emit?user=${opt.user}`);
    if (r.status === 200) {
      triggersOk++;
      if (r.seq <= lastEmittedSeq) epoch++; // the server restarted: its seqs start over
      lastEmittedSeq = r.seq;
      emittedIndex.set(`${epoch}:${r.seq}`, emitted.length);
      emitted.push(`${epoch}:${r.seq}`);
    } else {
      triggersFailed++;
    }
    const wait = next - Date.now();
    if (wait > 0) await new Promise((res) => setTimeout(res, wait));
  }
})();

setTimeout(() => {
  trickling = false;
  setTimeout(() => {
    clearInterval(sampler);
    let lost = 0;
    let clientsMissing = 0;
    let live = 0;
    for (const c of clients) {
      if (c.live) live++;
      if (c.firstIndex < 0) continue;
      const expected = emitted.length - c.firstIndex;
      const missed = Math.max(0, expected - c.received);
      lost += missed;
      if (missed > 0) clientsMissing++;
    }
    console.log(JSON.stringify({
      target: 'reference', clients: N, started_epoch_ms: started, live_at_end: live,
      connects: counters.connects, attempts: counters.attempts, losses: counters.losses,
      auth_failures: 0, events_emitted: emitted.length, events_lost: lost, clients_missing_events: clientsMissing,
      gaps: null, clients_with_gaps: null, clients_ever_degraded: null,
      triggers_ok: triggersOk, triggers_failed: triggersFailed,
    }));
    for (const c of clients) c.socket.close();
    setTimeout(() => process.exit(0), 500);
  }, 5000);
}, seconds * 1000);

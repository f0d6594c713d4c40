// Commit-to-receipt and delivery throughput across instances. Opens raw
// WebSocket clients (the `ws` package, Engine.IO v4 / socket.io v4 spoken by
// hand, as tests/bench/fanout/driver.mjs does) to the reader instances as
// alice, triggers writes (POST /api/wishlist: an item event and a summary
// event per write) on the writer instances, and times each delivery from
// the envelope's timestamp, which the server stamps at commit.
//
//   node driver.mjs --readers 8081,8082 --writers 8081 --token T --sockets 1000 \
//        [--rate 20] [--seconds 5] [--burst 100]
//
// Phases: connect; latency (writes at --rate per second for --seconds, one
// at a time, writers taken in turn); throughput (--burst writes, 8 in
// flight, until every socket has every event). One JSON line on stdout.
import http from 'node:http';
import { parseArgs } from 'node:util';

import WebSocket from 'ws';

const { values: opt } = parseArgs({
  options: {
    readers: { type: 'string' },
    writers: { type: 'string' },
    token: { type: 'string' },
    sockets: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '5' },
    burst: { type: 'string', default: '100' },
  },
});
const readers = opt.readers.split(',').map(Number);
const writers = opt.writers.split(',').map(Number);
const N = Number(opt.sockets);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.error('[cluster driver]', ...a);

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
function post(port, body) {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port, path: '/api/wishlist', method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data),
                 authorization: `Bearer ${opt.token}` } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(data);
  });
}

let delivered = 0;
let recording = null;  // latencies (ms) while the latency phase runs
function openSocket(port) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    ws.on('error', reject);
    ws.on('message', (raw) => {
      const text = raw.toString();
      if (text[0] === '0') {
        ws.send(`40/dashboard,${JSON.stringify({ token: opt.token })}`);
      } else if (text === '2') {
        ws.send('3');
      } else if (text.startsWith('40/dashboard')) {
        resolve(ws);
      } else if (text.startsWith('42/dashboard,')) {
        const [, envelope] = JSON.parse(text.slice('42/dashboard,'.length));
        delivered += 1;
        if (recording && envelope?.timestamp) recording.push(Date.now() - Date.parse(envelope.timestamp));
      }
    });
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const sockets = [];
for (let i = 0; i < N; i += 100) {
  const batch = [];
  for (let j = i; j < Math.min(N, i + 100); j++) batch.push(openSocket(readers[j % readers.length]));
  sockets.push(...await Promise.all(batch));
}
log(`${sockets.length} sockets on ${readers.join(',')}`);
await sleep(1000);
delivered = 0;

// Latency: one write at a time, at the rate.
recording = [];
const writes = Number(opt.rate) * Number(opt.seconds);
for (let i = 0; i < writes; i++) {
  const started = Date.now();
  await post(writers[i % writers.length], { name: `latency ${i}` });
  const wait = 1000 / Number(opt.rate) - (Date.now() - started);
  if (wait > 0) await sleep(wait);
}
const expected = writes * 2 * N;
const deadline = Date.now() + 30000;
while (delivered < expected && Date.now() < deadline) await sleep(20);
const latencies = recording.sort((a, b) => a - b);
recording = null;

// Throughput: a burst from every writer, 8 in flight.
delivered = 0;
const burst = Number(opt.burst);
const start = process.hrtime.bigint();
const inFlight = new Set();
for (let i = 0; i < burst; i++) {
  const p = post(writers[i % writers.length], { name: `burst ${i}` }).finally(() => inFlight.delete(p));
  inFlight.add(p);
  if (inFlight.size >= 8) await Promise.race(inFlight);
}
await Promise.all(inFlight);
const burstExpected = burst * 2 * N;
const burstDeadline = Date.now() + 60000;
while (delivered < burstExpected && Date.now() < burstDeadline) await sleep(5);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;

for (const ws of sockets) ws.terminate();
agent.destroy();
console.log(JSON.stringify({
  sockets: N,
  latency_deliveries: latencies.length,
  latency_expected: expected,
  p50_ms: percentile(latencies, 50),
  p99_ms: percentile(latencies, 99),
  burst_delivered: delivered,
  burst_expected: burstExpected,
  delivered_per_s: Math.round(delivered / seconds),
}));

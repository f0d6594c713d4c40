// Turns run.sh's results into one markdown table plus goal lines and the
// server-side findings. Usage: node report.mjs WORK_DIR SIZE...
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [dir, ...sizes] = process.argv.slice(2);
const load = (target, n) => {
  const file = path.join(dir, `${target}-${n}.json`);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8').trim();
  return text ? JSON.parse(text.split('\n').at(-1)) : undefined;
};
const f = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const int = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
const cpuPerDelivery = (r) => (r.throughput.serverCpuSeconds * 1e6) / r.throughput.delivered;

const rows = [];
for (const n of sizes) rows.push({ n, ours: load('ours', n), floor: load('floor', n), ref: load('reference', n) });
// The floor's own account (floor.cpp prints it on SIGTERM): send() calls,
// and CPU per send() measured inside its fan-out loops only.
const floorOwn = (n) => {
  const file = path.join(dir, `floor-${n}.log`);
  if (!existsSync(file)) return undefined;
  const line = readFileSync(file, 'utf8').split('\n').find((l) => l.includes('"msg":"floor"'));
  return line ? JSON.parse(line) : undefined;
};

console.log(
  '\nFan-out benchmark: dashboard-server vs the raw-write floor (one send() per socket per event) ' +
    'and socket.io 4.8 (Node), loopback, driver and server sharing 2 cores. Sockets alternate ' +
    'alice/bob; events go to alice, i.e. to N/2 sockets.',
);
const loadFile = path.join(dir, 'load.txt');
if (existsSync(loadFile)) console.log(readFileSync(loadFile, 'utf8').trim());
console.log(
  '\n| target | sockets | delivered events/s | p50 ms | p99 ms | RSS/idle conn KB | server CPU µs/delivery | connects/s |',
);
console.log('|---|--:|--:|--:|--:|--:|--:|--:|');
const line = (name, r) =>
  console.log(
    `| ${name} | ${int(r.sockets)} | ${int(r.throughput.deliveriesPerSecond)} | ${f(r.latency.fromStartP50, 2)} | ` +
      `${f(r.latency.fromStartP99, 2)} | ${f(r.rssPerConnKb, 2)} | ${f(cpuPerDelivery(r), 1)} | ${int(r.connectPerSecond)} |`,
  );
const ratio = (name, n, a, b) =>
  console.log(
    `| **${name}** | ${int(Number(n))} | **${f(a.throughput.deliveriesPerSecond / b.throughput.deliveriesPerSecond, 2)}x** | ` +
      `${f(a.latency.fromStartP50 / b.latency.fromStartP50, 2)}x | ${f(a.latency.fromStartP99 / b.latency.fromStartP99, 2)}x | ` +
      `${f(a.rssPerConnKb / b.rssPerConnKb, 3)}x | **${f(cpuPerDelivery(a) / cpuPerDelivery(b), 2)}x** | ` +
      `${f(a.connectPerSecond / b.connectPerSecond, 2)}x |`,
  );
for (const { n, ours, floor, ref } of rows) {
  if (ours) line('dashboard-server', ours);
  if (floor) line('floor (raw send)', floor);
  if (ref) line('socket.io 4.8', ref);
  if (ours && floor) ratio('ours/floor', n, ours, floor);
  if (ours && ref) ratio('ours/socket.io', n, ours, ref);
}

console.log(
  '\ndelivered events/s: K events triggered back-to-back (<= 8 in flight; 200 at 1,000 sockets, 50 at ' +
    '10,000) for alice, deliveries to her N/2 sockets / seconds from the first trigger to the last ' +
    'delivery. p50/p99: latency run (20 events/s for 3 s at 1,000 sockets, 4 events/s at 10,000), ' +
    'from the START of the trigger request (ours: POST /api/wishlist, a real SQLite commit; the ' +
    'floor and the reference: POST /emit) to each socket\'s receipt, over all deliveries. RSS: server VmRSS after N ' +
    'sockets connected and 2 s idle minus before, / N. server CPU: utime+stime of the server ' +
    'process during the throughput phase / deliveries (includes the K triggers).',
);
// CPU per delivery in two regimes: the throughput run (events back to
// back: a socket's frames can share a write) and the latency run (one event
// at a time: one write per socket per event, as the floor does). "Fan-out
// only" subtracts what the triggers cost by themselves (measured before any
// socket listened: ours a real mutation, the others a bare emit).
const fanoutOnly = (cpuSeconds, phase, r) =>
  ((cpuSeconds - phase.events * r.throughput.triggerCpuSeconds) * 1e6) / phase.delivered;
console.log(
  '\n| target | sockets | trigger CPU µs | throughput run: CPU µs/delivery (fan-out only) | frames/write | ' +
    'one event at a time: CPU µs/delivery (fan-out only) | frames/write |',
);
console.log('|---|--:|--:|--:|--:|--:|--:|');
for (const { ours, floor, ref } of rows) {
  for (const [name, r] of [['dashboard-server', ours], ['floor (raw send)', floor], ['socket.io 4.8', ref]]) {
    if (!r || r.throughput.triggerCpuSeconds === undefined) continue;
    const t = r.throughput;
    const l = r.latency;
    console.log(
      `| ${name} | ${int(r.sockets)} | ${f(t.triggerCpuSeconds * 1e6, 0)} | ` +
        `${f((t.serverCpuSeconds * 1e6) / t.delivered, 2)} (${f(fanoutOnly(t.serverCpuSeconds, t, r), 2)}) | ` +
        `${name === 'floor (raw send)' ? '1' : f(t.framesPerWrite, 2)} | ` +
        `${f((l.serverCpuSeconds * 1e6) / l.delivered, 2)} (${f(fanoutOnly(l.serverCpuSeconds, l, r), 2)}) | ` +
        `${name === 'floor (raw send)' ? '1' : f(l.framesPerWrite, 2)} |`,
    );
  }
}
console.log('(CPU from /proc at 10 ms resolution; frames/write: dashboard-server\'s events sent / writev calls)');

for (const { n } of rows) {
  const own = floorOwn(n);
  if (own) {
    console.log(
      `Floor's own account at ${int(Number(n))} sockets: ${int(own.writes)} send() calls, ` +
        `${int(own.writes_per_second)}/s while in its fan-out loops, ${f(own.cpu_us_per_write, 2)} µs of CPU each` +
        `${own.failed_writes ? `, ${own.failed_writes} failed` : ''}.`,
    );
  }
}

console.log('\nGoals:');
for (const { n, ours, floor, ref } of rows) {
  if (ours && floor) {
    const rate = ours.throughput.deliveriesPerSecond / floor.throughput.deliveriesPerSecond;
    const cpu = cpuPerDelivery(ours) / cpuPerDelivery(floor);
    console.log(
      `- ${int(Number(n))} sockets: delivered events/s ${f(rate, 2)}x the floor's (goal >= 0.9: ` +
        `${rate >= 0.9 ? 'met' : 'NOT met'}); server CPU per delivery ${f(cpuPerDelivery(ours), 1)} vs ` +
        `${f(cpuPerDelivery(floor), 1)} µs, ${f(cpu, 2)}x (goal <= 1.2: ${cpu <= 1.2 ? 'met' : 'NOT met'})`,
    );
  }
  if (ours && ref) {
    const rate = ours.throughput.deliveriesPerSecond / ref.throughput.deliveriesPerSecond;
    const mem = ours.rssPerConnKb / ref.rssPerConnKb;
    console.log(
      `- ${int(Number(n))} sockets, peer: ${f(rate, 2)}x socket.io's delivered events/s at p99 ` +
        `${f(ours.latency.fromStartP99, 2)} vs ${f(ref.latency.fromStartP99, 2)} ms; memory per idle ` +
        `connection ${f(mem, 3)}x socket.io's (goal <= 0.25: ${mem <= 0.25 ? 'met' : 'NOT met'})`,
    );
  }
}
const ours1k = rows.find((r) => Number(r.n) === 1000)?.ours;
if (ours1k) {
  const l = ours1k.latency;
  console.log(
    `- 1,000 sockets: commit-to-receipt p99 ${f(l.fromCommitP99, 2)} ms from the event's commit ` +
      `timestamp (goal <= 10 ms: ${l.fromCommitP99 <= 10 ? 'met' : 'NOT met'}); ` +
      `${f(l.fromStartP99, 2)} ms from the trigger request's start, ${f(l.fromHeadersP99, 2)} ms from its response headers`,
  );
}

console.log('\nDetails (ms from trigger request start unless noted):\n');
console.log(
  '| target | sockets | first receipt p50/p99 | last receipt p50/p99 | from commit timestamp p50/p99 | from resp. headers p50/p99 | delivered before response | throughput run s (triggers s) | server CPU s (system) / driver CPU s | errors |',
);
console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|---|');
for (const { ours, floor, ref } of rows) {
  for (const [name, r] of [['dashboard-server', ours], ['floor (raw send)', floor], ['socket.io 4.8', ref]]) {
    if (!r) continue;
    const l = r.latency;
    const t = r.throughput;
    const problems = [];
    if (r.connected !== r.sockets) problems.push(`${r.sockets - r.connected} not connected`);
    if (r.stillConnectedAtEnd !== r.sockets) problems.push(`${r.sockets - r.stillConnectedAtEnd} dropped`);
    if (!t.complete) problems.push(`throughput ${t.delivered}/${t.expected}`);
    if (l.delivered !== l.expected) problems.push(`latency ${l.delivered}/${l.expected}`);
    const s = r.stats;
    for (const k of ['connectErrors', 'unexpectedCloses', 'wrongUserDeliveries', 'gaps', 'duplicates']) {
      if (s[k]) problems.push(`${k} ${s[k]}`);
    }
    for (const [k, v] of Object.entries({ ...s.errors, ...s.closeReasons })) problems.push(`${k} (x${v})`);
    console.log(
      `| ${name} | ${int(r.sockets)} | ${f(l.firstReceiptFromStartP50, 2)} / ${f(l.firstReceiptFromStartP99, 2)} | ` +
        `${f(l.lastReceiptFromStartP50, 2)} / ${f(l.lastReceiptFromStartP99, 2)} | ` +
        `${f(l.fromCommitP50, 2)} / ${f(l.fromCommitP99, 2)} | ` +
        `${f(l.fromHeadersP50, 2)} / ${f(l.fromHeadersP99, 2)} | ${int(l.deliveriesBeforeResponse)} of ${int(l.delivered)} | ` +
        `${f(t.seconds, 2)} (${f(t.triggerSeconds, 2)}) | ${f(t.serverCpuSeconds, 2)} (${f(t.serverSystemCpuSeconds, 2)}) / ${f(t.driverCpuSeconds, 2)} | ` +
        `${problems.join('; ') || 'none'} |`,
    );
  }
}

// dashboard-server's own log: anything above info, why sockets closed, and
// how long the mutations took server-side while fan-out was running.
console.log('\ndashboard-server log:');
for (const { n, ours } of rows) {
  const file = path.join(dir, `ours-${n}.log`);
  if (!existsSync(file)) continue;
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return { level: 'unparsed', msg: l };
      }
    });
  const notable = entries.filter((e) => e.level !== 'info');
  const reasons = {};
  for (const e of entries.filter((x) => x.msg === 'socket closed')) reasons[e.reason] = (reasons[e.reason] ?? 0) + 1;
  const posts = entries
    .filter((e) => e.msg === 'request' && e.target === '/api/wishlist')
    .map((e) => e.duration_ms);
  const k = ours?.throughput.events ?? 0;
  const stats = (a) => {
    const s = [...a].sort((x, y) => x - y);
    return s.length ? `p50 ${f(s[Math.floor(s.length / 2)], 1)} / max ${f(s.at(-1), 1)} ms` : 'n/a';
  };
  console.log(
    `- ${int(Number(n))} sockets: ${notable.length} lines above info; socket closed reasons ` +
      `${JSON.stringify(reasons)}; POST /api/wishlist server duration_ms during throughput run ` +
      `${stats(posts.slice(0, k))}, during latency run ${stats(posts.slice(k))}`,
  );
  const seen = new Map();
  for (const e of notable) {
    const key = `${e.level} ${e.msg}`;
    if (!seen.has(key)) seen.set(key, { count: 0, example: e });
    seen.get(key).count++;
  }
  for (const [key, { count, example }] of seen) console.log(`  - ${key} (x${count}): ${JSON.stringify(example)}`);
}

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
for (const n of sizes) {
  const ours = load('ours', n);
  const ref = load('reference', n);
  rows.push({ n, ours, ref });
}

console.log(
  '\nFan-out benchmark: dashboard-server vs socket.io 4.8 (Node), loopback, driver and server ' +
    'sharing 2 cores. Sockets alternate alice/bob; events go to alice, i.e. to N/2 sockets.\n',
);
console.log(
  '| target | sockets | delivered events/s | p50 ms | p99 ms | RSS/idle conn KB | server CPU µs/delivery | connects/s |',
);
console.log('|---|--:|--:|--:|--:|--:|--:|--:|');
const line = (name, r) =>
  console.log(
    `| ${name} | ${int(r.sockets)} | ${int(r.throughput.deliveriesPerSecond)} | ${f(r.latency.fromStartP50, 2)} | ` +
      `${f(r.latency.fromStartP99, 2)} | ${f(r.rssPerConnKb, 2)} | ${f(cpuPerDelivery(r), 1)} | ${int(r.connectPerSecond)} |`,
  );
for (const { n, ours, ref } of rows) {
  if (ours) line('dashboard-server', ours);
  if (ref) line('socket.io 4.8', ref);
  if (ours && ref) {
    console.log(
      `| **ours/reference** | ${int(Number(n))} | **${f(ours.throughput.deliveriesPerSecond / ref.throughput.deliveriesPerSecond, 2)}x** | ` +
        `${f(ours.latency.fromStartP50 / ref.latency.fromStartP50, 2)}x | ${f(ours.latency.fromStartP99 / ref.latency.fromStartP99, 2)}x | ` +
        `${f(ours.rssPerConnKb / ref.rssPerConnKb, 3)}x | ${f(cpuPerDelivery(ours) / cpuPerDelivery(ref), 2)}x | ` +
        `${f(ours.connectPerSecond / ref.connectPerSecond, 2)}x |`,
    );
  }
}

console.log(
  '\ndelivered events/s: K events triggered back-to-back (<= 8 in flight; 200 at 1,000 sockets, 50 at ' +
    '10,000) for alice, deliveries to her N/2 sockets / seconds from the first trigger to the last ' +
    'delivery. p50/p99: latency run (20 events/s for 3 s at 1,000 sockets, 4 events/s at 10,000), ' +
    'from the START of the trigger request (ours: POST /api/wishlist, a real SQLite commit; the ' +
    'reference: POST /emit) to each socket\'s receipt, over all deliveries. RSS: server VmRSS after N ' +
    'sockets connected and 2 s idle minus before, / N. server CPU: utime+stime of the server ' +
    'process during the throughput phase / deliveries (includes the K triggers).',
);

console.log('\nGoals:');
for (const { n, ours, ref } of rows) {
  if (!ours || !ref) continue;
  const ratio = ours.throughput.deliveriesPerSecond / ref.throughput.deliveriesPerSecond;
  const p99ok = ours.latency.fromStartP99 <= ref.latency.fromStartP99;
  const mem = ours.rssPerConnKb / ref.rssPerConnKb;
  console.log(
    `- ${int(Number(n))} sockets: delivered events/s ${f(ratio, 2)}x socket.io (goal >= 5x: ` +
      `${ratio >= 5 ? 'met' : 'NOT met'}) at p99 ${f(ours.latency.fromStartP99, 2)} vs ` +
      `${f(ref.latency.fromStartP99, 2)} ms (${p99ok ? 'equal or better' : 'worse'}); memory per idle ` +
      `connection ${f(mem, 3)}x (goal <= 0.25: ${mem <= 0.25 ? 'met' : 'NOT met'})`,
  );
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
for (const { ours, ref } of rows) {
  for (const [name, r] of [['dashboard-server', ours], ['socket.io 4.8', ref]]) {
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

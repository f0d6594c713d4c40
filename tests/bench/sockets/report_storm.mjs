// Turns storm.sh's files into the reconnect-storm table.
// Usage: node report_storm.mjs WORK_DIR CLIENTS
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [dir, clientsArg, rate] = process.argv.slice(2);
const clients = Number(clientsArg);
const file = (name) => path.join(dir, name);
const read = (name) => (existsSync(file(name)) ? readFileSync(file(name), 'utf8') : '');
const f = (x, d = 1) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');

function analyse(name) {
  const text = read(`${name}.json`).trim();
  if (!text) return undefined;
  const totals = JSON.parse(text.split('\n').at(-1));
  const events = Object.fromEntries(read(`${name}.events`).trim().split('\n').filter(Boolean).map((l) => {
    const [k, v] = l.split('=');
    return [k, Number(v)];
  }));
  const timeline = read(`${name}.timeline.csv`).trim().split('\n').slice(1).map((l) => {
    const [t, live, connects, attempts, losses, degraded] = l.split(',').map(Number);
    return { at: totals.started_epoch_ms + t, live, connects, attempts, losses, degraded };
  });
  const target = Math.ceil(clients * 0.99);
  const firstLive = timeline.find((s) => s.live >= target);
  const afterKill = timeline.filter((s) => s.at >= events.kill_ms);
  const dropped = afterKill.find((s) => s.live < target);
  const back = dropped ? afterKill.find((s) => s.at > dropped.at && s.live >= target) : undefined;
  let peak = 0; // connects per second over a sliding 1 s window
  for (let i = 0; i < afterKill.length; i++) {
    const windowSum = afterKill.slice(i, i + 10).reduce((a, s) => a + s.connects, 0);
    peak = Math.max(peak, windowSum);
  }
  const attemptsAfterKill = afterKill.reduce((a, s) => a + s.attempts, 0);
  // The new server: CPU % of one core between samples, and RSS.
  const samples = read(`${name}.samples.csv`).trim().split('\n').filter(Boolean).map((l) => {
    const [at, pid, cpu, rss] = l.split(',').map(Number);
    return { at, pid, cpu, rss };
  });
  const newPid = samples.filter((s) => s.at >= (events.listening_ms ?? Infinity))[0]?.pid;
  const fresh = samples.filter((s) => s.pid === newPid && (!back || s.at <= back.at + 2000));
  let peakCpu = 0;
  for (let i = 1; i < fresh.length; i++) {
    const dt = (fresh[i].at - fresh[i - 1].at) / 1000;
    if (dt > 0) peakCpu = Math.max(peakCpu, ((fresh[i].cpu - fresh[i - 1].cpu) / 100 / dt) * 100);
  }
  const peakRss = Math.max(0, ...fresh.map((s) => s.rss));
  const steady = samples.filter((s) => s.at < events.kill_ms);
  const atKill = timeline.filter((s) => s.at <= events.kill_ms).at(-1);
  return {
    name, totals, events, liveAtKill: atKill?.live,
    initialMs: firstLive ? firstLive.at - totals.started_epoch_ms : NaN,
    shutdownMs: events.exited_ms - events.kill_ms,
    downMs: events.listening_ms - events.kill_ms,
    backFromKillMs: back ? back.at - events.kill_ms : NaN,
    backFromListeningMs: back ? back.at - events.listening_ms : NaN,
    peakConnects: peak,
    attemptsAfterKill,
    peakCpu, peakRssMb: peakRss / 1024,
    steadyRssMb: (steady.at(-1)?.rss ?? NaN) / 1024,
  };
}

const rows = [analyse('ours'), analyse('reference')];
console.log(`\nReconnect storm: ${clients.toLocaleString('en-US')} clients, server restarted (SIGTERM, then started again on the same port), ${rate} event(s)/s throughout.`);
if (existsSync(file('load.txt'))) console.log(read('load.txt').trim());
console.log('\n| server (clients) | first connect to 99 % s | live at restart | shutdown s | down (kill to listening) s | kill to 99 % back s | listening to 99 % back s | peak connects/s | attempts after restart | peak CPU % (one core = 100) | peak RSS MB (steady before) | gave up (AUTH_FAILED) | not back at end | ever degraded | gaps (clients) | duplicates | behind at end | events lost |');
console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
for (const r of rows) {
  if (!r) continue;
  const t = r.totals;
  const label = r.name === 'ours' ? 'dashboard-server (product client logic)' : 'socket.io 4.8 (socket.io-client 4.8)';
  const gaveUp = t.auth_failures ?? 0;
  const away = clients - (t.live_at_end ?? 0);
  console.log(`| ${label} | ${f(r.initialMs / 1000, 2)} | ${r.liveAtKill ?? 'no restart'} | ${f(r.shutdownMs / 1000, 2)} | ${f(r.downMs / 1000, 2)} | ` +
    `${f(r.backFromKillMs / 1000, 2)} | ${f(r.backFromListeningMs / 1000, 2)} | ${f(r.peakConnects, 0)} | ${f(r.attemptsAfterKill, 0)} | ` +
    `${f(r.peakCpu, 0)} | ${f(r.peakRssMb, 0)} (${f(r.steadyRssMb, 0)}) | ${gaveUp} | ${away} | ${t.clients_ever_degraded ?? 'n/a'} | ` +
    `${t.gaps ?? 'n/a'}${t.clients_with_gaps !== null && t.clients_with_gaps !== undefined ? ` (${t.clients_with_gaps})` : ''} | ` +
    `${t.duplicates ?? 'n/a'} | ${t.clients_behind_at_end ?? 'n/a'} | ` +
    `${t.events_lost !== undefined ? `${t.events_lost} (${t.clients_missing_events} clients)` : '0 (replayed on resume)'} |`);
}
console.log('\ngave up: a client stops retrying only on AUTH_FAILED. not back at end: not live when the run ended (still in backoff). ever degraded: 8 failed attempts in a row ' +
  '(the client then polls the snapshot and keeps retrying every 30 s). gaps: a seq jump in a resumed stream ' +
  '(the server must replay what the client missed). events lost (socket.io): emitted after a client\'s ' +
  'first event and never delivered to it (socket.io has no replay). Ours: every client ends at the last seq ' +
  'unless "behind at end" says otherwise.');
for (const r of rows) if (r) console.log(`${r.name}: ${JSON.stringify(r.totals)}`);

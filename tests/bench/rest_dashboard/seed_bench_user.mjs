// Grows alice's demo collection to 1,000 MOCs through the API (a third of
// them PARTIAL_ORDERED, like a busy builder's), writes her token and the
// snapshot body for run.sh. Usage: node seed_bench_user.mjs PORT OUT_DIR
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { apiClient } from '../../support/api_client.mjs';

const [port, outDir] = process.argv.slice(2);
const api = apiClient(Number(port));
const token = await api.login('alice');
const themes = ['Space', 'Castle', 'City', 'Technic', 'Pirates', 'Trains', 'Ninjago', 'Botanical'];
let total = (await api.call('GET', '/api/dashboard', { token })).body.summary.totalMocs;
const statuses = ['FULL_INVENTORY', 'PARTIAL_ORDERED', 'NONE'];
const pending = [];
for (let i = total; i < 1000; i++) {
  const coverage = statuses[i % 3];
  pending.push(api.call('POST', '/api/mocs', {
    token,
    body: { title: `Bench MOC ${i}`, theme: themes[i % themes.length], buildStatus: 'IN_PROGRESS',
            partsCoverageStatus: coverage, coveragePercentage: coverage === 'PARTIAL_ORDERED' ? i % 100 : 0 },
  }));
  if (pending.length === 8) {
    for (const res of await Promise.all(pending.splice(0))) {
      if (res.status !== 201) throw new Error(`seeding failed: ${res.status} ${res.text}`);
    }
  }
}
await Promise.all(pending);
const snapshot = await api.call('GET', '/api/dashboard', { token });
total = snapshot.body.summary.totalMocs;
if (total !== 1000) throw new Error(`expected 1000 MOCs, have ${total}`);
writeFileSync(path.join(outDir, 'token'), token);
writeFileSync(path.join(outDir, 'snapshot.json'), snapshot.text);
console.error(`bench user ready: ${total} MOCs, snapshot ${snapshot.text.length} bytes`);

// The native client opens the same pages as the browser: `--route
// /mocs/<id>` against the real server shows that MOC (title heading, its
// fields, the sidebar's MOCs item, the window title), read through the
// same description the web overlay gets (--semantics).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { apiClient } from '../support/api_client.mjs';
import { artifactPath } from '../support/browser.mjs';
import { createMoc } from '../support/pages.mjs';
import { nativeBin, siteDir } from '../support/paths.mjs';
import { startServer, stopServer } from '../support/server_process.mjs';

function items(frame) {
  return [...frame.cards.flatMap((c) => c.items), ...frame.chrome];
}

test('native --route /mocs/<id> opens that MOC', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-native-pages-'));
  const server = await startServer({ site: siteDir, dataDir });
  try {
    const api = apiClient(server.port);
    const token = await api.login('alice');
    const moc = await createMoc(api, token, { title: 'Native Crane \u57ce', theme: 'Harbour' });
    const out = path.join(dataDir, 'page.json');
    const run = spawnSync('xvfb-run', ['-a', '-s', '-screen 0 1600x1000x24', nativeBin,
      '--server', `http://127.0.0.1:${server.port}`, '--token', token, '--route', `/mocs/${moc.id}`,
      '--width', '1440', '--height', '900', '--scale', '1', '--frames', '400',
      '--semantics', out, '--screenshot', artifactPath('native', 'native-moc-page.png')],
    { encoding: 'utf8', timeout: 120000 });
    assert.equal(run.status, 0, run.stderr);
    const page = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(page.route, `/mocs/${moc.id}`);
    assert.equal(page.title, 'Native Crane \u57ce \u00b7 MOC Dashboard');
    const shown = items(page.frame);
    assert.equal(shown.find((i) => i.id === 'moc-heading')?.text, 'Native Crane \u57ce');
    assert.equal(shown.find((i) => i.id === 'nav-current')?.text, 'MOCs');
    const theme = page.frame.fields.find((f) => f.id === 'moc-theme');
    assert.equal(theme?.value, 'Harbour');
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

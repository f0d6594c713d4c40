// The setup a browser suite shares: a dashboard-server on a data dir of its
// own (seeded with the demo collection), alice's token from the API (or
// not: browserSuite), and one Chromium, all started before the suite's
// tests and gone after them.
// A data dir per suite lets each one add MOCs without the others seeing.
//
//   describe('my page', () => {
//     const suite = signedInSuite('dashboard-mine-');
//     test('...', async () => {
//       const { page } = await openPage(suite.browser, { width: 800, height: 600 });
//       await page.goto(`${suite.baseUrl}/dashboard`);
//     });
//   });
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';

import { apiClient } from './api_client.mjs';
import { launchChromium } from './browser.mjs';
import { siteDir } from './paths.mjs';
import { startServer, stopServer } from './server_process.mjs';

// Call inside describe(): registers the suite's before and after hooks,
// ahead of any the suite adds itself, and returns an object whose server,
// baseUrl, api and browser are set once those hooks ran. `args`: the
// server's extra flags (say ['--allow-signup']).
export function browserSuite(dataDirPrefix, { args = [] } = {}) {
  const suite = { dataDir: mkdtempSync(path.join(os.tmpdir(), dataDirPrefix)) };

  before(async () => {
    suite.server = await startServer({ site: siteDir, dataDir: suite.dataDir, args });
    suite.baseUrl = `http://127.0.0.1:${suite.server.port}`;
    suite.api = apiClient(suite.server.port);
    suite.browser = await launchChromium();
  });

  after(async () => {
    await suite.browser?.close();
    await stopServer(suite.server);
    rmSync(suite.dataDir, { recursive: true, force: true });
  });

  return suite;
}

// browserSuite with alice signed in through the API: suite.token.
export function signedInSuite(dataDirPrefix, options = {}) {
  const suite = browserSuite(dataDirPrefix, options);
  before(async () => { suite.token = await suite.api.login('alice'); });
  return suite;
}

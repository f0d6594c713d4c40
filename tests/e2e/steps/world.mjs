// The cucumber World for the dashboard features, and the hooks that own
// the processes. Chromium starts once for the run (BeforeAll); each feature
// file gets its own dashboard-server (--demo) on an ephemeral port with a
// fresh data dir, which seeds the demo users alice and bob; each scenario
// gets fresh browser contexts ("tabs"), closed after it. A failed scenario leaves a
// screenshot and the console of every tab, and the server's log, under
// tests/artifacts/cucumber/<scenario>/, and a line with its reason in the
// test's failures.jsonl (for scripts/test.sh's failure summary), beside the
// logs of every server the run started.
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  After,
  AfterAll,
  Before,
  BeforeAll,
  setDefaultTimeout,
  setWorldConstructor,
  Status,
  World,
} from '@cucumber/cucumber';

import { apiClient } from '../../support/api_client.mjs';
import { artifactPath, launchChromium, openPage, waitForAppReady } from '../../support/browser.mjs';
import { loadSignedInDashboard, rememberSignIn } from '../../support/overlay.mjs';
import { failureLine } from '../../support/failure_record.mjs';
import { siteDir, testLogDir } from '../../support/paths.mjs';
import { startServer, stopServer } from '../../support/server_process.mjs';

// Above the slowest wait a step makes (degraded mode, 60 s at most).
setDefaultTimeout(90_000);

// Reconnects every 1-2 s (with jitter) and degraded mode after five
// failures (the bounds the page accepts, connection_machine.hpp) keep the
// resilience scenarios to seconds, while each state (amber for 5-10 s
// before red) lasts long enough for a loaded machine to draw it.
export const FAST_RECONNECTS = '?reconnectDelayMs=1000&reconnectMaxMs=2000&degradedAfter=5';
// Tall enough that the whole dashboard, Partial Parts included, is on screen
// without scrolling: the table submits only the rows inside the viewport.
const VIEWPORT = { width: 1280, height: 1440, deviceScaleFactor: 1 };

// What outlives a scenario: the browser for the run, the server for the feature.
const shared = { browser: null, featureUri: null, dataDir: null, server: null, port: 0 };

function serverIsRunning() {
  const proc = shared.server?.proc;
  return Boolean(proc) && proc.exitCode === null && proc.signalCode === null;
}

async function stopFeatureServer() {
  await stopServer(shared.server);
  if (shared.dataDir) rmSync(shared.dataDir, { recursive: true, force: true });
  Object.assign(shared, { featureUri: null, dataDir: null, server: null, port: 0 });
}

async function startFeatureServer(featureUri) {
  shared.dataDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-cucumber-'));
  shared.server = await startServer({ site: siteDir, dataDir: shared.dataDir });
  shared.port = shared.server.port;
  shared.featureUri = featureUri;
}

// The same data dir on the same port, as after a deploy: pages reconnect to it.
async function restartFeatureServer() {
  shared.server = await startServer({ site: siteDir, dataDir: shared.dataDir, port: shared.port });
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

export class DashboardWorld extends World {
  constructor(options) {
    super(options);
    // Open pages, first opened first: { name, user, context, page, console, requests, sockets }.
    this.tabs = [];
    this.tokens = new Map();
    this.badTokens = new Map();  // user -> the token their browser holds instead
    this.mocIds = new Map();     // title -> id of MOCs this scenario created
    this.serverAtStart = null;   // for the failed scenario's slice of the server log
    this.serverLogOffset = 0;
  }

  get api() {
    return apiClient(shared.port);
  }

  get baseUrl() {
    return `http://127.0.0.1:${shared.port}`;
  }

  // The first tab opened: the page a single-user scenario is about.
  get page() {
    if (this.tabs.length === 0) throw new Error('no dashboard tab is open');
    return this.tabs[0].page;
  }

  tabsOf(user) {
    return this.tabs.filter((t) => t.user === user);
  }

  tabOf(user) {
    const tab = this.tabsOf(user)[0];
    if (!tab) throw new Error(`${user} has no dashboard tab open`);
    return tab;
  }

  async tokenOf(user) {
    if (!this.tokens.has(user)) this.tokens.set(user, await this.api.login(user));
    return this.tokens.get(user);
  }

  // GET /api/dashboard as `user`: what their page should show.
  async dashboardOf(user) {
    const res = await this.api.call('GET', '/api/dashboard', { token: await this.tokenOf(user) });
    if (res.status !== 200) {
      throw new Error(`GET /api/dashboard as ${user}: ${res.status} ${res.text}`);
    }
    return res.body;
  }

  // Opens the dashboard for `user` (holding the bad token, if one was set)
  // in a new browser context, or as another tab of `user`'s first context
  // with `sameBrowser`. With `untilShown` (default) it resolves once the
  // collection is on the canvas; without, once the app has started. Every
  // tab records its console, its requests and its WebSocket attempts from
  // the start.
  async openTab(user, { sameBrowser = false, untilShown = true } = {}) {
    let context;
    let page;
    if (sameBrowser) {
      ({ context } = this.tabOf(user));
      page = await context.newPage();
    } else {
      ({ context, page } = await openPage(shared.browser, VIEWPORT));
    }
    const tab = {
      name: this.tabsOf(user).length === 0 ? user : `${user}-${this.tabsOf(user).length + 1}`,
      user,
      context,
      page,
      console: [],
      requests: [],
      sockets: [],
    };
    this.tabs.push(tab);
    const started = Date.now();
    const log = (line) => tab.console.push(`+${Date.now() - started} ms ${line}`);
    page.on('console', (msg) => log(`${msg.type()}: ${msg.text()}`));
    page.on('pageerror', (err) => log(`page error: ${err.message}`));
    page.on('request', (req) => tab.requests.push({ at: Date.now(), url: req.url() }));
    page.on('websocket', (ws) => tab.sockets.push({ at: Date.now(), url: ws.url() }));

    const token = this.badTokens.get(user) ?? (await this.tokenOf(user));
    const query = FAST_RECONNECTS;
    if (untilShown) {
      await loadSignedInDashboard(page, { baseUrl: this.baseUrl, token, user, query });
    } else {
      await rememberSignIn(page, token, user);
      await page.goto(`${this.baseUrl}/dashboard${query}`);
      await waitForAppReady(page);
    }
    // Survives in-app navigation (pushState), not a reload.
    await page.evaluate(() => {
      window.dashboardTestSameDocument = true;
    });
    return tab;
  }

  // [SECTION] The server, as the resilience scenarios need it.

  async stopServer() {
    await stopServer(shared.server);
  }

  async startServerAgain() {
    await restartFeatureServer();
  }

  // Drops every open socket; the server is back on the same port at once.
  async restartServer() {
    await stopServer(shared.server);
    await restartFeatureServer();
  }

  // [SECTION] After a scenario

  async saveArtifacts(pickle) {
    const dir = `${slug(pickle.name)}-line-${pickle.location?.line ?? 'x'}`;
    for (const tab of this.tabs) {
      try {
        const shot = await tab.page.screenshot({
          path: artifactPath('cucumber', dir, `${tab.name}.png`),
          timeout: 10_000,
        });
        this.attach(shot, 'image/png');
      } catch (err) {
        tab.console.push(`(no screenshot: ${err.message})`);
      }
      writeFileSync(artifactPath('cucumber', dir, `${tab.name}.console.log`),
        `${tab.page.url()}\n${tab.console.join('\n')}\n`);
    }
    // The server's log lines from this scenario (all of them after a restart).
    const log = shared.server?.stderr ?? '';
    const from = shared.server === this.serverAtStart ? this.serverLogOffset : 0;
    writeFileSync(artifactPath('cucumber', dir, 'server.log'), log.slice(from));
  }

  async closeTabs() {
    const contexts = new Set(this.tabs.map((t) => t.context));
    this.tabs = [];
    for (const context of contexts) await context.close().catch(() => {});
  }
}

setWorldConstructor(DashboardWorld);

const failuresFile = path.join(testLogDir, 'failures.jsonl');

BeforeAll(async () => {
  mkdirSync(testLogDir, { recursive: true });
  writeFileSync(failuresFile, '');
  shared.browser = await launchChromium();
});

AfterAll(async () => {
  await shared.browser?.close();
  await stopFeatureServer();
});

Before(async function ({ pickle }) {
  if (shared.featureUri !== pickle.uri) {
    await stopFeatureServer();
    await startFeatureServer(pickle.uri);
  }
  this.serverAtStart = shared.server;
  this.serverLogOffset = shared.server.stderr.length;
});

After(async function ({ gherkinDocument, pickle, result }) {
  try {
    if (result?.status === Status.FAILED) {
      const feature = gherkinDocument?.feature?.name ?? pickle.uri;
      appendFileSync(failuresFile, failureLine(`${feature} > ${pickle.name}`,
        result.message ?? 'failed', `tests/${pickle.uri}`));
      await this.saveArtifacts(pickle);
    }
  } finally {
    await this.closeTabs();
    // A scenario that stopped the server and then failed leaves it down.
    if (!serverIsRunning()) await restartFeatureServer();
  }
});

// Debian's Chromium driven by playwright-core, with the flags that render
// WebGL2 headless through SwiftShader on these machines (TOOLCHAIN.md).
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';

import { artifactsDir } from './paths.mjs';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
}

// Opens a page that records console errors and uncaught exceptions. Every
// page of its context gets the frame gate (see holdFrames).
export async function openPage(
  browser, { width, height, deviceScaleFactor = 1, colorScheme = 'light', hasTouch = false },
) {
  const context = await browser.newContext(
    { viewport: { width, height }, deviceScaleFactor, colorScheme, hasTouch });
  await context.addInitScript(installFrameGate);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { context, page, problems };
}

export async function waitForAppReady(page, timeout = 30000) {
  await page.waitForFunction(() => document.documentElement.dataset.appReady === 'true', null, {
    timeout,
  });
}

// The dashboard draws on demand and counts what it draws in
// window.dashboardFramesDrawn (web/dashboard_interop.js). The waits below
// are on frames, never on the clock: a loaded machine draws late, not never.

// Resolves once the page has drawn nothing for `quietMs`, with the frame
// count it stopped at. The gap between two frames of one wake-up is a
// software-rendered frame's time, seconds at 1440 px x DPR 2 on a loaded
// machine, so quiet means seconds.
export async function waitUntilIdle(page, { quietMs = 2500, timeout = 30000 } = {}) {
  const frames = () => page.evaluate(() => window.dashboardFramesDrawn);
  const deadline = Date.now() + timeout;
  let last = await frames();
  let since = Date.now();
  while (Date.now() < deadline) {
    await page.waitForTimeout(100);
    const now = await frames();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return last;
    }
  }
  throw new Error(`the page never went idle for ${quietMs} ms in ${timeout} ms (frames: ${last})`);
}

// The frame gate: the page's requestAnimationFrame, which drives the
// Emscripten main loop, passes through it. Held, it keeps the callbacks
// back and the test draws frames one at a time, so input is seen by the
// frames the test means, however slowly a loaded machine draws. (Input
// timed by the clock is not: ImGui 1.86 samples input once per frame, so
// a key released before any frame ran is lost, and a key still down when
// a late frame starts reads as held for that frame's whole delta time,
// which ImGui's typematic repeat, 0.2 s for navigation, turns into a
// second press.) Runs in the page.
function installFrameGate() {
  const raf = window.requestAnimationFrame.bind(window);
  const gate = { held: null, raf };
  window.dashboardFrameGate = gate;
  window.requestAnimationFrame = (callback) =>
    raf((time) => (gate.held ? gate.held.push(callback) : callback(time)));
}

export function holdFrames(page) {
  return page.evaluate(() => { window.dashboardFrameGate.held ??= []; });
}

// Draws `count` frames while they are held: runs the held callbacks (a
// callback finding nothing to draw draws nothing) until `count` drew.
export function drawFrames(page, count = 1) {
  return page.evaluate(async (want) => {
    const gate = window.dashboardFrameGate;
    const target = window.dashboardFramesDrawn + want;
    const deadline = Date.now() + 15000;
    while (window.dashboardFramesDrawn < target) {
      if (Date.now() > deadline) throw new Error(`${want} frames not drawn in 15 s`);
      const callback = gate.held.shift();
      if (callback) callback(performance.now());
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }, count);
}

export function releaseFrames(page) {
  return page.evaluate(() => {
    const gate = window.dashboardFrameGate;
    const held = gate.held ?? [];
    gate.held = null;
    held.forEach((callback) => gate.raf(callback));
  });
}

// Dispatches `input()` with the frames held, then draws `count` frames
// that see it (a click needs two: press, then release) and lets frames
// flow again. What the input changed is then on the canvas and in the
// overlay.
export async function afterInput(page, input, count = 2) {
  await holdFrames(page);
  try {
    await input();
    await drawFrames(page, count);
  } finally {
    await releaseFrames(page).catch(() => {});  // a click may have left the page
  }
}

export function artifactPath(...parts) {
  const file = path.join(artifactsDir, ...parts);
  mkdirSync(path.dirname(file), { recursive: true });
  return file;
}

// Share of pixels that differ from `background` by more than a small
// tolerance, and how many distinct colours the image has.
export function pixelStats(pngBuffer, background) {
  const png = PNG.sync.read(pngBuffer);
  const colours = new Set();
  let differing = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
    colours.add((r << 16) | (g << 8) | b);
    const delta = Math.abs(r - background[0]) + Math.abs(g - background[1]) + Math.abs(b - background[2]);
    if (delta > 12) differing += 1;
  }
  return { differingShare: differing / (png.width * png.height), colours: colours.size, png };
}

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

// Opens a page that records console errors and uncaught exceptions.
export async function openPage(
  browser, { width, height, deviceScaleFactor = 1, colorScheme = 'light', hasTouch = false },
) {
  const context = await browser.newContext(
    { viewport: { width, height }, deviceScaleFactor, colorScheme, hasTouch });
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

// A private X display per test process: Xvfb picks a free display number
// itself (-displayfd) and tells us which, so tests running side by side (or
// another checkout's tests on the same machine) never race for one, as two
// `xvfb-run -a` starting together do.
//
//   const xvfb = await startXvfb('1280x800x24');
//   spawn(bin, args, { env: { ...process.env, DISPLAY: xvfb.display } });
//   await xvfb.stop();
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

import { processLogPath } from './paths.mjs';

const liveDisplays = new Set();
process.on('exit', () => {
  for (const xvfb of liveDisplays) xvfb.proc.kill('SIGKILL');
});

export async function startXvfb(screen = '1280x800x24', timeoutMs = 30000) {
  const logFd = openSync(processLogPath('xvfb'), 'w');
  const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', screen, '-nolisten', 'tcp'],
    { stdio: ['ignore', logFd, logFd, 'pipe'] });
  closeSync(logFd);
  const xvfb = { proc, display: null };
  liveDisplays.add(xvfb);
  xvfb.exited = new Promise((resolve) => proc.on('exit', (code, signal) => {
    liveDisplays.delete(xvfb);
    resolve({ code, signal });
  }));
  xvfb.stop = async () => {
    if (liveDisplays.has(xvfb)) proc.kill('SIGTERM');
    await xvfb.exited;
  };
  let written = '';
  const number = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Xvfb gave no display in ${timeoutMs} ms`)),
      timeoutMs);
    proc.stdio[3].setEncoding('utf8');
    proc.stdio[3].on('data', (chunk) => {
      written += chunk;
      if (written.includes('\n')) {
        clearTimeout(timer);
        resolve(written.trim());
      }
    });
    xvfb.exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}) before giving a display`));
    });
  });
  xvfb.display = `:${number}`;
  return xvfb;
}

// spawnSync's { status, stdout, stderr } for `bin args` on a display of its
// own, which goes away with it; SIGKILL after timeoutMs.
export async function runOnDisplay(bin, args, { screen, timeoutMs = 120000 } = {}) {
  const xvfb = await startXvfb(screen);
  try {
    const proc = spawn(bin, args, { env: { ...process.env, DISPLAY: xvfb.display } });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (c) => { stdout += c; });
    proc.stderr.setEncoding('utf8').on('data', (c) => { stderr += c; });
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    const { status, signal } = await new Promise((resolve) =>
      proc.on('close', (code, sig) => resolve({ status: code, signal: sig })));
    clearTimeout(timer);
    return { status, signal, stdout, stderr };
  } finally {
    await xvfb.stop();
  }
}

// The fixture site of the static-hosting suites: an index.html, a hashed
// .wasm with its .gz sibling, a large asset (sent with sendfile), and a
// secret beside the site that no request may reach.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

export const WASM_NAME = 'app.0123456789ab.wasm';
export const INDEX_HTML = '<!doctype html><title>MOC dashboard</title><canvas id="c"></canvas>\n';
// A wasm header followed by compressible filler, so the .gz is much smaller.
export const WASM_BYTES = Buffer.concat([
  Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
  Buffer.alloc(4096, 'wasm-body '),
]);
export const WASM_GZ = zlib.gzipSync(WASM_BYTES, { level: 9 });
// Large enough to go out by sendfile() (>= 64 KiB), in both encodings.
export const BIG_NAME = 'big.fedcba9876543210.data';
export const BIG_BYTES = Buffer.from(Array.from({ length: 300 * 1024 }, (_, i) => (i * 7919 + (i >> 8)) & 0xff));
export const BIG_GZ = zlib.gzipSync(Buffer.concat([BIG_BYTES, Buffer.alloc(200 * 1024, 'pad ')]), { level: 1 });
export const SECRET = `TOP-SECRET-${process.pid}-${Date.now()}`;

export function makeFixture() {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-static-'));
  const site = path.join(base, 'site');
  fs.mkdirSync(path.join(site, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(site, 'index.html'), INDEX_HTML);
  fs.writeFileSync(path.join(site, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(site, 'assets', WASM_NAME), WASM_BYTES);
  fs.writeFileSync(path.join(site, 'assets', `${WASM_NAME}.gz`), WASM_GZ);
  fs.writeFileSync(path.join(site, 'assets', 'style.css'), 'body { margin: 0 }\n');
  fs.writeFileSync(path.join(site, 'assets', BIG_NAME), BIG_BYTES);
  fs.writeFileSync(path.join(base, 'secret.txt'), SECRET);
  // A symlink inside the site pointing at the secret must not be followed out.
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(site, 'assets', 'leak.txt'));
  return { base, site, dataDir: path.join(base, 'data', 'nested') };
}

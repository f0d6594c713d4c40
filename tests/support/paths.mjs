// Where the built binaries and the staged site are. CTest passes them in the
// environment; the defaults match the CMake presets, for running a test file
// by hand with `node --test`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const serverBin =
  process.env.DASHBOARD_SERVER_BIN ?? path.join(repoRoot, 'build/native/dashboard-server');
export const nativeBin =
  process.env.DASHBOARD_NATIVE_BIN ?? path.join(repoRoot, 'build/native/dashboard-native');
export const siteDir = process.env.DASHBOARD_SITE_DIR ?? path.join(repoRoot, 'build/wasm/site');
export const artifactsDir =
  process.env.DASHBOARD_ARTIFACTS ?? path.join(repoRoot, 'tests/artifacts');

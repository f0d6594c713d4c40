// One failed test as a line of tests/artifacts/logs/<build>/<test>/failures.jsonl,
// written by the node:test reporter (failure_reporter.mjs) and the cucumber
// hooks (e2e/steps/world.mjs), read by scripts/test.sh's failure summary
// (failure_summary.py): {"test": "suite > case", "reason": "...", "at": "file:line"}.
import path from 'node:path';

import { repoRoot } from './paths.mjs';

const MAX_REASON = 400;

// The first line of an error's message, and when that line only introduces
// what follows ("Expected values to be strictly deep-equal:") the next few.
export function reasonOf(error) {
  if (error === undefined || error === null) return 'failed (no error given)';
  const text = typeof error === 'string' ? error : String(error.message ?? error);
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  let reason = lines[0] ?? String(error);
  if (reason.endsWith(':')) {
    // A diff follows: its changed lines, not its header or brackets.
    const detail = lines.slice(1).filter((l) => !/^(\+ actual - expected|[[\]{}(),.]+)$/.test(l));
    reason += ` ${detail.slice(0, 3).join(' | ')}`;
  }
  if (error.code === 'ERR_ASSERTION' && error.generatedMessage === false && 'actual' in error &&
      error.operator !== 'fail') {
    reason += ` (actual ${short(error.actual)}, expected ${short(error.expected)})`;
  }
  reason = reason.replace(/\s+/g, ' ');
  return reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON)}...` : reason;
}

function short(value) {
  let text;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}

// file:line of the first stack frame in our own tests, else `fallback`.
function locationOf(error, fallback) {
  const stack = typeof error === 'string' ? error : String(error?.stack ?? '');
  for (const match of stack.matchAll(/(?:file:\/\/)?(\/[^\s():]+):(\d+):\d+/g)) {
    const file = match[1];
    if (file.startsWith(path.join(repoRoot, 'tests')) && !file.includes('node_modules')) {
      return `${path.relative(repoRoot, file)}:${match[2]}`;
    }
  }
  return fallback;
}

export function failureLine(test, error, where) {
  return `${JSON.stringify({ test, reason: reasonOf(error), at: locationOf(error, where) })}\n`;
}

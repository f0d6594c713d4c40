// A node:test reporter that records each failed test, one JSON line per
// failure, in the test's log folder (paths.mjs testLogDir): the failure
// summary at the end of scripts/test.sh reads it to name the failed case
// and its reason. It prints nothing itself; CTest runs it beside the spec
// reporter (tests/integration/CMakeLists.txt):
//
//   node --test --test-reporter=spec --test-reporter-destination=stdout \
//     --test-reporter=tests/support/failure_reporter.mjs --test-reporter-destination=stderr FILE
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { failureLine } from './failure_record.mjs';
import { repoRoot, testLogDir } from './paths.mjs';

// Failures that only echo another one: a suite whose case failed, a case
// cancelled because its suite's hook failed (the hook's failure is listed).
const ECHOES = new Set(['subtestsFailed', 'cancelledByParent']);

export default async function* failureReporter(source) {
  const file = path.join(testLogDir, 'failures.jsonl');
  mkdirSync(testLogDir, { recursive: true });
  writeFileSync(file, '');
  const names = [];  // the suite path of the test being reported, by nesting
  for await (const event of source) {
    if (event.type === 'test:start') {
      names.length = event.data.nesting;
      names.push(event.data.name);
    } else if (event.type === 'test:fail') {
      const error = event.data.details?.error;
      if (ECHOES.has(error?.failureType)) continue;
      const where = event.data.file &&
        `${path.relative(repoRoot, event.data.file)}:${event.data.line ?? '?'}`;
      const test = [...names.slice(0, event.data.nesting), event.data.name].join(' > ');
      appendFileSync(file, failureLine(test, error?.cause ?? error, where));
    }
  }
}

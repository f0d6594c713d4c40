// cucumber-js configuration for the Gherkin end-to-end suite, run from
// tests/ (CTest's e2e.cucumber does so): `npx cucumber-js`. A failed
// scenario fails the run; its screenshots and console logs, and the JUnit
// report, go to $DASHBOARD_ARTIFACTS/cucumber (default tests/artifacts).
import path from 'node:path';

import { artifactsDir } from './support/paths.mjs';

export default {
  paths: ['e2e/features/**/*.feature'],
  import: ['e2e/steps/**/*.mjs'],
  format: ['pretty', `junit:${path.join(artifactsDir, 'cucumber', 'report.xml')}`],
  formatOptions: { junit: { suiteName: 'dashboard e2e (cucumber)' } },
  strict: true,  // an undefined or pending step fails the run
};

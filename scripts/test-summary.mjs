// The suite's closing summary, from vitest's JSON report, that never hides a failure: a file whose
// hook failed (its tests reported as "skipped") or that did not load counts as failed, with every
// test that did not run in it counted as failed. Failed files are named. The last line is alone:
// "N passed, N failed, N skipped".
//
// Usage: node scripts/test-summary.mjs <vitest.json> <vitest exit status>
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [file = 'test-results/vitest.json', exitStatus = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const failedFiles = [];

if (!existsSync(file)) {
  failedFiles.push(`(no report at ${file}: vitest did not finish)`);
  failed += 1;
} else {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const f of report.testResults) {
    const name = path.relative(process.cwd(), f.name);
    const tests = f.assertionResults ?? [];
    const p = tests.filter((t) => t.status === 'passed').length;
    const fl = tests.filter((t) => t.status === 'failed').length;
    const notRun = tests.length - p - fl; // skipped, pending, todo
    passed += p;
    if (f.status !== 'failed') {
      skipped += notRun;
      continue;
    }
    // In a failed file a test that did not run did not run because something failed (a beforeAll,
    // an import): it counts as failed. A file without tests did not load at all.
    const broken = tests.length === 0 ? 1 : notRun;
    failed += fl + broken;
    const why = [];
    if (fl) why.push(`${fl} failed`);
    if (tests.length === 0) why.push('did not load');
    else if (notRun) why.push(`${notRun} did not run: a hook failed`);
    const message = (f.message ?? '').trim().split('\n')[0];
    failedFiles.push(`${name} (${why.join(', ') || 'failed'})${message ? `: ${message.slice(0, 200)}` : ''}`);
  }
  // An error outside every test (an unhandled rejection, a failing global setup) fails the run too.
  if (Number(exitStatus) !== 0 && failed === 0) {
    failedFiles.push(`(vitest exited with status ${exitStatus}: an error outside the tests, see above)`);
    failed += 1;
  }
}

if (failedFiles.length) {
  console.log(`\nFailed files (${failedFiles.length}):`);
  for (const f of failedFiles) console.log(`  ${f}`);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
// Fails the run on its own: vitest's exit status alone has been 0 with failing hooks.
process.exitCode = failed ? 1 : 0;

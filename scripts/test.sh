#!/usr/bin/env bash
# The whole test suite: type check, web build (the browser tests use it), then every test file
# against the embedded PostgreSQL and the PostgreSQL server (TEST_PG_URL, default 127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p .
npx vite build --logLevel warn
mkdir -p test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
# One plain closing line for CI: "N passed, N failed, N skipped".
node -e '
  const r = require("./test-results/vitest.json");
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit $status

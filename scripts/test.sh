#!/usr/bin/env bash
# The whole test suite: type check, then every test file against the embedded PostgreSQL and the
# PostgreSQL server (TEST_PG_URL, default 127.0.0.1:5432; a throwaway one when none answers there).
# The test setup (src/testing/global-setup.ts) builds the web app when needed and installs Chromium
# when it is missing and the suite runs as root.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p .
mkdir -p test-results
rm -f test-results/vitest.json
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
# Failed files by name, then one plain closing line for CI: "N passed, N failed, N skipped".
node scripts/test-summary.mjs test-results/vitest.json "$status" || status=1
exit $status

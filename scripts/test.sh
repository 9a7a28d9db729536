#!/usr/bin/env bash
# The whole test suite: type check, web build (the browser tests use it), then every test file
# against the embedded PostgreSQL and the PostgreSQL server (TEST_PG_URL, default 127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p .
npx vite build --logLevel warn
npx vitest run "$@"

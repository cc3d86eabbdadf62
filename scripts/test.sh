#!/usr/bin/env bash
# The whole test suite from a fresh clone: set-up (packages, build, Chromium), type check, lint,
# then every test. Exits non-zero when anything fails; ends with a plain "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."
SPECGATE_SETUP_BROWSER=1 bash scripts/setup.sh
echo "test: type check and lint"
npm run --silent check
echo "test: vitest"
mkdir -p test-results
status=0
SPECGATE_SKIP_BUILD=1 npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
node -e '
const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' || true
exit "$status"

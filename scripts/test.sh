#!/usr/bin/env bash
# The whole test suite from a fresh clone: set-up (packages, build, Chromium), type check, lint,
# then every test. Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
SPECGATE_SETUP_BROWSER=1 bash scripts/setup.sh
echo "test: type check and lint"
npm run --silent check
echo "test: vitest"
SPECGATE_SKIP_BUILD=1 npx vitest run "$@"

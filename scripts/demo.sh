#!/usr/bin/env bash
# The one-command demo: set-up, then specgate on the bundled example service.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
example=examples/example-service
echo
echo "== specgate id: the feature SHA of the example's specs"
./bin/specgate -C "$example" id
echo
echo "== specgate validate (sandbox): the spec rules on the example's specs"
./bin/specgate -C "$example" validate --mode sandbox

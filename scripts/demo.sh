#!/usr/bin/env bash
# The one-command demo: set-up, then the whole specgate pipeline on the bundled example service
# (preflight → validate → generate → build → deploy → audit) in sandbox mode.
#
# The example is copied into .demo/example-service (gitignored) and made a git repository of its
# own, so the spec branch specgate creates lives there, not in this checkout. Re-running the demo
# keeps earlier runs, so `specgate runs` and the ledger show history.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

src=examples/example-service
work=.demo/example-service
specgate="$PWD/bin/specgate"
mkdir -p "$work"
# Refresh the example's sources, keep the demo's own evidence (reports/, .specgate/).
(cd "$src" && tar --exclude=node_modules --exclude=dist --exclude=coverage --exclude=reports --exclude=.specgate -cf - .) | tar -xf - -C "$work"
export GIT_AUTHOR_NAME=specgate-demo GIT_AUTHOR_EMAIL=demo@localhost GIT_COMMITTER_NAME=specgate-demo GIT_COMMITTER_EMAIL=demo@localhost
if [[ ! -d $work/.git ]]; then git -C "$work" init -q -b main; fi
git -C "$work" add -A
git -C "$work" diff --cached --quiet || git -C "$work" commit -q -m "example service as shipped with specgate"

echo
echo "== specgate id: the feature SHA of the example's specs"
"$specgate" -C "$work" id
echo
echo "== specgate validate on a deliberately broken spec (sandbox: warnings, exit 0)"
"$specgate" -C "$work" validate --mode sandbox broken-specs || true
echo
echo "== specgate run: the whole pipeline in sandbox mode"
SPECGATE_INITIATOR=demo "$specgate" -C "$work" run --mode sandbox
echo
"$specgate" -C "$work" status || true
echo
echo "Evidence:          $work/reports/<feature-sha>/latest/ (executive-report.md, manifest.json, …)"
echo "Verify the ledger: $specgate -C $work audit verify"
echo "Stop staging:      $specgate -C $work stop"

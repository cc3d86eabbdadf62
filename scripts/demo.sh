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
# The base image the build stage adds the release to (build.image in the example's specgate.yaml).
bash scripts/make-base-image.sh "$work/images/base" latest
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
# A throw-away signing key for the demo (kept under .demo/, never committed). Real projects keep
# theirs in a secret store and pass it as SPECGATE_SIGNING_KEY.
keys=.demo/keys
if [[ ! -f $keys/specgate.key ]]; then
  echo
  echo "== specgate keys generate: a demo signing key (unencrypted, demo only)"
  "$specgate" keys generate --out "$keys"
fi
echo
echo "== specgate run: the whole pipeline in sandbox mode"
status=0
SPECGATE_INITIATOR=demo SPECGATE_SIGNING_KEY="$(cat "$keys/specgate.key")" "$specgate" -C "$work" run --mode sandbox || status=$?
sha=$("$specgate" -C "$work" id)
latest="$work/reports/$sha/latest"
echo
echo "== specgate verify: every file of the run against its signature, with the demo's public key"
"$specgate" verify "$latest" --key "$keys/specgate.pub"
echo
echo "== specgate audit verify: the hash-chained ledger"
"$specgate" -C "$work" audit verify
echo
echo "== specgate status: what serves staging"
"$specgate" -C "$work" status || true
echo
echo "Container image:   $(node -e 'const i=require(process.argv[1]);console.log(i.reference)' "$PWD/$latest/image.json" 2>/dev/null || echo 'none built')"
echo "                   skopeo inspect oci:$work/.specgate/images/$(basename "$(readlink "$latest")"):$(basename "$(readlink "$latest")")"
echo "Executive report:  $latest/executive-report.md  (regenerate, verified now: specgate -C $work report latest)"
echo "Staging URL:       http://127.0.0.1:8787/v1/ping"
echo "Dashboard:         $specgate -C $work serve"
echo "Verify by hand:    openssl dgst -sha256 -verify $keys/specgate.pub -signature <(base64 -d < $latest/manifest.json.sig) $latest/manifest.json"
echo "Stop staging:      $specgate -C $work stop"
exit "$status"

#!/usr/bin/env bash
# The README's "verify a run with openssl alone" recipe, as one script: the floor `specgate verify`
# is compared with. Usage: openssl-verify.sh RUN_DIR PUBLIC_KEY
set -euo pipefail
cd "$1"
KEY=$2
openssl pkey -pubin -in "$KEY" -outform DER | sha256sum > /dev/null
openssl dgst -sha256 -verify "$KEY" -signature <(base64 -d < manifest.json.sig) manifest.json > /dev/null
jq -r '.artifacts[] | "\(.sha256)  \(.path)"' manifest.json | sha256sum -c --quiet -
for f in $(jq -r '.artifacts[].path' manifest.json); do
  openssl dgst -sha256 -verify "$KEY" -signature <(base64 -d < "$f.sig") "$f" > /dev/null || { echo "BAD: $f"; exit 1; }
done

#!/usr/bin/env bash
# Shared set-up for the demo and the tests on a fresh machine: Node packages, the build, and the
# Debian packages the tests need. Idempotent: fast when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
if [[ "${SPECGATE_SETUP_BROWSER:-0}" == "1" ]] && ! command -v chromium >/dev/null 2>&1; then need_apt+=(chromium); fi
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
command -v git >/dev/null 2>&1 || need_apt+=(git)
# The PostgreSQL store tests start a throw-away PostgreSQL 15 cluster (initdb into a temp dir).
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || dpkg -s postgresql >/dev/null 2>&1 || need_apt+=(postgresql)
# Container images without a daemon (docs/images.md): umoci packs the test/demo base image from
# busybox-static; skopeo and podman read what specgate builds (podman only loads/inspects here).
command -v umoci >/dev/null 2>&1 || need_apt+=(umoci)
command -v skopeo >/dev/null 2>&1 || need_apt+=(skopeo)
dpkg -s busybox-static >/dev/null 2>&1 || need_apt+=(busybox-static)
command -v podman >/dev/null 2>&1 || need_apt+=(podman)
# examples/python-service and the Python SAST tests: FastAPI, uvicorn, pytest with coverage and
# Bandit from Debian (they install under /usr/bin/python3; no PyPI on these machines).
for pkg in python3-fastapi python3-uvicorn python3-pytest python3-pytest-cov python3-coverage python3-httpx bandit; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if ((${#need_apt[@]} > 0)); then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Reinstall only when the lockfile changed since the last install.
stamp=node_modules/.specgate-lock-stamp
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
# The reference SBOM generator the Python/Go purl comparison test and bench/sbom/python-go.mjs run
# (offline: it only reads the lockfiles). Kept out of the project's dependencies (284 MB).
cdxgen_dir=bench/.work/cdxgen
if [[ ! -f $cdxgen_dir/node_modules/@cyclonedx/cdxgen/bin/cdxgen.js ]]; then
  echo "setup: installing @cyclonedx/cdxgen@12.8.4 into $cdxgen_dir"
  mkdir -p "$cdxgen_dir"
  [[ -f $cdxgen_dir/package.json ]] || echo '{"private":true}' > "$cdxgen_dir/package.json"
  npm install --prefix "$cdxgen_dir" --ignore-scripts --no-audit --no-fund --loglevel=error --save-exact @cyclonedx/cdxgen@12.8.4
fi
echo "setup: build"
npm run --silent build

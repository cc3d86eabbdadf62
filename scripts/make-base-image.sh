#!/usr/bin/env bash
# Makes a tiny base image as an OCI image layout, without a daemon: a busybox-static rootfs
# (/bin/busybox, /bin/sh → busybox) packed by umoci, tagged TAG (default latest). The demo and the
# tests build the release image on it; real projects copy a real base in with skopeo instead
# (docs/images.md). Usage: scripts/make-base-image.sh LAYOUT_DIR [TAG]
set -euo pipefail
layout=${1:?usage: make-base-image.sh LAYOUT_DIR [TAG]}
tag=${2:-latest}
busybox=$(command -v busybox || true)
[[ -n $busybox && -x $busybox ]] || { echo "make-base-image: busybox not found (apt-get install busybox-static)" >&2; exit 2; }
command -v umoci >/dev/null || { echo "make-base-image: umoci not found (apt-get install umoci)" >&2; exit 2; }
if [[ -f $layout/index.json ]] && grep -q "\"org.opencontainers.image.ref.name\":\"$tag\"" "$layout/index.json"; then exit 0; fi
mkdir -p "$(dirname "$layout")"
work=$(mktemp -d "$(dirname "$layout")/.bundle-XXXXXX")
trap 'rm -rf "$work"' EXIT
[[ -f $layout/index.json ]] || umoci init --layout "$layout"
umoci new --image "$layout:$tag"
umoci unpack --rootless --image "$layout:$tag" "$work/b" >/dev/null
mkdir -p "$work/b/rootfs/bin"
cp "$busybox" "$work/b/rootfs/bin/busybox"
chmod 0755 "$work/b/rootfs/bin/busybox"
ln -s busybox "$work/b/rootfs/bin/sh"
umoci repack --image "$layout:$tag" "$work/b"
umoci config --image "$layout:$tag" --config.cmd /bin/sh

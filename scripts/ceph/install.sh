#!/usr/bin/env bash
# Installs the Ceph packages a single-node RADOS Gateway needs (Debian 12: Ceph 16.2 Pacific).
# Idempotent: does nothing when every binary is already present. Needs root (apt-get).
set -euo pipefail

PACKAGES=(radosgw ceph-mon ceph-osd uuid-runtime curl)
NEEDED_BINARIES=(radosgw radosgw-admin ceph-mon ceph-osd ceph ceph-authtool monmaptool uuidgen curl)

missing=()
for bin in "${NEEDED_BINARIES[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || missing+=("$bin")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "ceph install: already installed ($(radosgw --version 2>/dev/null | head -n1))"
  exit 0
fi

if [ "$(id -u 2>/dev/null || echo 1)" -ne 0 ]; then
  echo "ceph install: missing ${missing[*]}; installing needs root (apt-get install -y ${PACKAGES[*]})" >&2
  exit 2
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ceph install: apt-get not found; install ${PACKAGES[*]} with your package manager" >&2
  exit 3
fi

start=$(date +%s.%N)
export DEBIAN_FRONTEND=noninteractive
# Update the package index only when it has never been fetched (a fresh container).
if [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e '^lock$' -e '^partial$' || true)" ]; then
  apt-get update -q -o DPkg::Lock::Timeout=300
fi
updated=$(date +%s.%N)
install() { apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends "${PACKAGES[@]}"; }
# A stale package index makes install fail on a moved .deb: refresh once and retry.
if ! install; then
  apt-get update -q -o DPkg::Lock::Timeout=300
  install
fi
done_at=$(date +%s.%N)

echo "ceph install: apt-get update $(awk "BEGIN{printf \"%.1f\", $updated-$start}") s, install $(awk "BEGIN{printf \"%.1f\", $done_at-$updated}") s, total $(awk "BEGIN{printf \"%.1f\", $done_at-$start}") s"
radosgw --version | head -n1

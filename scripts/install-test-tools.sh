#!/usr/bin/env bash
# Installs the system tools the tests call: pdftotext/pdftoppm (poppler-utils), unzip, openssl,
# sha256sum (coreutils), and the Ceph RADOS Gateway for the S3 evidence store tests.
# Idempotent: packages already present are not fetched again. Needs root (or sudo) on Debian.
set -euo pipefail

packages=(poppler-utils unzip openssl coreutils radosgw ceph-mon ceph-osd uuid-runtime curl)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "test tools: all present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "test tools: missing ${missing[*]} and not root; install them with apt-get" >&2
    exit 1
  fi
fi
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
install() { $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}" >/dev/null; }
$SUDO apt-get update -qq -o DPkg::Lock::Timeout=300
# A package index that moved under us makes install fail on a missing .deb: refresh once and retry.
if ! install; then
  $SUDO apt-get update -qq -o DPkg::Lock::Timeout=300
  install
fi
echo "test tools: installed ${missing[*]} in $(( $(date +%s) - start )) s"

#!/usr/bin/env bash
# Starts a fresh single-node Ceph cluster with an S3 gateway, for tests only:
# one ceph-mon, one ceph-osd on memstore (RAM, gone on stop), radosgw (beast) on 127.0.0.1:<port>.
# Everything (config, keys, data, pid files, logs) lives under <dir>; stop with stop.sh <dir>.
#
# Usage: start.sh <dir> <port> [mon-port]
# Prints `export` lines (endpoint and test keys) and writes the same to <dir>/env.
# A new cluster per run is the intended model: COMPLIANCE-locked versions can never be deleted.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 <dir> <port> [mon-port]" >&2
  exit 64
fi
DIR=$1
PORT=$2
MON_PORT=${3:-}

# Fixed test credentials: this cluster only ever runs on loopback for tests.
ACCESS_KEY=${BINDER_S3_TEST_ACCESS_KEY:-BINDERTESTACCESSKEY1}
SECRET_KEY=${BINDER_S3_TEST_SECRET_KEY:-binderTestSecretKey0000000000000000000001}
S3_UID=binder-test
KMS_KEY_ID=binder-test-key
KMS_KEY=YmluZGVyLXRlc3Qta2V5LTMyLWJ5dGVzLWxvbmchISE=  # 32 bytes, test only
RGW_NAME=client.rgw.gw

for bin in ceph-mon ceph-osd radosgw radosgw-admin ceph ceph-authtool monmaptool uuidgen curl; do
  command -v "$bin" >/dev/null 2>&1 || { echo "start: $bin not found; run scripts/ceph/install.sh" >&2; exit 69; }
done

now() { date +%s.%N; }
since() { awk "BEGIN{printf \"%.2f\", $(now)-$1}"; }
T0=$(now)

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! port_is_free "$PORT"; then
  echo "start: port $PORT on 127.0.0.1 is already in use" >&2
  exit 75
fi
if [ -z "$MON_PORT" ]; then
  # A random port for the monitor so several clusters can run side by side, below the kernel's
  # ephemeral range (32768 and up on Linux): a port in that range can be taken by any outgoing
  # connection between this check and the monitor's bind.
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 12000))
    if [ "$candidate" != "$PORT" ] && port_is_free "$candidate"; then MON_PORT=$candidate; break; fi
  done
  [ -n "$MON_PORT" ] || { echo "start: found no free port for the monitor" >&2; exit 75; }
fi

if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
  echo "start: $DIR is not empty; a fresh cluster needs an empty folder" >&2
  exit 73
fi
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
mkdir -p "$DIR"/{mon,osd,rgw,run,log}
CONF=$DIR/ceph.conf
KEYRING=$DIR/keyring
FSID=$(uuidgen)

cat >"$CONF" <<CONF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false
ms bind msgr1 = false
keyring = $KEYRING
run dir = $DIR/run
pid file = $DIR/run/\$name.pid
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
log to stderr = false
err to stderr = true
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
mon data avail crit = 1
mon data avail warn = 2
# Ceph's default propose interval makes a cold start take ~13 s; 0.05 s makes it ~2 s.
paxos propose interval = 0.05
paxos min wait = 0.01

[mon]
mon data = $DIR/mon/\$cluster-\$id

[osd]
osd data = $DIR/osd/\$cluster-\$id
osd objectstore = memstore
memstore device bytes = 1073741824
# Required on object stores other than bluestore.
osd max object name len = 460
osd max object namespace len = 64

[$RGW_NAME]
rgw data = $DIR/rgw
# tcp_nodelay: without it small responses wait on delayed ACKs (~40 ms per GET).
rgw frontends = beast endpoint=127.0.0.1:$PORT tcp_nodelay=1
rgw thread pool size = 64
# Tests talk plain HTTP on loopback; let SSE requests through instead of demanding TLS.
rgw crypt require ssl = false
# SSE-KMS with a built-in test key (key id $KMS_KEY_ID), so per-object SSE-KMS can be exercised.
rgw crypt s3 kms backend = testing
rgw crypt s3 kms encryption keys = $KMS_KEY_ID=$KMS_KEY
CONF

# Keys first: the monitor imports every key of this keyring when it is created, so the OSD and
# the gateway are registered before ceph-osd --mkfs (which reads its config from the monitor).
ceph-authtool --create-keyring "$KEYRING" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool "$KEYRING" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
ceph-authtool "$KEYRING" --gen-key -n osd.0 --cap mon 'allow profile osd' --cap mgr 'allow profile osd' --cap osd 'allow *' >/dev/null
ceph-authtool "$KEYRING" --gen-key -n "$RGW_NAME" --cap mon 'allow rw' --cap osd 'allow rwx' >/dev/null

monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$DIR/run/monmap" >/dev/null
ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/run/monmap" --keyring "$KEYRING"
ceph-mon -c "$CONF" -i a
echo "start: mon up after $(since "$T0") s" >&2

CEPH=(ceph -c "$CONF" -n client.admin --connect-timeout 20)
OSD_UUID=$(uuidgen)
OSD_ID=$("${CEPH[@]}" osd new "$OSD_UUID")
if [ "$OSD_ID" != 0 ]; then
  echo "start: expected osd id 0, got $OSD_ID" >&2
  exit 70
fi
mkdir -p "$DIR/osd/ceph-0"
ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$OSD_UUID" 2>"$DIR/log/osd-mkfs.err" || { cat "$DIR/log/osd-mkfs.err" >&2; exit 70; }
ceph-osd -c "$CONF" -i 0 2>>"$DIR/log/osd-stderr.log"
echo "start: osd started after $(since "$T0") s" >&2

radosgw -c "$CONF" -n "$RGW_NAME" 2>>"$DIR/log/rgw-stderr.log"

# radosgw creates its pools on first start; wait until it answers HTTP.
ENDPOINT="http://127.0.0.1:$PORT"
for i in $(seq 1 600); do
  if curl -s -o /dev/null --max-time 1 "$ENDPOINT/"; then break; fi
  if [ "$i" = 600 ]; then echo "start: radosgw did not answer on $ENDPOINT within 60 s; see $DIR/log" >&2; exit 70; fi
  sleep 0.1
done
echo "start: radosgw answering after $(since "$T0") s" >&2

radosgw-admin -c "$CONF" -n client.admin user create --uid="$S3_UID" --display-name="binder tests" \
  --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >/dev/null

# Wait until a signed request (ListBuckets) succeeds: the user may take a moment to be visible.
for i in $(seq 1 300); do
  # RGW wants x-amz-content-sha256 signed; curl 7.88 does not add it by itself (this is the empty body's hash).
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 --aws-sigv4 "aws:amz:us-east-1:s3" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
    --user "$ACCESS_KEY:$SECRET_KEY" "$ENDPOINT/" || true)
  if [ "$code" = 200 ]; then break; fi
  if [ "$i" = 300 ]; then echo "start: signed S3 requests still fail (HTTP $code) after 30 s" >&2; exit 70; fi
  sleep 0.1
done

cat >"$DIR/env" <<ENV
export BINDER_S3_ENDPOINT=$ENDPOINT
export BINDER_S3_ACCESS_KEY_ID=$ACCESS_KEY
export BINDER_S3_SECRET_ACCESS_KEY=$SECRET_KEY
export BINDER_S3_KMS_KEY_ID=$KMS_KEY_ID
export BINDER_S3_CEPH_DIR=$DIR
export BINDER_S3_RGW_PID=$(cat "$DIR/run/$RGW_NAME.pid")
ENV
echo "start: signed S3 requests work after $(since "$T0") s" >&2
cat "$DIR/env"

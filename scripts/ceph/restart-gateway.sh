#!/usr/bin/env bash
# Restarts only radosgw of a cluster made by start.sh <dir> (e.g. after it was killed); the mon and
# the memstore OSD keep running, so stored objects survive. Waits until the S3 port answers.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 <dir>" >&2
  exit 64
fi
DIR=$(cd "$1" && pwd)
CONF=$DIR/ceph.conf
RGW_NAME=client.rgw.gw
PIDFILE=$DIR/run/$RGW_NAME.pid
if [ -f "$PIDFILE" ] && tr '\0' ' ' <"/proc/$(cat "$PIDFILE")/cmdline" 2>/dev/null | grep -qF -- "$CONF"; then
  echo "restart-gateway: radosgw is still running (pid $(cat "$PIDFILE")); stop or kill it first" >&2
  exit 75
fi
PORT=$(sed -n 's/^rgw frontends = beast endpoint=127\.0\.0\.1:\([0-9]*\).*$/\1/p' "$CONF")
[ -n "$PORT" ] || { echo "restart-gateway: no rgw port in $CONF" >&2; exit 70; }
start=$(date +%s.%N)
rm -f "$PIDFILE"
radosgw -c "$CONF" -n "$RGW_NAME" 2>>"$DIR/log/rgw-stderr.log"
for i in $(seq 1 300); do
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/"; then break; fi
  if [ "$i" = 300 ]; then echo "restart-gateway: radosgw did not answer on port $PORT within 30 s; see $DIR/log" >&2; exit 70; fi
  sleep 0.1
done
sed -i "s/^export BINDER_S3_RGW_PID=.*/export BINDER_S3_RGW_PID=$(cat "$PIDFILE")/" "$DIR/env"
echo "restart-gateway: answering after $(awk "BEGIN{printf \"%.2f\", $(date +%s.%N)-$start}") s" >&2

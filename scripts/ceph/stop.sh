#!/usr/bin/env bash
# Stops a cluster started by start.sh <dir> (by the pids in its pid files) and removes <dir>.
# The cluster is throwaway (memstore: its data lives in RAM and is meant to vanish), so the daemons
# are killed outright: a graceful stop takes 1-2 s per daemon and would only dump memstore to disk.
set -uo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 <dir>" >&2
  exit 64
fi
DIR=$1
if [ ! -d "$DIR" ]; then
  echo "stop: $DIR does not exist; nothing to stop" >&2
  exit 0
fi
if [ ! -f "$DIR/ceph.conf" ]; then
  echo "stop: $DIR has no ceph.conf; refusing to remove a folder start.sh did not make" >&2
  exit 65
fi

DIR=$(cd "$DIR" && pwd)
start=$(date +%s.%N)
pids=()
# Gateway, OSD, monitor.
for name in client.rgw.gw osd.0 mon.a; do
  pidfile="$DIR/run/$name.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  # Only signal the pid if it is still our daemon (pids get reused): its command line names our config.
  if [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$DIR/ceph.conf"; then
    kill -KILL "$pid" 2>/dev/null && pids+=("$pid")
  fi
done

for pid in "${pids[@]}"; do
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
done

rm -rf "$DIR"
echo "stop: stopped ${#pids[@]} daemon(s) in $(awk "BEGIN{printf \"%.2f\", $(date +%s.%N)-$start}") s" >&2

# Sourced by the bench scripts: stop_bench_bunker BUNKER WORK [DATA] stops the bench's daemon,
# and a rootless daemon's user-namespace holder too (it outlives the daemon, as podman's pause
# process does): first the data root (DATA, by default WORK/data) is removed from inside the
# namespace (its files belong to subordinate ids), then the holder ends, then DATA and WORK go.
stop_bench_bunker() {
  local bunker=$1 work=$2 data=${3:-$2/data} holder monitor
  "$bunker" daemon stop >/dev/null 2>&1 || true
  holder=$(cat "$work/run/userns.pid" 2>/dev/null || true)
  if [ -n "$holder" ] && tr '\0' ' ' <"/proc/$holder/cmdline" 2>/dev/null | grep -q userns-holder; then
    monitor=$(ls "$work"/run/bunker-monitor-* 2>/dev/null | head -1)
    [ -n "$monitor" ] && "$monitor" userns-exec "$holder" -- "$bunker" __remove-tree "$data" >/dev/null 2>&1 || true
    kill -9 "$holder" 2>/dev/null || true
  fi
  rm -rf "$data" "$work" 2>/dev/null || true
}

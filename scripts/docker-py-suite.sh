#!/usr/bin/env bash
# Run docker-py 5.0.3's integration tests against a private Bunker daemon.
#
#   scripts/docker-py-suite.sh DOCKERPY_DIR [TEST-FILE-FILTER]
#
# DOCKERPY_DIR is an unpacked docker-py tree holding tests/ and pytest.ini, for example
#   git -C <docker-py clone> archive 5.0.3 tests pytest.ini | tar -x -C /tmp/dockerpy
# This script fetches nothing. It copies the tests into its work dir (the given tree is not
# changed), installs the Debian packages it needs when run as root, starts docker-registry on a
# free loopback port, pushes a busybox rootfs as library/{alpine:3.10,alpine:latest,busybox:latest,
# hello-world:latest}, starts dist/bunker as a daemon on private dirs with that registry as the
# docker.io mirror, runs pytest one test file at a time (a hang or a daemon crash then costs one
# file), stops everything and prints "N passed, N failed" (plus skipped and errors).
# TEST-FILE-FILTER (a substring, e.g. api_container) limits the files run.
#
# Settings: DPY_WORK (default /tmp/bunker-dpy), DPY_TIMEOUT (pytest --timeout, default 60),
# BUNKER (default dist/bunker of this checkout). Per-file logs and junit xml: $DPY_WORK/results.
set -euo pipefail

src=${1:?usage: docker-py-suite.sh DOCKERPY_DIR [TEST-FILE-FILTER]}
filter=${2:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
src=$(cd "$src" && pwd)
[ -d "$src/tests/integration" ] || { echo "docker-py-suite: no tests/integration in $src" >&2; exit 2; }
WORK=${DPY_WORK:-/tmp/bunker-dpy}
TIMEOUT=${DPY_TIMEOUT:-60}
BUNKER=${BUNKER:-$repo/dist/bunker}
[ -x "$BUNKER" ] || { echo "docker-py-suite: $BUNKER missing (bun run build)" >&2; exit 2; }
PY=/usr/bin/python3 # Debian's python3, which sees python3-docker and python3-pytest

# Files outside the single-engine API: swarm, plugins, secrets, configs, credential helpers.
IGNORED="api_config_test.py api_plugin_test.py api_secret_test.py api_service_test.py
api_swarm_test.py models_nodes_test.py models_services_test.py models_swarm_test.py"

need() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" = 0 ] || { echo "docker-py-suite: please install: ${missing[*]}" >&2; exit 2; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}
need python3-docker python3-pytest python3-pytest-timeout python3-paramiko docker-registry \
  busybox-static skopeo curl

# --- clean start: stop what an earlier run of this script may have left -----------------
registry_pid= daemon_pid=
# Leftover mounts under the private dirs (overlay roots, /dev/shm of dead containers).
unmount_work() {
  { grep -o " $WORK/[^ ]*" /proc/self/mounts || true; } | sort -r | while read -r m; do umount -l "$m" || true; done
}
stop_all() {
  set +e
  if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
    # Container monitors outlive the daemon: remove the containers first.
    local ids
    ids=$("$BUNKER" -H "unix://$SOCK" ps -aq 2>/dev/null)
    [ -n "$ids" ] && { "$BUNKER" -H "unix://$SOCK" rm -f $ids >/dev/null 2>"$WORK/rm.err" ||
      echo "docker-py-suite: rm -f of the leftover containers failed: $(head -c 300 "$WORK/rm.err")" >&2; }
    kill "$daemon_pid"
    for _ in $(seq 100); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$daemon_pid" 2>/dev/null && kill -9 "$daemon_pid"
  fi
  # Whatever a failed removal left running: each monitor named in a state file (checked by its
  # open files under $WORK, pids get reused) and its container process.
  for st in "$WORK"/run/containers/*/state.json; do
    [ -f "$st" ] || continue
    local mon
    mon=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1])).get("monitorPid") or 0)' "$st" 2>/dev/null || echo 0)
    [ "$mon" -gt 1 ] && ls -l "/proc/$mon/fd" 2>/dev/null | grep -q "$WORK" || continue
    pkill -9 -P "$mon"; kill -9 "$mon" 2>/dev/null
  done
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null
  unmount_work
  daemon_pid= registry_pid=
}
for f in "$WORK/daemon.pid" "$WORK/registry.pid"; do
  [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null && sleep 1
  rm -f "$f"
done
SOCK=$WORK/run/bunker.sock
unmount_work
rm -rf "$WORK/run" "$WORK/data" "$WORK/tests" "$WORK/results" "$WORK/registry" "$WORK/home" "$WORK/contexts"
mkdir -p "$WORK"/{run,data,results,registry,home} && chmod 755 "$WORK" && chmod 700 "$WORK/run"
trap stop_all EXIT

# --- registry --------------------------------------------------------------------------
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
REG=127.0.0.1:$PORT
cat >"$WORK/registry/config.yml" <<CONF
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $WORK/registry/data}
http: {addr: $REG}
CONF
docker-registry serve "$WORK/registry/config.yml" >"$WORK/registry/log" 2>&1 &
registry_pid=$!; echo "$registry_pid" >"$WORK/registry.pid"
for _ in $(seq 100); do curl -fsS "http://$REG/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "http://$REG/v2/" >/dev/null || { echo "registry did not start: $WORK/registry/log" >&2; exit 1; }

# --- busybox image (a one-layer OCI layout written here, pushed as Docker v2 schema 2) ---
rootfs=$WORK/rootfs
if [ ! -x "$rootfs/bin/busybox" ]; then
  rm -rf "$rootfs"; mkdir -p "$rootfs"/{bin,etc,tmp,root,home}
  cp "$(command -v busybox)" "$rootfs/bin/busybox"
  for a in $("$rootfs/bin/busybox" --list); do [ "$a" = busybox ] || ln -sf busybox "$rootfs/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/sh\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  chmod 1777 "$rootfs/tmp"
fi
tar -C "$rootfs" --numeric-owner --sort=name --mtime=@0 -cf "$WORK/busybox.tar" .
oci_layout() { # out-dir cmd-json: the rootfs as a one-layer image whose config runs cmd
$PY - "$WORK/busybox.tar" "$1" "$2" <<'PYEOF'
import gzip, hashlib, json, os, shutil, sys
tar_path, out, cmd = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
shutil.rmtree(out, ignore_errors=True)
os.makedirs(f"{out}/blobs/sha256")
def blob(data):
    h = hashlib.sha256(data).hexdigest()
    open(f"{out}/blobs/sha256/{h}", "wb").write(data)
    return {"digest": "sha256:" + h, "size": len(data)}
raw = open(tar_path, "rb").read()
layer = blob(gzip.compress(raw, mtime=0))
cfg = blob(json.dumps({
    "architecture": "amd64", "os": "linux",
    "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "Cmd": cmd},
    "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(raw).hexdigest()]},
    "history": [{"created_by": "docker-py-suite busybox rootfs"}],
}).encode())
man = blob(json.dumps({
    "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **cfg},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", **layer}],
}).encode())
json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
    **man, "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}, open(f"{out}/index.json", "w"))
json.dump({"imageLayoutVersion": "1.0.0"}, open(f"{out}/oci-layout", "w"))
PYEOF
}
# Three distinct images, as on Docker Hub (tests that remove or prune one must not hit the others).
push_as() { # cmd-json ref...
  local cmd=$1; shift
  oci_layout "$WORK/oci" "$cmd"
  for ref in "$@"; do
    skopeo copy -q --format v2s2 --dest-tls-verify=false "oci:$WORK/oci:latest" "docker://$REG/library/$ref"
  done
}
push_as '["/bin/sh"]' alpine:3.10 alpine:latest
push_as '["sh"]' busybox:latest
push_as '["echo", "Hello from Docker!"]' hello-world:latest

# --- daemon ----------------------------------------------------------------------------
printf '{"registry-mirrors": ["http://%s"], "insecure-registries": ["%s"]}\n' "$REG" "$REG" >"$WORK/daemon.json"
start_daemon() {
  BUNKER_EXEC_ROOT=$WORK/run BUNKER_DATA_ROOT=$WORK/data BUNKER_CONFIG_FILE=$WORK/daemon.json \
    "$BUNKER" daemon >>"$WORK/daemon.log" 2>&1 &
  daemon_pid=$!; echo "$daemon_pid" >"$WORK/daemon.pid"
  for _ in $(seq 200); do
    kill -0 "$daemon_pid" 2>/dev/null || break
    [ -S "$SOCK" ] && curl -fsS --unix-socket "$SOCK" http://d/_ping >/dev/null 2>&1 && return; sleep 0.1; done
  echo "daemon did not start: $WORK/daemon.log" >&2; tail -3 "$WORK/daemon.log" >&2; exit 1
}
start_daemon

# --- tests -----------------------------------------------------------------------------
cp -a "$src/tests" "$src/pytest.ini" "$WORK/"
# Python 3.11 warns about distutils; docker-py's conftest turns warnings into errors.
sed -i "s/warnings.simplefilter('error')/warnings.simplefilter('default')/" "$WORK/tests/integration/conftest.py"
files=()
for f in "$WORK"/tests/integration/*_test.py; do
  b=$(basename "$f")
  case " $(echo $IGNORED) " in *" $b "*) continue;; esac
  [ -n "$filter" ] && [[ $b != *"$filter"* ]] && continue
  files+=("$b")
done
crashes=0
for b in "${files[@]}"; do
  echo "== $b $(date -u +%T)"
  # A private HOME; the context tests write contexts/ next to ~/.docker/config.json, or in the
  # working directory when there is none (removed above, they leave one behind).
  (cd "$WORK" && HOME=$WORK/home DOCKER_HOST="unix://$SOCK" timeout 3600 $PY -m pytest -q --timeout="$TIMEOUT" \
    -p no:cacheprovider "tests/integration/$b" -rfE --junitxml="$WORK/results/${b%.py}.xml" \
    >"$WORK/results/${b%.py}.log" 2>&1) || true
  { grep -E '^(=+ )?[0-9]+ (passed|failed|error|skipped).* in [0-9.]+s' "$WORK/results/${b%.py}.log" || tail -1 "$WORK/results/${b%.py}.log"; } | tail -1
  if ! kill -0 "$daemon_pid" 2>/dev/null; then
    echo "   daemon died during $b (see $WORK/daemon.log); restarting it"
    crashes=$((crashes + 1)); start_daemon
  fi
done

# --- summary ---------------------------------------------------------------------------
$PY - "$WORK/results" "$crashes" <<'PYEOF'
import glob, sys, xml.etree.ElementTree as ET
# One verdict per test: junit lists a test twice when it fails and its tearDown errors too.
verdict = {}
rank = {"passed": 0, "skipped": 1, "errors": 2, "failed": 3}
for x in sorted(glob.glob(sys.argv[1] + "/*.xml")):
    for case in ET.parse(x).getroot().iter("testcase"):
        kinds = {c.tag for c in case}
        v = ("failed" if "failure" in kinds else "errors" if "error" in kinds
             else "skipped" if "skipped" in kinds else "passed")
        key = (case.get("classname"), case.get("name"))
        if rank[v] >= rank[verdict.get(key, "passed")]: verdict[key] = v
t = {k: list(verdict.values()).count(k) for k in rank}
print(f"{t['passed']} passed, {t['failed']} failed, {t['skipped']} skipped, {t['errors']} errors"
      + (f" (daemon crashed {sys.argv[2]} times)" if sys.argv[2] != "0" else ""))
PYEOF

#!/usr/bin/env bash
# Run Bunker's whole test suite from a clean checkout: as root it first installs what the tests
# need from Debian; then the locked npm dependencies, the build, and `bun test`.
#   scripts/test.sh [bun test args...]      e.g. scripts/test.sh test/unit
#   scripts/test.sh --setup-only            install and build, run nothing
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup-lib.sh

# What the tests use: a C compiler for ffi/, newuidmap/newgidmap, a registry and busybox for
# image tests, util-linux's unshare as a reference, bash/zsh/fish to exercise the completions,
# tmux to drive the interactive `bunker setup`, systemd for systemd-socket-activate; openssh (sshd on a
# loopback port) and openssl (a test CA) for the remote-daemon tests; Debian's docker-compose (1.29,
# on docker-py) for bunker compose.
test_packages=(gcc libc6-dev libseccomp-dev uidmap busybox-static docker-registry util-linux curl zsh fish tmux systemd openssh-server openssh-client openssl docker-compose)
if is_root; then
  ensure_packages "${test_packages[@]}"
  # What udev does on a normal system (this one has none): let users open tun and fuse.
  for dev in /dev/net/tun /dev/fuse; do [ -e "$dev" ] && chmod 0666 "$dev"; done
else
  ensure_packages "${test_packages[@]}" || say "continuing: tests that need the missing packages will skip"
fi
ensure_build_tools
ensure_node
ensure_node_modules
BUN=$(bun_path)
"$BUN" scripts/build.ts >&2
[ "${1:-}" = "--setup-only" ] && exit 0
echo "running the suite as $(id -un) (uid $(id -u)) with Bun $("$BUN" --version)"
# Integration and e2e tests start daemons and containers: give each test a minute.
exec "$BUN" test --timeout 60000 "$@"

# Shared by install.sh, scripts/test.sh and .ci/run (sourced): find or install what Bunker needs.
# Functions print what they do on stderr and exit non-zero with a clear message when they cannot go on.

is_root() { [ "$(id -u)" = 0 ]; }
say() { echo "bunker-setup: $*" >&2; }

# ensure_packages PKG...: as root, apt-get install the missing ones; as a user, print the command.
# Returns 1 (as a user) when some are missing.
ensure_packages() {
  local missing=()
  for pkg in "$@"; do dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg"); done
  [ ${#missing[@]} = 0 ] && return 0
  if is_root; then
    say "installing Debian packages: ${missing[*]}"
    if [ -z "${BUNKER_APT_UPDATED:-}" ]; then apt-get update -qq >&2; export BUNKER_APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    say "missing Debian packages: ${missing[*]}"
    say "  install them with: sudo apt-get install ${missing[*]}"
    return 1
  fi
}

# bun_path: the Bun that package.json pins (node_modules), else one on PATH.
bun_path() {
  local b
  for b in node_modules/.bin/bun node_modules/bun/bin/bun.exe node_modules/@oven/bun-linux-x64/bin/bun node_modules/@oven/bun-linux-x64-baseline/bin/bun node_modules/@oven/bun-linux-aarch64/bin/bun; do
    if [ -x "$b" ] && "$b" --version >/dev/null 2>&1; then echo "$PWD/$b"; return 0; fi
  done
  command -v bun 2>/dev/null
}

# ensure_node_modules: install the locked dependencies (npm ci, or bun install where there is no npm),
# unless node_modules already matches package-lock.json.
ensure_node_modules() {
  if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ] && [ -n "$(bun_path)" ]; then
    return 0
  fi
  if command -v npm >/dev/null 2>&1; then
    say "installing the locked npm dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error >&2
  elif command -v bun >/dev/null 2>&1; then
    say "installing the dependencies with bun install"
    bun install >&2
  else
    say "neither npm nor bun is installed: install Node.js and npm (sudo apt-get install nodejs npm) or Bun"
    return 1
  fi
  [ -n "$(bun_path)" ] || { say "Bun did not install: node_modules/.bin/bun does not run"; return 1; }
}

# ensure_build_tools: a C compiler, libc headers and the static libseccomp, for the helper in ffi/.
ensure_build_tools() {
  if command -v cc >/dev/null 2>&1 && [ -f /usr/include/stdio.h ] && [ -f /usr/include/seccomp.h ]; then return 0; fi
  ensure_packages gcc libc6-dev libseccomp-dev || { say "a C compiler and libseccomp-dev are needed to build ffi/"; return 1; }
}

# ensure_node: npm (to fetch the pinned Bun), unless a Bun is already there.
ensure_node() {
  command -v npm >/dev/null 2>&1 || [ -n "$(bun_path)" ] && return 0
  ensure_packages nodejs npm
}

#!/usr/bin/env bash
# Install Bunker from this checkout: what it needs from Debian (as root), the locked npm
# dependencies (Bun itself among them), the build, and the binary plus shell completions.
#   ./install.sh                  root: /usr/local/bin/bunker; a user: ~/.local/bin/bunker
#   PREFIX=/opt/bunker ./install.sh
# Safe to run again: it only does what is missing or out of date.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/setup-lib.sh

if is_root; then
  PREFIX=${PREFIX:-/usr/local}
  bash_dir=$PREFIX/share/bash-completion/completions
  zsh_dir=$PREFIX/share/zsh/site-functions
  fish_dir=$PREFIX/share/fish/vendor_completions.d
else
  PREFIX=${PREFIX:-$HOME/.local}
  bash_dir=${XDG_DATA_HOME:-$HOME/.local/share}/bash-completion/completions
  zsh_dir=${XDG_DATA_HOME:-$HOME/.local/share}/zsh/site-functions
  fish_dir=${XDG_CONFIG_HOME:-$HOME/.config}/fish/completions
  [ "$PREFIX" = "$HOME/.local" ] || { bash_dir=$PREFIX/share/bash-completion/completions; zsh_dir=$PREFIX/share/zsh/site-functions; fish_dir=$PREFIX/share/fish/vendor_completions.d; }
fi

# Build needs: a C compiler, and npm to fetch the pinned Bun. Running rootless needs newuidmap.
ensure_build_tools
ensure_node
ensure_packages uidmap || say "rootless containers will map a single id until uidmap is installed"
ensure_node_modules
BUN=$(bun_path)
"$BUN" scripts/build.ts >&2

install -d "$PREFIX/bin" "$bash_dir" "$zsh_dir" "$fish_dir"
install -m 0755 dist/bunker "$PREFIX/bin/bunker.new" && mv -f "$PREFIX/bin/bunker.new" "$PREFIX/bin/bunker"
install -m 0644 completions/bunker.bash "$bash_dir/bunker"
install -m 0644 completions/_bunker "$zsh_dir/_bunker"
install -m 0644 completions/bunker.fish "$fish_dir/bunker.fish"
echo "installed $PREFIX/bin/bunker ($("$PREFIX/bin/bunker" -v))"
echo "completions: $bash_dir/bunker, $zsh_dir/_bunker, $fish_dir/bunker.fish"

if ! is_root; then
  user=$(id -un)
  grep -q "^\($user\|$(id -u)\):" /etc/subuid 2>/dev/null || echo "note: no subordinate uids for $user; run: sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 $user"
fi
case ":$PATH:" in
  *":$PREFIX/bin:"*) ;;
  *) echo "note: $PREFIX/bin is not on your PATH; add it: export PATH=\"$PREFIX/bin:\$PATH\"";;
esac
if is_root; then socket=/run/bunker.sock; else socket=${XDG_RUNTIME_DIR:-/tmp/bunker-$(id -u)}/bunker.sock; fi
echo "point the docker CLI at Bunker with: export DOCKER_HOST=unix://$socket"

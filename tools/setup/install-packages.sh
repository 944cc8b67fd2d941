#!/usr/bin/env bash
# Installs Debian/Ubuntu packages as root, or through passwordless sudo (the dev container's `vscode` user);
# otherwise says which packages it skipped and why. Usage: bash tools/setup/install-packages.sh <package>...
set -euo pipefail
[ $# -gt 0 ] || exit 0
if [ "$(id -u)" = 0 ]; then
  run=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  run=(sudo -n)
else
  echo "Not root and no passwordless sudo: skipping the packages $*. Install them yourself for the full setup." >&2
  exit 0
fi
"${run[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq "$@" >/dev/null
echo "installed: $*"

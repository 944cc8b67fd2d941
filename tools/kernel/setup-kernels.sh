#!/usr/bin/env bash
# Sets up the real .NET Interactive kernels students use, so that the course's Plotly.NET charts work in them.
#
# Both `dotnet-interactive` (what VS Code Polyglot Notebooks and Jupyter run) and `dotnet-repl` (a headless runner)
# ship FSharp.Core 10.0, but Plotly.NET 6 needs FSharp.Core 10.1: without this step any chart fails with
# "Could not load file or assembly FSharp.Core, Version=10.1.0.0". The fix is to give each tool the FSharp.Core
# 10.1.403 that the course library itself uses (a newer FSharp.Core is backward compatible with 10.0).
# The original file is kept next to it as FSharp.Core.dll.orig. Idempotent: safe to run again.
#
# Three copies of the kernel are patched: the global dotnet-interactive tool (Jupyter's .NET kernel runs it), the
# global dotnet-repl tool, and dotnet-interactive in the NuGet folder, which is where VS Code's Polyglot Notebooks
# extension runs it from (it installs the tool as a local tool; this script restores that copy ahead of it).
#
# Usage: bash tools/kernel/setup-kernels.sh [--jupyter]    (--jupyter also registers the .NET kernels with Jupyter)
set -euo pipefail
cd "$(dirname "$0")/../.."

interactive_version=1.0.712001   # the last release; .NET Interactive is no longer maintained upstream
repl_version=0.3.259
fsharp_core_version=10.1.403
tools_dir="${DOTNET_TOOLS_DIR:-$HOME/.dotnet/tools}"
export PATH="$tools_dir:$PATH"

install_tool() { # package version
  if dotnet tool list -g | awk '{print tolower($1), $2}' | grep -qx "$(echo "$1" | tr 'A-Z' 'a-z') $2"; then
    echo "$1 $2 already installed"
  else
    dotnet tool update -g "$1" --version "$2" >/dev/null 2>&1 || dotnet tool install -g "$1" --version "$2"
    echo "installed $1 $2"
  fi
}
install_tool Microsoft.dotnet-interactive "$interactive_version"
install_tool dotnet-repl "$repl_version"

# The FSharp.Core the library restores (dotnet restore puts it in the NuGet cache).
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
new_core="$packages/fsharp.core/$fsharp_core_version/lib/netstandard2.1/FSharp.Core.dll"
if [ ! -f "$new_core" ]; then
  dotnet restore lib/AttentionCourse/AttentionCourse.csproj >/dev/null
fi
if [ ! -f "$new_core" ]; then
  echo "FSharp.Core $fsharp_core_version not found at $new_core after restoring the library." >&2
  exit 1
fi

# VS Code's copy: restore dotnet-interactive as a local tool once, so that it sits in the NuGet folder, patched,
# before the extension asks for it (the extension then finds the package already there).
manifest_dir="$(mktemp -d)"
trap 'rm -rf "$manifest_dir"' EXIT
(cd "$manifest_dir" && dotnet new tool-manifest >/dev/null &&
  dotnet tool install --local Microsoft.dotnet-interactive --version "$interactive_version" >/dev/null) ||
  echo "warning: could not restore dotnet-interactive $interactive_version into $packages (VS Code's copy)" >&2

patched=0
while IFS= read -r core; do
  if cmp -s "$core" "$new_core"; then continue; fi
  [ -f "$core.orig" ] || cp "$core" "$core.orig"
  cp "$new_core" "$core"
  patched=$((patched + 1))
  echo "FSharp.Core $fsharp_core_version -> $core"
done < <(find "$tools_dir/.store/microsoft.dotnet-interactive" "$tools_dir/.store/dotnet-repl" "$packages/microsoft.dotnet-interactive" \
  -name FSharp.Core.dll -path '*/tools/*' 2>/dev/null)
echo "kernels ready ($patched FSharp.Core files replaced)"

if [ "${1:-}" = "--jupyter" ]; then
  dotnet interactive jupyter install
fi

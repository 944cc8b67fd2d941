#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine with the .NET 10 SDK.
# Idempotent: safe to run again (the dev container's post-create step runs it too).
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the offline-rendering test opens the runner's HTML in headless Chromium.
# libopenblas0-pthread: native matrix products (MatrixMath falls back to managed code without it).
# jupyter-nbconvert, jupyter-client, python3-nbclient: a real Jupyter client, to run every lesson on the real
# .NET Interactive kernel (the one VS Code's Polyglot Notebooks and Jupyter use).
apt_packages=(chromium libopenblas0-pthread jupyter-nbconvert jupyter-client python3-nbclient)
if [ "$(id -u)" = 0 ]; then sudo=(); elif sudo -n true 2>/dev/null; then sudo=(sudo -n); else sudo=(none); fi
if [ "${sudo[0]:-}" = none ]; then
  echo "Not root and no passwordless sudo: skipping the Debian packages ${apt_packages[*]}." >&2
else
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

dotnet restore AttentionCourse.sln

# The real kernels (dotnet-interactive, dotnet-repl) with the FSharp.Core Plotly.NET needs, registered with Jupyter.
if command -v jupyter >/dev/null; then
  bash tools/kernel/setup-kernels.sh --jupyter
else
  bash tools/kernel/setup-kernels.sh
fi

#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine with the .NET 10 SDK. Idempotent: safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the offline-rendering tests open the runner's HTML in headless Chromium.
# libopenblas0-pthread: the opt-in native products; LessonBackendTests checks every lesson through its kernels.
# jupyter-nbconvert, jupyter-client, python3-nbclient: a real Jupyter client, to run every lesson on the real
# .NET Interactive kernel (the one VS Code's Polyglot Notebooks and Jupyter use).
bash tools/setup/install-packages.sh chromium libopenblas0-pthread jupyter-nbconvert jupyter-client python3-nbclient

dotnet restore AttentionCourse.sln

# The real kernels (dotnet-interactive, dotnet-repl) with the FSharp.Core Plotly.NET needs, registered with Jupyter.
if command -v jupyter >/dev/null; then
  bash tools/kernel/setup-kernels.sh --jupyter
else
  bash tools/kernel/setup-kernels.sh
fi

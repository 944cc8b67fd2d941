#!/usr/bin/env bash
# The dev container's post-create step (also runnable on any Debian or Ubuntu machine with the .NET 10 SDK):
# installs the system packages the course uses, restores and builds, sets up the real notebook kernel with the
# FSharp.Core its charts need, and ends with `course doctor`, which fails this step if anything is still wrong.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1

echo "== system packages (OpenBLAS for fast matrix products; a Jupyter client for the Jupyter route)"
bash tools/setup/install-packages.sh libopenblas0-pthread jupyter-nbconvert jupyter-client python3-nbclient

echo "== restore and build"
dotnet restore AttentionCourse.sln
dotnet build AttentionCourse.sln --no-restore -v quiet -nologo

echo "== the real notebook kernel"
if command -v jupyter >/dev/null; then
  bash tools/kernel/setup-kernels.sh --jupyter
else
  bash tools/kernel/setup-kernels.sh
fi

echo "== course doctor"
dotnet run --project tools/course --no-build -- doctor

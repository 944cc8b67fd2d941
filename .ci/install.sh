#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine with the .NET 10 SDK.
# Idempotent: safe to run again (the dev container's post-create step runs it too).
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the offline-rendering test opens the runner's HTML in headless Chromium.
# libopenblas0-pthread: native matrix products (MatrixMath falls back to managed code without it).
apt_packages=(chromium libopenblas0-pthread)
if [ ${#apt_packages[@]} -gt 0 ] && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}"
fi

dotnet restore AttentionCourse.sln

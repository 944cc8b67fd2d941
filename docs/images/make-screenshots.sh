#!/usr/bin/env bash
# Regenerates the README's screenshots from freshly executed lessons: `course run` executes them headlessly,
# `course screenshot` renders chosen cells of the offline HTML in headless Chromium. Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build tools/course -v quiet -nologo
course() { dotnet run --project tools/course --no-build -- "$@"; }
course run 04-machine-translation 05-self-attention
course screenshot 04-machine-translation --cells 9 --output docs/images/translation-alignment.png --width 1000 --height 900
course screenshot 05-self-attention --cells 15 --output docs/images/self-attention-heads.png --width 1000 --height 570

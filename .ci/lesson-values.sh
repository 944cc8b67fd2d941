#!/usr/bin/env bash
# Usage: lesson-values.sh RESULTS_DIR
# Prints, from the TRX files' test output, the lines where the notebook tests report a lesson's asserted number
# and the backend it was computed with ("managed (default) 02-how-attention-works longAccuracyWith 0.97 ...").
set -uo pipefail
shopt -s nullglob globstar
files=("$1"/**/*.trx)
[ ${#files[@]} -eq 0 ] && exit 0
echo "Lesson numbers by matrix-product backend:"
python3 - "${files[@]}" <<'PY'
import html, re, sys
lines = set()
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    for block in re.findall(r"<StdOut>(.*?)</StdOut>", text, re.S):
        for line in html.unescape(block).splitlines():
            if "expected [" in line:
                lines.add(line.strip())
for line in sorted(lines):
    print("  " + line)
PY

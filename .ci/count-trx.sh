#!/usr/bin/env bash
# Usage: count-trx.sh RESULTS_DIR TEST_EXIT_CODE
# Sums the <Counters> of every TRX file under RESULTS_DIR, prints "N passed, N failed, N skipped"
# alone on the last line, and exits non-zero on any failure (or when no test ran).
set -uo pipefail
dir=$1 status=$2
passed=0 failed=0 skipped=0
shopt -s nullglob globstar
files=("$dir"/**/*.trx)
for f in "${files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ ${#files[@]} -eq 0 ]; then
  echo "no TRX file was written: the build or the test host failed" >&2
  failed=$((failed + 1))
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$failed" -ne 0 ] || [ "$status" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
exit 0

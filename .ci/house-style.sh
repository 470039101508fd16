#!/usr/bin/env bash
# House style (DESIGN.md, rule 11): no file in src/ over 400 lines, unit-test files (`tests.rs`,
# `*_tests.rs`) aside. Function length is clippy's `too_many_lines` (threshold in clippy.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
while IFS= read -r f; do
  n=$(wc -l <"$f")
  if [ "$n" -gt 400 ]; then
    echo "$f: $n lines; split it by concern (the limit is 400)"
    status=1
  fi
done < <(find src -name '*.rs' ! -name tests.rs ! -name '*_tests.rs' | sort)
exit "$status"

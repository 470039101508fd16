#!/usr/bin/env bash
# Self-test of the outside checkers: run.sh on selftest/bad-dist (a site with known defects)
# must fail every check and name each defect, and must not flag the slide that fits.
#   bash tests/outside/selftest.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT

rc=0
OUTSIDE_SKIP_INSTALL="${OUTSIDE_SKIP_INSTALL:-1}" bash "$HERE/run.sh" "$HERE/selftest/bad-dist" >"$OUT" 2>&1 || rc=$?

fail=0
expect() {
  if grep -qF -- "$1" "$OUT"; then echo "ok    $2"; else echo "MISSING $2: expected \"$1\""; fail=1; fi
}
reject() {
  if grep -qF -- "$1" "$OUT"; then echo "WRONG $2: found \"$1\""; fail=1; else echo "ok    $2"; fi
}
[ "$rc" != 0 ] && echo "ok    run.sh exits non-zero ($rc)" || { echo "WRONG run.sh exited 0"; fail=1; }
expect "0 passed, 5 failed" "every check fails"
expect "Stray end tag" "vnu: HTML error"
expect "image-alt" "axe: image without alt"
expect "color-contrast" "axe: low contrast"
expect "assets/nothing.png" "lychee/links: missing image"
expect "script[src] \"assets/missing.js\"" "links: missing script (lychee 0.24 skips <script src>)"
expect "no id \"no-such-slide\" in xx/index.html" "links: broken fragment"
expect "root-absolute path" "links: root-absolute URL"
expect "OVERFLOW xx/index.html#too-tall" "overflow: too tall"
expect "OVERFLOW xx/index.html#wide-code" "overflow: wide code block"
expect "OVERFLOW xx/index.html#off-right" "overflow: element outside the frame"
reject "OVERFLOW xx/index.html#fits" "overflow: a fitting slide passes"
if [ "$fail" != 0 ]; then
  echo "--- run.sh output"
  cat "$OUT"
  echo "selftest FAILED"
  exit 1
fi
echo "selftest passed"

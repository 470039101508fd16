# Shared set-up of the browser test scripts (sourced, not run). The caller sets HERE, ROOT and
# SUITE (a name for messages). Provides: skip, the tool checks, BIN (the kumo-deck binary) and
# the pinned npm install; leaves the shell in $HERE.
export CHROME="${CHROME:-/usr/bin/chromium}"

skip() {
  echo "=================================================================="
  echo "SKIPPED: $SUITE: $1"
  echo "=================================================================="
  if [ "${KUMO_REQUIRE_BROWSER:-0}" = 1 ]; then
    echo "KUMO_REQUIRE_BROWSER=1: a skip is a failure"
    echo "0 passed, 1 failed"
    exit 1
  fi
  echo "0 passed, 0 failed"
  exit 0
}

require_tools() {
  command -v node >/dev/null 2>&1 || skip "node not found (Node 20+ needed)"
  command -v npm >/dev/null 2>&1 || skip "npm not found"
  [ -x "$CHROME" ] || skip "Chromium not found at $CHROME (install chromium or set CHROME)"
}

# The newest kumo-deck of target/release and target/debug, or $KUMO_DECK.
find_binary() {
  BIN="${KUMO_DECK:-}"
  if [ -z "$BIN" ]; then
    for b in "$ROOT/target/release/kumo-deck" "$ROOT/target/debug/kumo-deck"; do
      if [ -x "$b" ] && { [ -z "$BIN" ] || [ "$b" -nt "$BIN" ]; }; then BIN="$b"; fi
    done
  fi
  if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
    echo "$SUITE: no kumo-deck binary (cargo build, or set KUMO_DECK)" >&2
    echo "0 passed, 1 failed"
    exit 2
  fi
}

npm_install() {
  cd "$HERE"
  if [ "${BROWSER_SKIP_INSTALL:-0}" != 1 ] || [ ! -d node_modules/playwright-core ]; then
    echo "== install: npm ci (package-lock.json, no install scripts, no browser download)"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  fi
}

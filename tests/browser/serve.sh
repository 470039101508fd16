#!/usr/bin/env bash
# `kumo-deck serve` in headless Chromium (issue 5).
#
#   bash tests/browser/serve.sh
#
# Copies tests/fixtures/serve-basic (plus a long slide for the document view) into a scratch
# folder, and runs serve.js, which starts `kumo-deck serve --port 0` on it, edits files while a
# page is open, and checks: the reload keeps the slide, a CSS-only change swaps the stylesheet
# without a reload, a build error overlay shows the message as text and clears on the fix, the
# document view keeps its scroll position, Ctrl+C stops the server, and an open page reloads
# by itself once the server is back.
# The last line is "N passed, M failed"; the exit status is 0 only if nothing failed.
#
# Environment: CHROME (default /usr/bin/chromium), KUMO_DECK (the kumo-deck binary; default
# the newest of target/release and target/debug), BROWSER_SKIP_INSTALL=1 (reuse node_modules),
# KUMO_REQUIRE_BROWSER=1 (a missing Chromium or Node fails instead of skipping).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SUITE="serve browser tests (tests/browser/serve.sh)"
. "$HERE/common.sh"
require_tools
find_binary
npm_install

TMP="$(mktemp -d "${TMPDIR:-/tmp}/kumo-serve-browser.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
cp -R "$ROOT/tests/fixtures/serve-basic" "$TMP/project"
for lang in ja en; do
  {
    echo "## Long {#long}"
    echo
    echo "LONG-$(echo "$lang" | tr a-z A-Z)"
    echo
    for i in $(seq 1 120); do echo "Paragraph $i of a slide long enough to scroll the document view."; echo; done
  } > "$TMP/project/content/$lang/03-long.md"
done

echo "== serve: $BIN, $("$CHROME" --version 2>/dev/null | head -1)"
node "$HERE/serve.js" "$BIN" "$TMP/project"

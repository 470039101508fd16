#!/usr/bin/env bash
# Presenting features of the default theme in headless Chromium (issue 9).
#
#   bash tests/browser/run.sh DIST        DIST: a built site (e.g. dist/ after `kumo-deck build`)
#
# Runs presenting.js against DIST (file:// URLs, no server) and against tests/fixtures/basic
# built into a temporary folder with a `.steps` slide added to both languages. Checks: notes
# absent from the audience pages' HTML, presenter <-> audience sync (BroadcastChannel and the
# localStorage fallback), `l` keeps the slide id, `p` opens the presenter, step-by-step lists
# advance and print (and no-JS) show every item, help overlay, go to slide by number; then
# viewer.js on DIST and tests/fixtures/brand: window fill, fading controls, keyboard with the
# controls hidden, slide numbers, per-slide fit, the phone view and the brand settings; then
# figures.js on DIST: figure labels >= 18 px with room in their boxes, foot lines, formulas.
# The last line is "N passed, M failed"; the exit status is 0 only if nothing failed.
#
# Environment: CHROME (default /usr/bin/chromium), KUMO_DECK (the kumo-deck binary; default
# the newest of target/release and target/debug), BROWSER_SKIP_INSTALL=1 (reuse node_modules),
# KUMO_REQUIRE_BROWSER=1 (a missing Chromium or Node fails instead of skipping).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DIST="${1:-$ROOT/dist}"
SUITE="browser tests (tests/browser)"
. "$HERE/common.sh"

if [ ! -d "$DIST" ] || [ ! -f "$DIST/index.html" ]; then
  echo "run.sh: not a built site: $DIST (build first: cargo run -- build)" >&2
  echo "0 passed, 1 failed"
  exit 2
fi
DIST="$(cd "$DIST" && pwd)"

require_tools
find_binary
npm_install

# ---------------------------------------------------------------- fixture with .steps
TMP="$(mktemp -d "${TMPDIR:-/tmp}/kumo-browser.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
cp -R "$ROOT/tests/fixtures/basic" "$TMP/project"
cat > "$TMP/project/content/en/03-steps.md" <<'EOF'
## Step by step {#steps .steps}

- First step
- Second step
  - A nested detail
- Third step

Closing line of the slide.

```notes
Steps note: reveal one item at a time
```

---

## After the steps {#after-steps}

Done.
EOF
cat > "$TMP/project/content/ja/03-steps.md" <<'EOF'
## 順番に表示 {#steps .steps}

- 最初の項目
- 二番目の項目
  - 入れ子の説明
- 三番目の項目

スライドの最後の行。

```notes
段階表示のメモ: 一項目ずつ見せる
```

---

## 段階表示のあと {#after-steps}

以上です。
EOF
echo "== fixture: $BIN --root $TMP/project build"
if ! "$BIN" --root "$TMP/project" build >"$TMP/build.log" 2>&1; then
  cat "$TMP/build.log"
  echo "run.sh: the fixture with a .steps slide did not build"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== fixture: $BIN --root tests/fixtures/brand build --out $TMP/brand"
if ! "$BIN" --root "$ROOT/tests/fixtures/brand" build --out "$TMP/brand" >"$TMP/build.log" 2>&1; then
  cat "$TMP/build.log"
  echo "run.sh: the brand fixture did not build"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== versions: playwright-core $(node -p 'require("playwright-core/package.json").version')," \
  "$("$CHROME" --version 2>/dev/null | head -1)"
echo "== dist: $DIST"
# Both suites run; the last line adds up their counts.
status=0
node "$HERE/presenting.js" "$DIST" "$TMP/project/dist" | tee "$TMP/presenting.log" || status=1
node "$HERE/viewer.js" "$DIST" "$TMP/brand" | tee "$TMP/viewer.log" || status=1
node "$HERE/figures.js" "$DIST" | tee "$TMP/figures.log" || status=1
tail -qn1 "$TMP/presenting.log" "$TMP/viewer.log" "$TMP/figures.log" \
  | awk '{ p += $1; f += $3 } END { printf "browser tests: %d passed, %d failed\n", p, f }'
exit $status

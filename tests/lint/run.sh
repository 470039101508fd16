#!/usr/bin/env bash
# Lint the default theme's script modules with the pinned eslint (package-lock.json).
#   bash tests/lint/run.sh          exit status 0 only when eslint reports nothing
# LINT_SKIP_INSTALL=1 reuses node_modules.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$HERE"
if [ "${LINT_SKIP_INSTALL:-0}" != 1 ] || [ ! -x node_modules/.bin/eslint ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
echo "== eslint $(node_modules/.bin/eslint --version) on themes/default/js/"
# from the project folder: with --config, eslint resolves the config's `files` against the cwd
cd "$ROOT"
"$HERE/node_modules/.bin/eslint" --max-warnings 0 --config "$HERE/eslint.config.js" themes/default/js
echo "== eslint: no findings"

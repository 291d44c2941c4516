#!/usr/bin/env bash
# Merge conflict markers left in any tracked file (docs and templates included, which the linter does not parse).
set -euo pipefail
cd "$(dirname "$0")/.."
if git grep -nE '^(<{7}|>{7})( |$)|^={7}$' -- . ':!package-lock.json'; then
  echo "conflict markers found in the files above: resolve the merge" >&2
  exit 1
fi

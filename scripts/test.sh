#!/usr/bin/env bash
# The whole test suite: lint, then pytest (unit, property, API, browser, PostgreSQL, Spark).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
bash scripts/system-deps.sh

echo "== lint"
$BIN/ruff check src tests bench
$BIN/mypy
$BIN/lint-imports

# A throw-away PostgreSQL server on loopback, so store tests run against the real thing.
cleanup() { :; }
if [ -z "${SPECIOSA_TEST_POSTGRES_URL:-}" ] && [ -f scripts/postgres-test-server.sh ]; then
  # shellcheck source=/dev/null
  source scripts/postgres-test-server.sh
fi
trap cleanup EXIT

echo "== pytest"
$BIN/python -m pytest -n 2 --dist loadgroup -q "$@"

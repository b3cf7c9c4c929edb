#!/usr/bin/env bash
# Runs every bench/bench_*.py; each prints its figures against its target.
set -euo pipefail
cd "$(dirname "$0")/.."
for script in bench/bench_*.py; do
  echo "== $script"
  .venv/bin/python "$script"
done

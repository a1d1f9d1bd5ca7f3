#!/usr/bin/env bash
# One command for the benchmark. bench/run.mjs installs bench/'s npm dependencies itself when they
# are missing or out of date (npm ci from package-lock.json), then runs.
#   bench/run.sh [--sizes sample,10k,50k,100k] [--engines ...] [--quick] ...
#   bench/run.sh relevance [--engines ...]    # bench/relevance.mjs instead
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."
if [ "${1:-}" = "relevance" ]; then
  shift
  exec node bench/relevance.mjs "$@"
fi
exec node bench/run.mjs "$@"

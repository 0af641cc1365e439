#!/bin/sh
# Runs `specops backtest` on every shared trace and prints one table (and a chart per trace).
# Usage: scripts/bench-backtest.sh [TRACE_DIR] [BLUEPRINT]
set -eu
cd "$(dirname "$0")/.."
traces="${1:-../shared/traces}"
blueprint="${2:-bench/backtest-blueprint.yaml}"
mkdir -p target/bench
first=1
for trace in "$traces"/*.csv; do
  name=$(basename "$trace" .csv)
  out=$(./specops backtest --blueprint "$blueprint" --trace "$trace" --chart "target/bench/$name.png")
  if [ $first = 1 ]; then
    echo "$out" | sed -n 2p
    first=0
  fi
  echo "$out" | sed -n '3,$p' | grep -v '^chart:'
done
echo "charts: target/bench/*.png; goal: specops viol/hpa <= 0.5 with repl/hpa <= 1.0, and repl/oracle <= 1.15"

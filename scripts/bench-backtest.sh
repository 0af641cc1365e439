#!/bin/sh
# Runs `specops backtest` on every shared trace: one table of SpecOps, the HPA, the oracle and the
# clairvoyant (the oracle under the blueprint's ceiling and scale-down window),
# the SPEC elasticity metrics and forecast accuracy, and the frontier (--sweep) with its chart.
# Usage: scripts/bench-backtest.sh [TRACE_DIR] [BLUEPRINT]
set -eu
cd "$(dirname "$0")/.."
traces="${1:-bench/traces}"
blueprint="${2:-bench/backtest-blueprint.yaml}"
mkdir -p target/bench
first=1
elasticity=
for trace in "$traces"/*.csv; do
  name=$(basename "$trace" .csv)
  out=$(./specops backtest --blueprint "$blueprint" --trace "$trace" \
    --policies specops,hpa,oracle,clairvoyant --chart "target/bench/$name.png")
  if [ $first = 1 ]; then
    echo "$out" | sed -n 2p
  fi
  echo "$out" | sed -n '3,6p'
  if [ $first = 1 ]; then
    elasticity=$(echo "$out" | sed -n 8p)
  fi
  elasticity="$elasticity
$(echo "$out" | sed -n '9,12p')"
  first=0
done
echo
echo "$elasticity"
for trace in "$traces"/*.csv; do
  name=$(basename "$trace" .csv)
  echo
  ./specops backtest --blueprint "$blueprint" --trace "$trace" --sweep --chart "target/bench/frontier-$name.png"
done
echo
echo "charts: target/bench/*.png; goal: specops viol/hpa <= 0.5 and repl/hpa <= 0.85, repl/oracle <= 1.25, events <= hpa's"

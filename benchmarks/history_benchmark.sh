#!/usr/bin/env bash
# The speed of learning from a history (docs/history.md, "Speed"): the one-way treaty model
# with its history, 2000 posterior draws, with exact likelihoods and with Monte Carlo ones, at the
# model's horizon and past it. Prints each run's wall time and where it went (run.json's
# "seconds": the figures before the history, the posterior, the figures given it), and the
# effective posterior draws. A benchmark to read, not a test: nothing here fails on time.
#
# Usage: benchmarks/history_benchmark.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
brink="${1:-build}/brink"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The one-way treaty model: run --history (Monte Carlo likelihoods) needs a version-1 model.
model=examples/one-way/russia_dprk_treaty.yaml
history=examples/one-way/russia_dprk_treaty.history.yaml
printf '%-34s %8s %8s %10s %8s %10s\n' "command" "wall s" "before" "posterior" "given" "effective"
run() {
  local name="$1" command="$2"
  shift 2
  "$brink" "$command" "$model" --history "$history" "$@" -q --out "$out/run"
  python3 - "$name" "$out/run/run.json" <<'PY'
import json, sys
name, path = sys.argv[1], sys.argv[2]
r = json.load(open(path))
s = r["seconds"]
print("%-34s %8.2f %8.2f %10.2f %8.2f %10.0f" % (name, r["wall_seconds"], s["before"],
      s["posterior"], s["given"], r["effective_draws"]))
PY
}
run "exact (exact likelihoods)" exact
run "exact --set horizon=42" exact --set horizon=42
run "run (Monte Carlo likelihoods)" run
run "run --set horizon=42" run --set horizon=42

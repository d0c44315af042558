#!/usr/bin/env bash
# brink on aarch64: builds it with Debian's cross compiler, runs its SIMD and engine agreement
# tests under qemu-user (NEON and scalar kernels against the reference engine, on the shipped
# models and 40 generated ones), and checks that its output files are byte-identical to this
# machine's for every shipped model (plain, with draws, and conditional), for the NEON,
# scalar and reference engines, for learning from a history (run and exact --history), for
# models whose events end (run and exact), and for a model with quantities. The checks run two
# at a time.
#
# usage: scripts/cross-test.sh NATIVE_BUILD_DIR CROSS_BUILD_DIR [WERROR]
#
# qemu-user 7.2 hangs when a dynamically linked guest program starts a thread, so everything
# here runs on one thread (brink's results do not depend on the thread count; the native
# tests check that).
set -euo pipefail
native=$1
cross=$2
werror=${3:-OFF}
cd "$(dirname "$0")/.."

cmake -S . -B "$cross" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBRINK_WERROR="$werror" -DBRINK_PYTHON=OFF \
  -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake -DBRINK_MPI=OFF -DCMAKE_UNITY_BUILD=ON >/dev/null
cmake --build "$cross" --target brink brink_tests
qemu=(qemu-aarch64 -L /usr/aarch64-linux-gnu)

# Each check below is a job in its own folder, two at a time: qemu-user runs one thread, so
# two jobs keep both of CI's cores busy. A job writes "same NAME" or "DIFFERENT: NAME" for each
# comparison to its folder's `tally`, and `done` when it finished.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
jobs_started=0
spawn() {  # spawn FUNCTION ARGS...: runs it as a job, in $dir
  jobs_started=$((jobs_started + 1))
  while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n || true; done
  (
    dir="$scratch/$jobs_started"
    mkdir -p "$dir/native" "$dir/cross"
    : > "$dir/tally"
    "$@"
    touch "$dir/done"
  ) &
}
tally() {  # tally NAME FILES...: NAME is identical when every file matches byte for byte
  local name=$1 file same=1
  shift
  for file in "$@"; do
    cmp -s "$dir/native/$file" "$dir/cross/$file" || same=0
  done
  if [ $same = 1 ]; then
    echo "same $name" >> "$dir/tally"
  else
    echo "DIFFERENT: $name" >> "$dir/tally"
  fi
}
engine_tests() {
  echo "aarch64: brink_tests [simd],[cross] under qemu-user"
  "${qemu[@]}" "$cross/tests/brink_tests" "[simd],[cross]" > "$dir/engine_tests.log" 2>&1 ||
    { cat "$dir/engine_tests.log"; return 1; }
  tail -2 "$dir/engine_tests.log"
}
spawn engine_tests
compare() {  # compare NAME ARGS...: the native fast engine against aarch64's engines
  local name=$1
  shift
  "$native/brink" run "$@" --threads 2 -q --out "$dir/native" >/dev/null
  local engine
  for engine in "--simd neon" "--simd scalar" "--engine reference"; do
    # shellcheck disable=SC2086
    "${qemu[@]}" "$cross/brink" run "$@" $engine --threads 1 -q --out "$dir/cross" >/dev/null
    tally "$name ($engine)" summary.csv timeline.csv draws.csv distribution.csv
  done
}
for model in models/*.yaml; do
  case "$model" in *.history.yaml) continue ;; esac  # a history, not a model
  first=$("$native/brink" validate "$model" | sed -n 's/^  1\. \([^ ]*\) .*/\1/p')
  spawn compare "$model" "$model" --trials 5000 --draws 1 --seed 3
  spawn compare "$model with draws" "$model" --trials 2000 --draws 6 --seed 4
  spawn compare "$model --given 'not $first'" "$model" --trials 3000 --draws 1 --seed 5 \
    --given "not $first"
done
# Learning from a history: the posterior's parameter values at their normal scores (portable
# quantiles), its sampler, and the figures before and given the history, with Monte Carlo and
# exact likelihoods.
history_compare() {  # history_compare COMMAND MODEL HISTORY ARGS...
  local command=$1 model=$2 history=$3
  shift 3
  "$native/brink" "$command" "$model" --history "$history" "$@" --threads 2 -q \
    --out "$dir/native" >/dev/null
  "${qemu[@]}" "$cross/brink" "$command" "$model" --history "$history" "$@" --threads 1 -q \
    --out "$dir/cross" >/dev/null
  tally "$command $model --history $history $*" summary.csv timeline.csv draws.csv \
    posterior.csv correlations.csv scores.csv
}
spawn history_compare run examples/one-way/russia_dprk_treaty.yaml examples/one-way/russia_dprk_treaty.history.yaml \
  --draws 100 --trials 50 --seed 3
spawn history_compare exact examples/history/border.yaml examples/history/border.history.yaml \
  --draws 300 --seed 4
spawn history_compare run examples/history/border.yaml examples/history/border.history.yaml \
  --draws 200 --trials 100 --seed 5
# Events that end (version 2 of the language): the fast (NEON) and exact engines, and their
# occurrences.csv.
episodes_compare() {  # episodes_compare COMMAND MODEL
  # shellcheck disable=SC2086
  "$native/brink" $1 "$2" --threads 2 -q --out "$dir/native" >/dev/null
  # shellcheck disable=SC2086
  "${qemu[@]}" "$cross/brink" $1 "$2" --threads 1 -q --out "$dir/cross" >/dev/null
  tally "$1 $2" summary.csv timeline.csv draws.csv distribution.csv occurrences.csv
}
for episodes in examples/episodes/*.yaml; do
  case "$episodes" in *.history.yaml) continue ;; esac  # a history, not a model
  for command in "run --trials 20000" exact; do
    spawn episodes_compare "$command" "$episodes"
  done
done
episodes_history() {
  "$native/brink" exact examples/episodes/ceasefire.yaml \
    --history examples/episodes/ceasefire.history.yaml --threads 2 -q --out "$dir/native" \
    >/dev/null
  "${qemu[@]}" "$cross/brink" exact examples/episodes/ceasefire.yaml \
    --history examples/episodes/ceasefire.history.yaml --threads 1 -q --out "$dir/cross" \
    >/dev/null
  tally "exact examples/episodes/ceasefire.yaml --history" summary.csv timeline.csv \
    occurrences.csv scores.csv prior_summary.csv
}
spawn episodes_history
quantities_compare() {  # a model with quantities, with draws (uncertain amounts)
  local args=(run examples/quantities/arms_for_energy.yaml --trials 3000 --draws 5 --seed 6)
  "$native/brink" "${args[@]}" --threads 2 -q --out "$dir/native" >/dev/null
  "${qemu[@]}" "$cross/brink" "${args[@]}" --threads 1 -q --out "$dir/cross" >/dev/null
  tally "${args[*]}" summary.csv quantities.csv exceedance.csv quantity_timeline.csv
}
spawn quantities_compare
wait
unfinished=0
for ((j = 1; j <= jobs_started; ++j)); do
  [ -e "$scratch/$j/done" ] || unfinished=$((unfinished + 1))
done
passed=$(cat "$scratch"/*/tally | grep -c '^same ' || true)
failed=$(cat "$scratch"/*/tally | grep -c '^DIFFERENT' || true)
cat "$scratch"/*/tally | grep '^DIFFERENT' >&2 || true
echo "aarch64 output files against this machine's: $passed identical, $failed different" \
  "($jobs_started jobs, $unfinished failed)"
[ "$failed" = 0 ] && [ "$unfinished" = 0 ]

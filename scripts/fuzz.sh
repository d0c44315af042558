#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang, AddressSanitizer and UBSan (build-fuzz/),
# and runs each for RUNS inputs from a corpus seeded with the shipped and bad models, with
# option strings, and with the shipped histories. Fails on any crash, sanitizer report, leak, timeout (5 s) or input
# needing more than 2 GB.
#
# usage: scripts/fuzz.sh [RUNS]     (default 200000 per target; a quarter for histories)
set -euo pipefail
runs=${1:-200000}
cd "$(dirname "$0")/.."
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBRINK_FUZZ=ON -DBRINK_TESTS=OFF -DBRINK_SANITIZE=address,undefined >/dev/null
cmake --build build-fuzz --target load_fuzzer option_fuzzer history_fuzzer

corpus=build-fuzz/corpus
mkdir -p "$corpus/load" "$corpus/option" "$corpus/history"
cp models/*.yaml tests/bad_models/*.yaml "$corpus/load/"
cp models/*.history.yaml examples/history/*.history.yaml "$corpus/history/"
printf '\000dprk_troops and not treaty_invoked' > "$corpus/option/given"
printf '\000not (a or (b and c))' > "$corpus/option/given_unknown"
printf '\001invoke_if_attacked=20%%:90%%:10%%' > "$corpus/option/vary_range"
printf '\001offensive_rate=0.1,0.2,30%%' > "$corpus/option/vary_list"
printf '\00230%%' > "$corpus/option/set_percent"
printf '\0021e-3' > "$corpus/option/set_number"

# The three targets side by side (each runs one thread), each logging to its own file.
fuzz_target() {  # fuzz_target NAME
  local target=$1 n=$runs
  # A history that loads runs both engines: a quarter as many inputs keep its time in line.
  [ "$target" = history ] && n=$((runs / 4))
  "build-fuzz/fuzz/${target}_fuzzer" -runs="$n" -rss_limit_mb=2048 -timeout=5 \
    -max_len=16384 -print_final_stats=1 "$corpus/$target" > "build-fuzz/${target}.log" 2>&1
}
pids=()
for target in load option history; do
  fuzz_target "$target" &
  pids+=($!)
done
status=0
for i in 0 1 2; do
  target=$(echo load option history | cut -d' ' -f$((i + 1)))
  rc=0
  wait "${pids[$i]}" || rc=$?
  echo "fuzz: ${target}_fuzzer (exit $rc)"
  grep -E "^#[0-9]+ +DONE|^Done|stat::number_of_executed_units|cov:|ERROR|SUMMARY" \
    "build-fuzz/${target}.log" | tail -4 || true
  [ "$rc" = 0 ] || status=1
done
exit $status

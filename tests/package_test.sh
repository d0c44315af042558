#!/usr/bin/env bash
# The installed package: `cmake --install` into a scratch prefix, then examples/cpp, a project
# of its own, configured with find_package(brink) against it, built and run; its summary CSV
# must be the CLI's byte for byte. Also: no engine internals among the installed headers, and
# the installed Python module imports.
#   package_test.sh BUILD_DIR SOURCE_DIR SCRATCH_DIR PYTHON
set -euo pipefail
build=$1 source=$2 scratch=$3 python=${4:-python3}
rm -rf "$scratch"
mkdir -p "$scratch"
cmake --install "$build" --prefix "$scratch/prefix" > "$scratch/install.log"
cmake -S "$source/examples/cpp" -B "$scratch/example" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$scratch/prefix" > "$scratch/configure.log"
cmake --build "$scratch/example" > "$scratch/build.log"
model="$source/examples/one-way/russia_dprk_treaty.yaml"  # the fast engine: version 1
"$scratch/example/run_model" "$model" "$scratch/example-out" > "$scratch/summary.csv" \
  2> "$scratch/figures.txt"
"$build/brink" run "$model" --draws 1 --trials 100000 --threads 2 -q --out "$scratch/cli"
cmp "$scratch/summary.csv" "$scratch/cli/summary.csv"
for file in summary.csv timeline.csv draws.csv distribution.csv model.yaml; do
  cmp "$scratch/example-out/$file" "$scratch/cli/$file"
done
echo "examples/cpp (brink::Execute) built against the installed package: its files identical to the CLI's"
for internal in engine plan random tally exact exact_run bench synthetic condition_program-inl \
    record check json_output flags commands; do
  if [ -e "$scratch/prefix/include/brink/$internal.h" ]; then
    echo "FAIL: engine internal brink/$internal.h was installed" >&2
    exit 1
  fi
done
echo "installed headers: $(ls "$scratch/prefix/include/brink" | tr '\n' ' ')"
site=$(ls -d "$scratch"/prefix/lib/python3*/dist-packages 2>/dev/null || true)
if [ -n "$site" ] && [ -d "$site/brink" ]; then
  PYTHONPATH="$site" "$python" -c \
    'import brink; m = brink.load("'"$model"'"); print("installed Python module:", brink.__version__, m)'
fi

#!/usr/bin/env bash
# Installs, from Debian's packages, whatever brink needs to build and test that is missing.
# Called by `make run`, `make test` and `make bench`; does nothing when all is present.
# `--browser` instead installs Chromium and ChromeDriver, for the report's browser test;
# `--cross aarch64` instead installs the cross compiler, qemu-user and the arm64 (multiarch)
# development packages that `make cross-test` needs; `--fuzz`, clang and its libFuzzer.
# emscripten compiles the live report's engine to WebAssembly (CMake's BRINK_WASM).
set -euo pipefail

packages=(g++ cmake ninja-build make libeigen3-dev libboost-random-dev libboost-math-dev
          libcli11-dev catch2 libyaml-dev librandom123-dev libbenchmark-dev libhwy-dev
          nlohmann-json3-dev libssl-dev python3 libjs-vega graphviz libopenmpi-dev openmpi-bin
          pybind11-dev python3-dev python3-pandas python3-pytest python3-matplotlib libfmt-dev
          emscripten)
cross=""
if [ "${1:-}" = "--fuzz" ]; then
  packages=(clang libclang-rt-14-dev)
elif [ "${1:-}" = "--browser" ]; then
  packages=(chromium chromium-driver)
elif [ "${1:-}" = "--cross" ]; then
  [ "${2:-}" = "aarch64" ] || { echo "usage: $0 [--cross aarch64 | --fuzz | --browser]" >&2; exit 2; }
  cross=arm64
  packages=(g++-aarch64-linux-gnu qemu-user libyaml-dev:arm64 libhwy-dev:arm64
            libboost-dev:arm64 libssl-dev:arm64)
fi

# A package counts as installed only for this machine's architecture (or as an `all` one):
# dpkg-query reports libhwy-dev installed when only libhwy-dev:arm64, from `--cross`, is.
native=$(dpkg --print-architecture)
installed() {  # installed PACKAGE[:ARCH]
  local name=${1%%:*} arch=$native
  [ "$name" != "$1" ] && arch=${1#*:}
  dpkg-query -W -f='${Status} ${Architecture}\n' "$name" 2>/dev/null |
    grep -qE "^install ok installed ($arch|all)\$"
}
missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "brink: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
if [ -n "$cross" ] && ! dpkg --print-foreign-architectures | grep -qx "$cross"; then
  $sudo dpkg --add-architecture "$cross"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
